import editorStyles from "~/styles/editor.css";

/**
 * The writing editor's code: one place that loads it, so the editor page and the pages that lead to it fetch the
 * same files (issue 12: on a cheap phone over a slow network, fetching this code is most of the wait between
 * tapping a document and typing).
 */
export const loadEditor = () => import("~/components/collaborative-editor.client");

/** The editor page's own stylesheet (its route's `links`), kept here so the pages that lead to it can fetch it ahead. */
export const editorStylesHref = editorStyles;

const EDITOR_ROUTE = "routes/documents.$id";

/**
 * Fetches ahead, into the browser's cache, the editor page's route module, the modules it imports and its stylesheet,
 * so a tap on a document waits only for the document itself. The route's files are named by Remix's manifest once the
 * page's links have been discovered (a request of Remix's own, soon after the page loads): until then this looks
 * again every half second, for a while. Nothing runs until the person opens the page.
 */
function preloadEditorPage(triesLeft = 20): void {
  const manifest = (
    window as Window & {
      __remixManifest?: { routes?: Record<string, { module: string; imports?: string[] } | undefined> };
    }
  ).__remixManifest;
  const route = manifest?.routes?.[EDITOR_ROUTE];
  addHint("prefetch", editorStylesHref, "style");
  if (!route) {
    if (triesLeft > 0) window.setTimeout(() => preloadEditorPage(triesLeft - 1), 500);
    return;
  }
  for (const href of [route.module, ...(route.imports ?? [])]) addHint("modulepreload", href);
}

function addHint(rel: string, href: string, as?: string) {
  if (document.head.querySelector(`link[rel="${rel}"][href="${CSS.escape(href)}"]`)) return;
  const link = document.createElement("link");
  link.rel = rel;
  link.href = href;
  if (as) link.as = as;
  document.head.append(link);
}

/**
 * Starts fetching the editor's code while the person is still reading the list, once the page is idle — unless they
 * asked their browser to save data. Returns a function that cancels it if it has not started.
 */
export function preloadEditorWhenIdle(): () => void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return () => undefined;
  return whenIdle(() => {
    preloadEditorPage();
    void loadEditor().catch(() => undefined); // a failed fetch is tried again on the editor page
  });
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
