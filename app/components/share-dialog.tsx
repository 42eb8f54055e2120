/**
 * "Share" on every document page, as people know it from Google Docs and Word: coordinators invite someone to this
 * document with a plain choice of what they will do and copy the link; everyone can copy the document's address and
 * see who can open it. The data and the two actions (make a link, cancel a link) belong to the route
 * /documents/:id/share, which is also a page of its own (before the page's scripts have loaded, "Share" is a link
 * to it). The server decides who may invite; this only hides what a person cannot do.
 */
import { Link, useFetcher } from "@remix-run/react";
import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import type { Role } from "~/domain/permissions";
import { PartBoundary } from "./part-boundary";
import { useHydrated } from "./use-hydrated";

// What the dialog shows is fetched when it is first opened (with the data it shows): the document pages start
// without it (issue 12's weight budget).
const loadSharePanel = () => import("./share-panel");
const SharePanel = lazy(() => loadSharePanel().then((module) => ({ default: module.SharePanel })));

export interface ShareData {
  document: { id: string; title: string };
  /** The document's own address (only members can open it). */
  address: string;
  workspaceName: string;
  people: Array<{ id: string; name: string; roles: Role[]; you: boolean }>;
  coordinators: string[];
  canInvite: boolean;
  invites: Array<{ id: string; role: Role; expiresAt: string }>;
}

export interface ShareActionResult {
  intent: string;
  message?: string;
  error?: string;
  fields?: { role?: string; inviteId?: string; memberId?: string; note?: string };
  invite?: { url: string; role: Role; expiresAt: string };
}

export const sharePath = (documentId: string) => `/documents/${documentId}/share`;

/** The header's Share button and its dialog. Before hydration it is a plain link to the share page. */
export function ShareButton({ documentId, title }: { documentId: string; title: string }) {
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The share route's loader data: `{share, header}`.
  const data = useFetcher<{ share: ShareData }>();
  const headingId = useId();

  const show = () => {
    setOpen(true);
    void loadSharePanel().catch(() => undefined); // fetched again as it is shown
    // Always fresh: who is in the workspace and which links are open may have changed since last time.
    data.load(sharePath(documentId));
    dialogRef.current?.showModal();
    headingRef.current?.focus();
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    // Escape, the Close button and the form all end here: focus goes back to where the person was.
    const onClose = () => {
      setOpen(false);
      triggerRef.current?.focus();
    };
    dialog.addEventListener("close", onClose);
    return () => dialog.removeEventListener("close", onClose);
  }, [hydrated]);

  if (!hydrated) {
    return (
      <Link to={sharePath(documentId)} className="button button--secondary share-button">
        Share
      </Link>
    );
  }
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className="button button--secondary share-button"
        aria-haspopup="dialog"
        onClick={show}
      >
        Share
      </button>
      <dialog ref={dialogRef} className="share-dialog" aria-labelledby={headingId}>
        <div className="share-dialog__top">
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            Share “{title}”
          </h2>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => dialogRef.current?.close()}
          >
            Close
          </button>
        </div>
        {open ? (
          data.data?.share ? (
            <PartBoundary what="the sharing choices">
              <Suspense fallback={<p role="status">Finding who can open this document…</p>}>
                <SharePanel data={data.data.share} headingLevel={3} />
              </Suspense>
            </PartBoundary>
          ) : (
            <p role="status">Finding who can open this document…</p>
          )
        ) : null}
      </dialog>
    </>
  );
}
