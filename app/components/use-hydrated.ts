import { useEffect, useState } from "react";

// Once the page has hydrated, later pages are drawn by the browser alone: they need not wait a render to know it.
let hydrating = true;

/**
 * False while the server's HTML is being hydrated, true after (and at once on pages reached by a link in the app):
 * for parts that only work in the browser, without drawing the page twice on every visit.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(() => !hydrating);
  useEffect(() => {
    hydrating = false;
    setHydrated(true);
  }, []);
  return hydrated;
}
