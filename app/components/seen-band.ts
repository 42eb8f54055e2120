/**
 * What of the page can be seen around an element, top to bottom (viewport pixels): the window, less every box around
 * the element that scrolls it (a panel beside the text, the design page's preview column). For "is it in sight?"
 * questions the browser's own `scrollIntoView` answers only by moving things.
 */
export function seenBand(element: HTMLElement): { top: number; bottom: number } {
  let top = 0;
  let bottom = window.innerHeight;
  for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
    if (getComputedStyle(box).overflowY === "visible") continue;
    const around = box.getBoundingClientRect();
    top = Math.max(top, around.top);
    bottom = Math.min(bottom, around.bottom);
  }
  return { top, bottom };
}
