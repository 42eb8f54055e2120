/**
 * The writing editor's code: one place that loads it, so the editor page and the pages that lead to it fetch the
 * same files (issue 12: on a cheap phone over a slow network, fetching this code is most of the wait between
 * tapping a document and typing).
 */
export const loadEditor = () => import("~/components/collaborative-editor.client");

/**
 * Starts fetching the editor's code while the person is still reading the list, once the page is idle — unless they
 * asked their browser to save data. Returns a function that cancels it if it has not started.
 */
export function preloadEditorWhenIdle(): () => void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return () => undefined;
  return whenIdle(() => void loadEditor().catch(() => undefined)); // a failed fetch is tried again on the editor page
}

/** Runs `work` once the page is idle (at the latest after `timeoutMs`); returns a function that cancels it. */
export function whenIdle(work: () => void, timeoutMs = 4000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(work, { timeout: timeoutMs });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = window.setTimeout(work, Math.min(1500, timeoutMs));
  return () => window.clearTimeout(timer);
}
