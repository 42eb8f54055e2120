import { Link, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useEffect, useRef, type ReactNode } from "react";
import { ShareButton } from "./share-dialog";

/** The views of one document, in the order people work through them. */
export const DOCUMENT_TABS = [
  { id: "write", suffix: "", label: "Write" },
  { id: "design", suffix: "/design", label: "Design" },
  { id: "checks", suffix: "/checks", label: "Checks" },
  { id: "versions", suffix: "/versions", label: "Versions" },
  { id: "pdf", suffix: "/export", label: "PDF" },
  { id: "signoff", suffix: "/review", label: "Sign-off" },
] as const;
export type DocumentTab = (typeof DOCUMENT_TABS)[number]["id"];

/**
 * Links between the views of one document. The current view is marked with `aria-current="page"`; a page inside
 * a view (one saved version) marks its view with `aria-current="true"`, so people always see where they are.
 */
export function DocumentNav({
  documentId,
  current,
  inside = false,
}: {
  documentId: string;
  current: DocumentTab | null;
  inside?: boolean;
}) {
  // On a phone the tabs wrap onto a second row, so all are in sight; should a row ever be too narrow and scroll,
  // bring the current one into sight (only sideways, so the page itself never jumps).
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const row = nav.current;
    const here = row?.querySelector<HTMLElement>("[aria-current]");
    if (!row || !here || row.scrollWidth <= row.clientWidth) return;
    const right = here.offsetLeft + here.offsetWidth - row.offsetLeft;
    if (right > row.scrollLeft + row.clientWidth) row.scrollLeft = right - row.clientWidth + 16;
  }, [current]);
  // Someone who may not change the words (a viewer, an approver, a designer) reads them there.
  const canWrite = useRouteLoaderData<typeof rootLoader>("root")?.viewer?.canWrite ?? true;
  return (
    <nav aria-label="This document" className="document-header__tabs" ref={nav}>
      <ul>
        {DOCUMENT_TABS.map((tab) => (
          <li key={tab.id}>
            <Link
              to={`/documents/${documentId}${tab.suffix}`}
              aria-current={tab.id === current ? (inside ? "true" : "page") : undefined}
            >
              {tab.id === "write" && !canWrite ? "Read" : tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The same header on every page of a document (write, design, checks, versions, a version, PDF, sign-off): the way
 * back to the list, the title, the layout it uses, Share, and the views with the current one marked.
 */
export function DocumentHeader({
  document,
  current,
  inside = false,
  showShare = true,
  actions,
}: {
  document: { id: string; title: string; templateName: string };
  current: DocumentTab | null;
  /** True on a page inside the current view (a saved version), which is not the view's own page. */
  inside?: boolean;
  showShare?: boolean;
  /** More actions beside Share (the editor page's Rename). */
  actions?: ReactNode;
}) {
  return (
    <div className="document-header">
      <p className="document-header__back">
        <Link to="/documents">← All documents</Link>
      </p>
      <div className="document-header__top">
        <div className="document-header__title">
          <h1>{document.title}</h1>
          <p className="document-header__template">Layout: {document.templateName}</p>
        </div>
        {showShare ? <ShareButton documentId={document.id} title={document.title} /> : null}
        {actions}
      </div>
      <DocumentNav documentId={document.id} current={current} inside={inside} />
    </div>
  );
}
