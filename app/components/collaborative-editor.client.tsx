/**
 * The co-editing surface: TipTap bound to the document's `content` fragment over the y-websocket protocol, with
 * named, coloured cursors. Browser only (loaded lazily after hydration).
 */
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { documentExtensions } from "~/editor/schema";
import { sectionWithView } from "~/editor/section-view";

export interface EditorPerson {
  id: string;
  name: string;
  colour: string;
}

type ConnectionState = "connecting" | "online" | "offline" | "refused";

const REFUSALS: Record<number, string> = {
  4401: "Your session has ended. Please sign in again to keep editing.",
  4403: "You no longer have access to this document.",
  4404: "This document no longer exists.",
};

function syncUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/sync`;
}

export default function CollaborativeEditor({ documentId, person, canEdit }: { documentId: string; person: EditorPerson; canEdit: boolean }) {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), documentId, doc, { maxBackoffTime: 5000 });
    setSession({ doc, provider });
    return () => {
      provider.destroy();
      doc.destroy();
    };
  }, [documentId]);

  if (!session) return <p>Opening the document…</p>;
  return <EditorSurface key={documentId} doc={session.doc} provider={session.provider} person={person} canEdit={canEdit} />;
}

function EditorSurface({ doc, provider, person, canEdit }: { doc: Y.Doc; provider: WebsocketProvider; person: EditorPerson; canEdit: boolean }) {
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [synced, setSynced] = useState(provider.synced);
  const [people, setPeople] = useState<EditorPerson[]>([]);

  useEffect(() => {
    const onStatus = ({ status }: { status: string }) =>
      setConnection((current) => (current === "refused" ? current : status === "connected" ? "online" : status === "connecting" ? "connecting" : "offline"));
    const onSync = (isSynced: boolean) => setSynced(isSynced);
    const onClose = (event: CloseEvent | null) => {
      const message = event ? REFUSALS[event.code] : undefined;
      if (message) {
        if (provider.shouldConnect) provider.disconnect(); // retrying would be refused again
        setRefusal(message);
        setConnection("refused");
      }
    };
    const onAwareness = () => {
      const seen = new Map<string, EditorPerson>();
      for (const state of provider.awareness.getStates().values()) {
        const user = (state as { user?: { id?: string; name?: string; color?: string } }).user;
        if (user?.id && user.name && !seen.has(user.id)) seen.set(user.id, { id: user.id, name: user.name, colour: user.color ?? "#ffd166" });
      }
      setPeople([...seen.values()]);
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    provider.awareness.on("change", onAwareness);
    onAwareness();
    return () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      provider.awareness.off("change", onAwareness);
    };
  }, [provider]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: canEdit,
      extensions: [
        ...documentExtensions({ section: sectionWithView({ ownerName: () => null }) }),
        Collaboration.configure({ document: doc, field: "content" }),
        CollaborationCaret.configure({
          provider,
          user: { id: person.id, name: person.name, color: person.colour },
        }),
      ],
      editorProps: {
        attributes: {
          "aria-label": canEdit ? "Document text" : "Document text (read only)",
          "aria-multiline": "true",
          role: "textbox",
          ...(canEdit ? {} : { "aria-readonly": "true" }),
        },
      },
    },
    [doc, provider],
  );

  const saveState =
    connection === "refused"
      ? "Not connected"
      : connection === "online"
        ? synced
          ? "All changes saved"
          : "Saving…"
        : connection === "connecting"
          ? "Connecting…"
          : "Offline — reconnecting…";

  return (
    <div>
      <div className="status-bar">
        <p className={`save-state save-state--${connection === "online" ? "online" : "offline"}`} role="status" aria-live="polite" style={{ margin: 0 }}>
          {saveState}
        </p>
        <div>
          <span className="visually-hidden">People here now: </span>
          <ul className="presence" aria-label="People here now">
            {people.map((p) => (
              <li key={p.id}>
                <span className="dot" style={{ background: p.colour }} aria-hidden="true" />
                {p.name}
                {p.id === person.id ? " (you)" : ""}
              </li>
            ))}
          </ul>
        </div>
        {!canEdit ? <p style={{ margin: 0 }}>You can read this document. Your role doesn't let you change it.</p> : null}
      </div>
      {refusal ? (
        <div className="notice" role="alert">
          {refusal}
        </div>
      ) : null}
      <div className="editor-surface">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
