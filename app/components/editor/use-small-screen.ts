import { useEffect, useState } from "react";

/**
 * The width below which the side panels would land under the whole text (960 CSS pixels), so they open in a bottom
 * sheet instead: phones, tablets held upright, and a 1280-pixel window zoomed to 150 % or more. The toolbar's own
 * phone layout starts at 700 pixels and is CSS only. Keep in step with app/styles/editor.css.
 */
export const SMALL_SCREEN_QUERY = "(max-width: 60rem)";

/** True on a phone or a zoomed-in window; follows the window as it is resized or zoomed. */
export function useSmallScreen(): boolean {
  const [small, setSmall] = useState(
    () => typeof window !== "undefined" && window.matchMedia(SMALL_SCREEN_QUERY).matches,
  );
  useEffect(() => {
    const query = window.matchMedia(SMALL_SCREEN_QUERY);
    const onChange = () => setSmall(query.matches);
    query.addEventListener("change", onChange);
    onChange();
    return () => query.removeEventListener("change", onChange);
  }, []);
  return small;
}
