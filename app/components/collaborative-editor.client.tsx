/**
 * The co-writing workspace: TipTap bound to the document's `content` fragment over the y-websocket protocol, with
 * named cursors, presence, sections, comments, per-person undo and offline storage (IndexedDB). Browser only:
 * loaded lazily after hydration.
 */
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { WordListEntry } from "~/domain/checks/lived-experience-words";
import { readDesign, type Design } from "~/domain/design";
import { readOwnershipMode, type OwnershipMode, type SectionEditor } from "~/domain/sections";
import type { Template } from "~/domain/template";
import { applyFix } from "~/editor/apply-fix";
import { CheckHighlights, focusFinding, useLiveChecks } from "~/editor/check-highlights";
import { CommentHighlights } from "~/editor/comments";
import { OwnedSections, sectionsTouched } from "~/editor/owned-sections";
import { cleanPastedHtml } from "~/editor/paste";
import { documentExtensions } from "~/editor/schema";
import { sectionIdAt } from "~/editor/comments";
import { sectionWithView } from "~/editor/section-view";
import { offlineCopyName } from "~/offline-copies.client";
import { ChecksPanel } from "./checks-panel";
import { CommentsPanel } from "./editor/comments-panel";
import { SectionsPanel, type PersonOption } from "./editor/sections-panel";
import { Toolbar } from "./editor/toolbar";

export interface EditorPerson {
  id: string;
  name: string;
  colour: string;
}

export interface CollaborativeEditorProps {
  documentId: string;
  person: EditorPerson;
  canEdit: boolean;
  canComment: boolean;
  isCoordinator: boolean;
  members: PersonOption[];
  writers: PersonOption[];
  headingLevels: number[];
  allowedBlocks: string[];
  templates: Template[];
  wordList: WordListEntry[];
}

type ConnectionState = "connecting" | "online" | "offline" | "refused";

const SIDE_PANELS = ["sections", "checks", "comments"] as const;
type SidePanel = (typeof SIDE_PANELS)[number];
const SIDE_PANEL_LABELS: Record<SidePanel, string> = { sections: "Sections", checks: "Checks", comments: "Comments" };

const REFUSALS: Record<number, string> = {
  4401: "Your session has ended. Please sign in again to keep editing.",
  4403: "You no longer have access to this document.",
  4404: "This document no longer exists.",
  4409: "One of your changes couldn't be saved because your role doesn't allow it. Please reload the page to carry on.",
};

function syncUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/sync`;
}

export default function CollaborativeEditor(props: CollaborativeEditorProps) {
  const { documentId, person } = props;
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider; local: IndexeddbPersistence } | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    // Offline first: edits are kept in this browser (per person and document) and merged when back online.
    const local = new IndexeddbPersistence(offlineCopyName(documentId, person.id), doc);
    const provider = new WebsocketProvider(syncUrl(), documentId, doc, { maxBackoffTime: 5000 });
    setSession({ doc, provider, local });
    return () => {
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [documentId, person.id]);

  if (!session) return <p>Opening the document…</p>;
  return <EditorWorkspace key={documentId} {...props} {...session} />;
}

function EditorWorkspace({
  documentId,
  doc,
  provider,
  local,
  person,
  canEdit,
  canComment,
  isCoordinator,
  members,
  writers,
  headingLevels,
  allowedBlocks,
  templates,
  wordList,
}: CollaborativeEditorProps & { doc: Y.Doc; provider: WebsocketProvider; local: IndexeddbPersistence }) {
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [synced, setSynced] = useState(provider.synced);
  const [savedLocally, setSavedLocally] = useState(false);
  const [people, setPeople] = useState<Array<EditorPerson & { sectionTitle: string | null }>>([]);
  const [mode, setMode] = useState<OwnershipMode>(() => readOwnershipMode(doc.getMap("settings").get("ownershipMode")));
  const [composing, setComposing] = useState(false);
  const [activeThread, setActiveThread] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [sidePanel, setSidePanel] = useState<SidePanel>("sections");
  const [design, setDesign] = useState<Design>(() => readDesign(doc.getMap("design").toJSON()));
  const [readingAge, setReadingAge] = useState<string>(() => String(doc.getMap("meta").get("readingAge") ?? "9–11"));

  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const nameOf = useCallback((id: string | null) => (id ? names.get(id) ?? null : null), [names]);
  const sectionPerson: SectionEditor = useMemo(() => ({ userId: person.id, canEditContent: canEdit, isCoordinator }), [person.id, canEdit, isCoordinator]);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const activeRef = useRef(activeThread);
  activeRef.current = activeThread;

  const announce = useCallback((message: string) => {
    // Re-setting the same text would not be announced again.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);

  useEffect(() => {
    const onStatus = ({ status }: { status: string }) =>
      setConnection((current) => (current === "refused" ? current : status === "connected" ? "online" : status === "connecting" ? "connecting" : "offline"));
    const onSync = (isSynced: boolean) => setSynced(isSynced);
    const onClose = (event: CloseEvent | null) => {
      const message = event ? REFUSALS[event.code] : undefined;
      if (!message) return;
      if (provider.shouldConnect) provider.disconnect(); // retrying would be refused again
      if (event?.code === 4409) void local.clearData(); // this copy diverged from what the server accepted
      setRefusal(message);
      setConnection("refused");
    };
    const onOffline = () => setConnection((current) => (current === "refused" ? current : "offline"));
    const settings = doc.getMap("settings");
    const onSettings = () => setMode(readOwnershipMode(settings.get("ownershipMode")));
    const designMap = doc.getMap("design");
    const meta = doc.getMap("meta");
    const onDesign = () => setDesign(readDesign(designMap.toJSON()));
    const onMeta = () => setReadingAge(String(meta.get("readingAge") ?? "9–11"));
    designMap.observe(onDesign);
    meta.observe(onMeta);
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    local.on("synced", () => setSavedLocally(true));
    window.addEventListener("offline", onOffline);
    settings.observe(onSettings);
    // Events may have fired between the first render and now: read the current state once.
    setSynced(provider.synced);
    if (provider.wsconnected) onStatus({ status: "connected" });
    if (local.synced) setSavedLocally(true);
    onSettings();
    onDesign();
    onMeta();
    return () => {
      designMap.unobserve(onDesign);
      meta.unobserve(onMeta);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      window.removeEventListener("offline", onOffline);
      settings.unobserve(onSettings);
    };
  }, [provider, local, doc]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false, // until the document has arrived; see below
      extensions: [
        ...documentExtensions({ section: sectionWithView({ ownerName: (id) => names.get(id) ?? null }) }),
        Collaboration.configure({ document: doc, field: "content" }),
        CollaborationCaret.configure({ provider, user: { id: person.id, name: person.name, color: person.colour } }),
        CommentHighlights.configure({ activeThreadId: () => activeRef.current }),
        CheckHighlights,
        OwnedSections.configure({
          person: () => sectionPerson,
          mode: () => modeRef.current,
          onRefused: (title) => setNotice(`“${title}” belongs to someone else, so you can't change it. You can still comment on it.`),
        }),
      ],
      editorProps: {
        attributes: {
          id: "document-text",
          "aria-label": canEdit ? "Document text" : "Document text (read only)",
          "aria-multiline": "true",
          role: "textbox",
          ...(canEdit ? {} : { "aria-readonly": "true" }),
        },
        transformPastedHTML: (html) => cleanPastedHtml(html),
        handleKeyDown: (_view, event) => {
          if (event.altKey && event.key === "F10") {
            event.preventDefault();
            document.querySelector<HTMLElement>('#editor-toolbar [tabindex="0"]')?.focus();
            return true;
          }
          return false;
        },
      },
    },
    [doc, provider],
  );

  // Presence: who is here and which section each person is in.
  useEffect(() => {
    if (!editor) return;
    const awareness = provider.awareness;
    const sectionTitleOf = (sectionId: string | null) => {
      if (!sectionId) return null;
      let title: string | null = null;
      editor.state.doc.forEach((node) => {
        if (node.attrs.id === sectionId) title = String(node.attrs.title);
      });
      return title;
    };
    const onAwareness = ({ added, removed }: { added: number[]; removed: number[] }) => {
      const seen = new Map<string, EditorPerson & { sectionTitle: string | null }>();
      for (const state of awareness.getStates().values()) {
        const user = (state as { user?: { id?: string; name?: string; color?: string } }).user;
        if (user?.id && user.name && !seen.has(user.id)) {
          seen.set(user.id, { id: user.id, name: user.name, colour: user.color ?? "#ffd166", sectionTitle: sectionTitleOf((state as { sectionId?: string }).sectionId ?? null) });
        }
      }
      setPeople([...seen.values()]);
      if (added.length + removed.length > 0) {
        const others = [...seen.values()].filter((p) => p.id !== person.id).map((p) => p.name);
        if (added.length || removed.length) announce(others.length ? `Here now: ${others.join(", ")}.` : "You're the only one here now.");
      }
    };
    const onSelection = () => {
      const sectionId = sectionIdAt(editor.state, editor.state.selection.from);
      if (awareness.getLocalState()?.sectionId !== sectionId) awareness.setLocalStateField("sectionId", sectionId);
    };
    awareness.on("change", onAwareness);
    editor.on("selectionUpdate", onSelection);
    onAwareness({ added: [], removed: [] });
    return () => {
      awareness.off("change", onAwareness);
      editor.off("selectionUpdate", onSelection);
    };
  }, [editor, provider, person.id, announce]);

  // Polite, throttled news of others' edits, for people using screen readers.
  useEffect(() => {
    if (!editor) return;
    let last = 0;
    const onTransaction = ({ transaction }: { transaction: Editor["state"]["tr"] }) => {
      if (!transaction.docChanged || !transaction.getMeta(ySyncPluginKey)) return;
      if (Date.now() - last < 20_000) return;
      const titles = sectionsTouched(transaction.before, transaction).map((s) => String(s.attrs.title));
      if (titles.length === 0 || titles.length > 3) return;
      last = Date.now();
      announce(`Someone else is editing ${titles.map((t) => `“${t}”`).join(", ")}.`);
    };
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
    };
  }, [editor, announce]);

  // Nobody types into the empty placeholder before the document has arrived (from the server or this device):
  // those keystrokes would make a stray section next to the real ones.
  const ready = synced || savedLocally;
  useEffect(() => {
    editor?.setEditable(canEdit && ready);
  }, [editor, canEdit, ready]);

  // Checks as people type: the pure rules run in this browser, only for sections that changed.
  const template = templates.find((t) => t.id === design.templateId) ?? templates[0]!;
  const live = useLiveChecks(editor, { template, design, readingAge, wordList });

  const saveState =
    connection === "refused"
      ? "Not connected"
      : connection === "online"
        ? synced
          ? "All changes saved"
          : "Saving…"
        : connection === "connecting"
          ? savedLocally
            ? "Connecting… Your changes are saved on this device."
            : "Connecting…"
          : "Offline — your changes are saved on this device and will be sent when you're back online.";

  const changeMode = isCoordinator
    ? (next: OwnershipMode) => {
        doc.getMap("settings").set("ownershipMode", next);
        announce(next === "owned" ? "Now only each section's owner can change it." : "Now everyone who writes can change any section.");
      }
    : null;

  return (
    <div className="editor-workspace">
      <div className="status-bar">
        <p className={`save-state save-state--${connection === "online" ? "online" : "offline"}`} role="status" style={{ margin: 0 }}>
          {saveState}
        </p>
        <ul className="presence" aria-label="People here now">
          {people.map((p) => (
            <li key={p.id}>
              <span className="dot" style={{ background: p.colour }} aria-hidden="true" />
              {p.name}
              {p.id === person.id ? " (you)" : ""}
              {p.sectionTitle ? <span className="presence__where"> · in “{p.sectionTitle}”</span> : null}
            </li>
          ))}
        </ul>
      </div>
      {!canEdit ? <p className="notice">You can read this document{canComment ? " and comment on it" : ""}. Your role doesn't let you change the text.</p> : null}
      {refusal ? (
        <div className="notice notice--error" role="alert">
          {refusal}
        </div>
      ) : null}
      {notice ? (
        <div className="notice" role="alert">
          {notice}{" "}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            OK
          </button>
        </div>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="editor-layout">
        <div className="editor-main">
          {editor ? (
            <Toolbar
              editor={editor}
              canEdit={canEdit}
              canComment={canComment}
              headingLevels={headingLevels}
              allowedBlocks={allowedBlocks}
              onComment={() => {
                setSidePanel("comments");
                setComposing(true);
              }}
            />
          ) : null}
          <div className="editor-surface">
            <EditorContent editor={editor} />
          </div>
        </div>
        {editor ? (
          <aside className="editor-side" aria-label="Sections, checks and comments">
            <div className="tabs" role="tablist" aria-label="Side panel">
              {SIDE_PANELS.map((panel) => (
                <button
                  key={panel}
                  type="button"
                  role="tab"
                  id={`tab-${panel}`}
                  aria-selected={sidePanel === panel}
                  aria-controls={`panel-${panel}`}
                  tabIndex={sidePanel === panel ? 0 : -1}
                  className="tab"
                  onClick={() => setSidePanel(panel)}
                  onKeyDown={(event) => {
                    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
                      const index = SIDE_PANELS.indexOf(panel) + (event.key === "ArrowRight" ? 1 : -1);
                      const next = SIDE_PANELS[(index + SIDE_PANELS.length) % SIDE_PANELS.length]!;
                      setSidePanel(next);
                      document.getElementById(`tab-${next}`)?.focus();
                    }
                  }}
                >
                  {SIDE_PANEL_LABELS[panel]}
                  {panel === "checks" && live.report ? <span className="tab__count"> ({live.report.findings.length})</span> : null}
                </button>
              ))}
            </div>
            <div role="tabpanel" id="panel-sections" aria-labelledby="tab-sections" hidden={sidePanel !== "sections"}>
              <SectionsPanel editor={editor} person={sectionPerson} mode={mode} writers={writers} nameOf={nameOf} onModeChange={changeMode} announce={announce} />
            </div>
            <div role="tabpanel" id="panel-checks" aria-labelledby="tab-checks" hidden={sidePanel !== "checks"}>
              <section className="side-panel" aria-labelledby="checks-heading">
                <h2 id="checks-heading">Checks</h2>
                <p className="hint">Checked as you write. The full check, with accessibility tests, is on the Checks page.</p>
                <ChecksPanel
                  findings={live.report?.findings ?? []}
                  sections={live.report?.sections ?? []}
                  readingAge={readingAge}
                  status={live.checking ? "checking" : "ready"}
                  onSelect={(finding) => editor && focusFinding(editor, finding)}
                  onReplace={canEdit ? (finding, replacement) => applyFix(editor, finding, replacement) : undefined}
                />
              </section>
            </div>
            <div role="tabpanel" id="panel-comments" aria-labelledby="tab-comments" hidden={sidePanel !== "comments"}>
              <CommentsPanel
                editor={editor}
                doc={doc}
                documentId={documentId}
                me={{ id: person.id, name: person.name }}
                canComment={canComment}
                canModerate={isCoordinator}
                composing={composing}
                onComposeDone={() => setComposing(false)}
                activeThreadId={activeThread}
                onActivate={setActiveThread}
                announce={announce}
              />
            </div>
          </aside>
        ) : null}
      </div>
    </div>
  );
}
