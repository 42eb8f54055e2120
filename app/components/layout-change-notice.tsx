/**
 * Tells everyone with the document open when someone switches its layout (template): "Dana switched the layout to
 * A4 tri-fold leaflet." It watches the shared `design` map of a Y.Doc the page already has, so any page with a live
 * document can show it (the design page does; the editor can mount it the same way). Who switched comes from the
 * server's record of design changes, which names the person whose connection sent the change, never from the
 * browser that made it.
 */
import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { templateIdOf } from "~/domain/design-template";

export interface LayoutChangeNoticeProps {
  doc: Y.Doc;
  documentId: string;
  templates: ReadonlyArray<{ id: string; name: string }>;
  /** The signed-in person, so a switch they made in another window says "You". */
  personId?: string;
  /** Called after any switch, this person's own included (e.g. to load the page's header again). */
  onSwitched?: () => void;
}

interface DesignChangeList {
  changes: Array<{ key: string; to: unknown; by: { userId: string; name: string } | null }>;
}

/** How far back to look for the change that made the switch (generous, for clocks that are a little out). */
const LOOK_BACK_MS = 15 * 60_000;

/** Who made the latest switch to `templateId`, from the server's record; null when it cannot be told. */
async function whoSwitched(
  documentId: string,
  templateId: string,
  signal: AbortSignal,
): Promise<{ userId: string; name: string } | null> {
  const since = new Date(Date.now() - LOOK_BACK_MS).toISOString();
  const response = await fetch(`/api/documents/${documentId}/design-changes?since=${encodeURIComponent(since)}`, {
    signal,
  });
  if (!response.ok) return null;
  const { changes } = (await response.json()) as DesignChangeList;
  const switched = changes.filter((change) => change.key === "templateId" && change.to === templateId).at(-1);
  return switched?.by ?? null;
}

export function LayoutChangeNotice({ doc, documentId, templates, personId, onSwitched }: LayoutChangeNoticeProps) {
  const [message, setMessage] = useState("");
  // The latest props, read when a change arrives (the observer is attached once per document).
  const latest = useRef({ templates, personId, onSwitched });
  latest.current = { templates, personId, onSwitched };

  useEffect(() => {
    const design = doc.getMap("design");
    const effectiveTemplate = () =>
      design.has("templateId") || design.has("largePrint") ? templateIdOf(design.toJSON()) : null;
    let last = effectiveTemplate();
    const controller = new AbortController();
    let asked = 0;

    const onChange = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      const before = last;
      const now = effectiveTemplate();
      last = now;
      // The first time the document arrives is not a switch, and neither is any other design change.
      if (before === null || now === null || now === before) return;
      latest.current.onSwitched?.();
      // Whoever switched here has been told where they did it.
      if (transaction.local) return;
      const name = latest.current.templates.find((template) => template.id === now)?.name ?? "another layout";
      const ticket = ++asked;
      const announce = (who: { userId: string; name: string } | null) => {
        if (ticket !== asked) return; // a later switch has taken over
        const what = !who
          ? `The layout was switched to ${name}.`
          : who.userId === latest.current.personId
            ? `You switched the layout to ${name} in another window.`
            : `${who.name} switched the layout to ${name}.`;
        setMessage(`${what} The words are the same; only the layout changed.`);
      };
      whoSwitched(documentId, now, controller.signal).then(announce, (error: unknown) => {
        if (!controller.signal.aborted) announce(null);
        void error;
      });
    };
    design.observe(onChange);
    return () => {
      controller.abort();
      design.unobserve(onChange);
    };
  }, [doc, documentId]);

  return (
    <div className={`layout-change-notice${message ? " layout-change-notice--shown" : ""}`}>
      {/* Always in the page, so screen readers are listening before anything is said. */}
      <p role="status" className="layout-change-notice__text">
        {message}
      </p>
      {message ? (
        <button type="button" className="button button--secondary button--small" onClick={() => setMessage("")}>
          OK<span className="visually-hidden">, close this notice</span>
        </button>
      ) : null}
    </div>
  );
}
