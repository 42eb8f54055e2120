/**
 * The co-writing workspace: TipTap bound to the document's `content` fragment over the y-websocket protocol, with
 * named cursors, presence, sections, comments, checks, per-person undo and offline storage (IndexedDB). Browser
 * only: loaded lazily after hydration.
 *
 * On a phone (or a zoomed-in window) the words come first: a one-row toolbar that scrolls away with the page, and
 * the side panels in a sheet opened from a bar at the bottom or by tapping underlined words. People who can't
 * change the words get no toolbar, only what they can do and whom to ask.
 */
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { lazy, startTransition, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { fromBase64 } from "lib0/buffer";
import { IndexeddbPersistence } from "y-indexeddb";
import type { WebsocketProvider } from "y-websocket";
import { readerStateWords, saveStateWords } from "~/domain/close-codes";
import { useRoom, useRoomConnection } from "./use-room-connection";
import * as Y from "yjs";
import type { WordListEntry } from "~/domain/checks/lived-experience-words";
import { templateIdOf } from "~/domain/design-template";
import { readFlowEditor, readOwnershipMode, type OwnershipMode, type SectionEditor } from "~/domain/sections";
import type { Template } from "~/domain/template";
import { CollaborationDrawnOnce } from "~/editor/collaboration";
import { EasyReadRowView } from "~/editor/easy-read";
import { PictureView } from "~/editor/picture-view";
import { focusText } from "~/editor/focus-text";
import {
  CheckHighlights,
  focusFinding,
  markCurrentFinding,
  UnderlineTaps,
  useLiveChecks,
  type UnderlineTap,
} from "~/editor/check-highlights";
import { CommentHighlights, refreshCommentHighlights, sectionIdAt } from "~/editor/comments";
import { FamiliarShortcuts, isCommentShortcut, refusedFormatMessage } from "~/editor/familiar-shortcuts";
import {
  OwnedSections,
  refreshOwnedSections,
  sectionsChangedBetween,
  type RefusedSection,
} from "~/editor/owned-sections";
import { cleanPastedHtml } from "~/editor/paste";
import { documentExtensions } from "~/editor/schema";
import { focusSection } from "~/editor/section-commands";
import { ownedSectionLabel, sectionWithView } from "~/editor/section-view";
import { showInText, Spotlight } from "~/editor/spotlight";
import {
  isSuggesting,
  loadSuggesting,
  selectSuggestion,
  Suggesting,
  suggestionsInDoc,
  type SuggestionInText,
} from "~/editor/suggesting";
import { asSentence as sentence, suggestionSummary, withoutOpenSuggestions } from "~/domain/suggestions";
import { offlineCopyName } from "~/offline-copies.client";
import { whenIdle } from "./editor-code";
import { LaterPart, PartBoundary } from "./part-boundary";
import { useCommentThreads } from "./editor/use-comment-threads";
import { toldSentence, type MentionMember } from "./editor/mentions";
import { arrivalsNews, editingNews, type PresentPerson } from "./editor/presence-news";
import type { PersonOption } from "./editor/sections-panel";
import { ariaKeys, isMac, shortcutLabel } from "./editor/shortcuts";
import { Icon } from "./editor/toolbar-icons";
import { SidePanels, USUAL_PANELS, type SidePanel } from "./editor/side-panels";
import { decideSuggestion, useSuggestions } from "./editor/use-suggestions";
import { Toolbar } from "./editor/toolbar";
import { languageOf, scriptFontFaceCss, scriptFontFor } from "~/domain/languages";
import { useSmallScreen } from "./editor/use-small-screen";

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
  /** Everyone in the workspace, with usernames for @mentions. */
  members: MentionMember[];
  writers: PersonOption[];
  /** The names of the workspace's coordinators: whom to ask for more rights. */
  coordinators: string[];
  headingLevels: number[];
  allowedBlocks: string[];
  templates: Template[];
  wordList: WordListEntry[];
  /** The document as the server had it when the page was made (a Yjs update, base64): typing can start at once. */
  openingState?: string;
  /** For a translation: the document it was translated from, shown beside the text (issue 16). */
  translatedFrom?: { id: string; title: string; language: string; languageName: string } | null;
}

// Not needed to start typing (issue 12's weight budget): fetched once the page is idle, or when someone first opens
// the comments, whichever comes first.
const loadCommentsPanel = () => import("./editor/comments-panel");
const CommentsPanel = lazy(() => loadCommentsPanel().then((module) => ({ default: module.CommentsPanel })));
// The Checks tab (findings and the reading-flow table): fetched once the page is idle, or when the tab is first shown.
const loadChecksPanel = () => import("./editor/live-checks-panel");
const LiveChecksPanel = lazy(() => loadChecksPanel().then((module) => ({ default: module.LiveChecksPanel })));
// The Sections and Suggestions tabs: fetched once the page is idle, or when the tab is first shown (on a phone they
// wait in the closed sheet; on a wide screen the Sections tab says it is getting them for that moment).
const loadSectionsPanel = () => import("./editor/sections-panel");
const SectionsPanel = lazy(() => loadSectionsPanel().then((module) => ({ default: module.SectionsPanel })));
const loadSuggestionsPanel = () => import("./editor/suggestions-panel");
const SuggestionsPanel = lazy(() => loadSuggestionsPanel().then((module) => ({ default: module.SuggestionsPanel })));
// What tells everyone that the layout was switched: it starts listening once the page is idle.
const LayoutChangeNotice = lazy(() =>
  import("./layout-change-notice").then((module) => ({ default: module.LayoutChangeNotice })),
);
// For people who may not change the words only: not in a writer's first load (issue 12's weight budget).
/**
 * Acts on an element of a panel as soon as it is drawn: a panel's part (its code, its first results) can arrive a few
 * frames after the click that opened it, on a slow phone most of all. Gives up after about ten seconds of frames.
 */
function whenDrawn(find: () => HTMLElement | null, act: (element: HTMLElement) => void, framesLeft = 600) {
  requestAnimationFrame(() => {
    const element = find();
    if (element) act(element);
    else if (framesLeft > 0) whenDrawn(find, act, framesLeft - 1);
  });
}

const ReaderBar = lazy(() => import("./editor/reader-bar").then((module) => ({ default: module.ReaderBar })));
// Only a translation has its original beside it: fetched when that tab is first shown.
const loadUnderlinePeek = () => import("./editor/underline-peek");
const UnderlinePeek = lazy(loadUnderlinePeek);
const SourcePanel = lazy(() => import("./editor/source-panel").then((module) => ({ default: module.SourcePanel })));

export default function CollaborativeEditor(props: CollaborativeEditorProps) {
  const { documentId, person, openingState } = props;
  // Made before the browser paints: the placeholder below is never drawn when the editor can be made at once.
  // The opening state is read once, when the document is opened: later page data is older than the live document.
  const session = useRoom(documentId, person.id, (doc) => {
    // What the page brought: the connection then sends only what changed since (and this device's copy merges in).
    if (openingState) Y.applyUpdate(doc, fromBase64(openingState), "opening");
    // Offline first: edits are kept in this browser (per person and document) and merged when back online.
    const local = new IndexeddbPersistence(offlineCopyName(documentId, person.id), doc);
    return { extra: { local }, close: () => void local.destroy() };
  });

  if (!session) return <p>Opening the document…</p>;
  return <EditorWorkspace key={documentId} {...props} {...session} />;
}

/** A co-writer's caret with their name (as TipTap draws it); the person's own caret from elsewhere says "You". */
function caretOf(user: { id?: string; name?: string; color?: string }, me: string): HTMLElement {
  const color = /^#[0-9a-fA-F]{6}$/.test(user.color ?? "") ? user.color! : "transparent";
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = color;
  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  label.textContent = user.id === me ? "You, in another window" : (user.name ?? "Someone");
  caret.append(label);
  return caret;
}

type Presence = PresentPerson & { colour: string; sectionId: string | null; sectionTitle: string | null };

/** With only a caret, "Comment instead" comments on the word there (or the whole paragraph when it has no word). */
function selectWordAtCaret(editor: Editor) {
  const { $from } = editor.state.selection;
  // One character per position: a line break (a leaf) counts as one, like a letter.
  const text = $from.parent.textBetween(0, $from.parent.content.size, undefined, "\ufffc");
  if (!$from.parent.isTextblock || !text.trim()) return;
  const offset = $from.parentOffset;
  let start = offset;
  let end = offset;
  while (start > 0 && /[\p{L}\p{N}'’-]/u.test(text[start - 1]!)) start--;
  while (end < text.length && /[\p{L}\p{N}'’-]/u.test(text[end]!)) end++;
  if (start === end) {
    start = 0;
    end = text.length;
  }
  const base = $from.start();
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, base + start, base + end)));
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
  coordinators,
  headingLevels,
  allowedBlocks,
  templates,
  wordList,
  openingState,
  translatedFrom,
}: CollaborativeEditorProps & { doc: Y.Doc; provider: WebsocketProvider; local: IndexeddbPersistence }) {
  // A change the server refused is in this device's copy too: it would be sent again on every visit.
  const { connection, refusal, synced, serverUnsaved } = useRoomConnection(provider, () => void local.clearData());
  const [savedLocally, setSavedLocally] = useState(false);
  const [people, setPeople] = useState<Presence[]>([]);
  const [mode, setMode] = useState<OwnershipMode>(() => readOwnershipMode(doc.getMap("settings").get("ownershipMode")));
  const [flowEditor, setFlowEditor] = useState<string | null>(() =>
    readFlowEditor(doc.getMap("settings").get("flowEditor")),
  );
  // The document's flow editor may suggest everywhere, whatever their role (issue 15).
  const maySuggest = canComment || flowEditor === person.id;
  const maySuggestRef = useRef(maySuggest);
  maySuggestRef.current = maySuggest;
  const [composing, setComposing] = useState(false);
  const [activeThread, setActiveThread] = useState<string | null>(null);
  const [currentFinding, setCurrentFinding] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [toast, setToast] = useState<string | null>(null);
  // A translation opens on its original: translators work with it beside the text.
  const [sidePanel, setSidePanel] = useState<SidePanel>(() => (translatedFrom ? "source" : "sections"));
  const panels = useMemo<readonly SidePanel[]>(
    () => (translatedFrom ? [...USUAL_PANELS, "source"] : USUAL_PANELS),
    [translatedFrom],
  );
  // The comments panel is drawn from the first time it is opened, and kept (with anything typed in it) after.
  const [commentsOpened, setCommentsOpened] = useState(false);
  if (sidePanel === "comments" && !commentsOpened) setCommentsOpened(true);
  // The Checks tab likewise, from when it is first shown or its code has come in idle time (kept after).
  const [checksOpened, setChecksOpened] = useState(false);
  if (sidePanel === "checks" && !checksOpened) setChecksOpened(true);
  // The Sections and Suggestions panels' code: fetched once the page is idle, or when someone opens a tab first.
  const [panelsWanted, setPanelsWanted] = useState(false);
  const [layoutNoticeWanted, setLayoutNoticeWanted] = useState(false);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  // The design map as stored: the checks read it fully (with defaults) once their code has loaded.
  const [design, setDesign] = useState<Record<string, unknown>>(() => doc.getMap("design").toJSON());
  const [readingAge, setReadingAge] = useState<string>(() => String(doc.getMap("meta").get("readingAge") ?? "9–11"));
  // The document's language sets the text's direction (right to left for Arabic, Urdu, Farsi, Hebrew) and font.
  const [language, setLanguage] = useState<string>(() => String(doc.getMap("meta").get("language") ?? "en-GB"));
  const small = useSmallScreen();
  const mac = useMemo(() => isMac(), []);

  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  /** An owner's name as their sections show it: "Will (taking a break until 20 Dec)". */
  const ownerLabels = useMemo(
    () =>
      new Map(
        members.map((m) => [
          m.id,
          m.awayUntil
            ? `${m.name} (taking a break until ${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(m.awayUntil))})`
            : m.name,
        ]),
      ),
    [members],
  );
  const nameOf = useCallback((id: string | null) => (id ? (names.get(id) ?? null) : null), [names]);
  const sectionPerson: SectionEditor = useMemo(
    () => ({ userId: person.id, canEditContent: canEdit, isCoordinator }),
    [person.id, canEdit, isCoordinator],
  );
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const activeRef = useRef(activeThread);
  activeRef.current = activeThread;
  // Who is here and where, as presence last said (set as it arrives: the list on the page follows later, when React
  // has time, and news of someone's edit must not name "someone else" meanwhile).
  const peopleRef = useRef(people);
  // Whether the person has been in the words (tapped, clicked or tabbed there): a caret of theirs, not the start.
  const caretPlaced = useRef(false);
  /** When each section's refusal was last said aloud (once a minute is enough). */
  const refusedSaid = useRef(new Map<string, number>());
  /** What had the focus when the sheet opened, and what to do instead of going back there ("Show in the text"). */
  const sheetReturn = useRef<{
    opener: HTMLElement | null;
    instead: (() => void) | null;
    focus: (() => HTMLElement | null) | null;
  }>({ opener: null, instead: null, focus: null });
  // The editor's own callbacks are made once; they reach the latest handlers through this.
  const handlers = useRef({
    onTap: (_tap: UnderlineTap) => {},
    onTapElsewhere: () => {},
    startComment: () => {},
    onRefused: (_section: RefusedSection) => {},
    commentInstead: () => {},
    suggestionRefused: (_message: string) => {},
    suggestionMoved: (_suggestion: SuggestionInText | null) => {},
    suggestionDecided: (_suggestion: SuggestionInText, _decision: "accept" | "reject") => {},
  });

  const announce = useCallback((message: string) => {
    // Re-setting the same text would not be announced again.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);

  /** A short message the person must not miss (shown at the bottom of the screen, and said politely). */
  const tell = useCallback(
    (message: string) => {
      setToast(message);
      announce(message);
    },
    [announce],
  );

  useEffect(() => {
    const settings = doc.getMap("settings");
    const onSettings = () => {
      setMode(readOwnershipMode(settings.get("ownershipMode")));
      setFlowEditor(readFlowEditor(settings.get("flowEditor")));
    };
    const designMap = doc.getMap("design");
    const meta = doc.getMap("meta");
    // The design and the reading age feed the checks, which run in the background: their news is drawn when the page
    // has a moment (a transition gives way to taps and keys). The same design is not a new one.
    const onDesign = () =>
      startTransition(() =>
        setDesign((current) => {
          const next = designMap.toJSON();
          return JSON.stringify(next) === JSON.stringify(current) ? current : next;
        }),
      );
    const onMeta = () =>
      startTransition(() => {
        setReadingAge(String(meta.get("readingAge") ?? "9–11"));
        setLanguage(String(meta.get("language") ?? "en-GB"));
      });
    designMap.observe(onDesign);
    meta.observe(onMeta);
    local.on("synced", () => startTransition(() => setSavedLocally(true)));
    settings.observe(onSettings);
    // Events may have fired between the first render and now: read the current state once.
    if (local.synced) setSavedLocally(true);
    onSettings();
    onDesign();
    onMeta();
    return () => {
      designMap.unobserve(onDesign);
      meta.unobserve(onMeta);
      settings.unobserve(onSettings);
    };
  }, [local, doc]);

  const editor = useEditor(
    {
      // Only ever drawn in the browser: the editor is made with the first render, not one render later.
      immediatelyRender: true,
      // Not before the document has arrived (see `ready` below); with the page's copy of it, at once.
      // People who may only comment may still suggest: what they type becomes a suggestion (app/editor/suggesting.ts).
      editable: (canEdit || maySuggest) && Boolean(openingState),
      extensions: [
        ...documentExtensions({
          section: sectionWithView({
            ownerName: (id) => ownerLabels.get(id) ?? null,
            onCommentInstead: canComment ? () => handlers.current.commentInstead() : undefined,
            commentShortcut: shortcutLabel("comment", mac),
            suggests: maySuggest,
            showsWork: canEdit || canComment || maySuggest,
          }),
        }),
        CollaborationDrawnOnce.configure({ document: doc, field: "content" }),
        CollaborationCaret.configure({
          provider,
          user: { id: person.id, name: person.name, color: person.colour },
          // The person's own caret from another window or device is labelled as theirs, not with their name.
          render: (user: { id?: string; name?: string; color?: string }) => caretOf(user, person.id),
        }),
        CommentHighlights.configure({ activeThreadId: () => activeRef.current }),
        CheckHighlights,
        EasyReadRowView,
        PictureView,
        Spotlight,
        UnderlineTaps.configure({
          onTap: (tap) => handlers.current.onTap(tap),
          onTapElsewhere: () => handlers.current.onTapElsewhere(),
        }),
        FamiliarShortcuts.configure({
          onLink: () => setLinkOpen(true),
          onRefusedFormat: (format) => tell(refusedFormatMessage(format, shortcutLabel("bold", mac))),
        }),
        OwnedSections.configure({
          person: () => sectionPerson,
          mode: () => modeRef.current,
          onRefused: (section) => handlers.current.onRefused(section),
        }),
        Suggesting.configure({
          person: () => sectionPerson,
          mode: () => modeRef.current,
          onRefused: (message) => handlers.current.suggestionRefused(message),
          nameOf: (id) => names.get(id) ?? null,
          onMove: (suggestion) => handlers.current.suggestionMoved(suggestion),
          onDecide: (suggestion, decision) => handlers.current.suggestionDecided(suggestion, decision),
        }),
      ],
      editorProps: {
        attributes: {
          id: "document-text",
          "aria-label": canEdit
            ? "Document text"
            : maySuggestRef.current
              ? "Document text (what you type is shown as a suggestion)"
              : "Document text (read only)",
          "aria-multiline": "true",
          role: "textbox",
          // Read only: not a tab stop, but "Show in the text" can still take the focus to the words.
          ...(canEdit || maySuggestRef.current ? {} : { "aria-readonly": "true", tabindex: "-1" }),
        },
        // Keep the caret clear of the pinned toolbar (wide screens) and the bottom bar (phones).
        scrollMargin: { top: 80, bottom: 80, left: 0, right: 0 },
        scrollThreshold: { top: 80, bottom: 80, left: 0, right: 0 },
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

  // The locks in owned mode depend on the mode, which is not part of the text: redraw them when it changes.
  useEffect(() => {
    if (editor && !editor.isDestroyed) refreshOwnedSections(editor.view);
  }, [editor, mode, sectionPerson]);

  // The current comment's words are drawn darker.
  useEffect(() => {
    if (editor && !editor.isDestroyed) refreshCommentHighlights(editor.view);
  }, [editor, activeThread]);

  // Presence: who is here and which section each person is in; arrivals and departures said politely.
  useEffect(() => {
    if (!editor) return;
    const awareness = provider.awareness;
    const sectionTitleOf = (sectionId: string | null) => {
      if (!sectionId) return null;
      let title: string | null = null;
      editor.state.doc.forEach((node) => {
        if (node.attrs.id === sectionId) title = String(node.attrs.title ?? "");
      });
      return title;
    };
    let known: Presence[] | null = null;
    const onAwareness = () => {
      const seen = new Map<string, Presence>();
      for (const state of awareness.getStates().values()) {
        const user = (state as { user?: { id?: string; name?: string; color?: string } }).user;
        if (user?.id && user.name && !seen.has(user.id)) {
          const sectionId = (state as { sectionId?: string }).sectionId ?? null;
          seen.set(user.id, {
            id: user.id,
            name: user.name,
            colour: user.color ?? "#ffd166",
            sectionId,
            sectionTitle: sectionTitleOf(sectionId),
          });
        }
      }
      const now = [...seen.values()];
      // The first look is not news: it is what the page already shows.
      const news = known ? arrivalsNews(known, now, person.id) : null;
      if (news) announce(news);
      // Carets move with every keystroke (theirs and ours): the page is drawn again only when the list changes.
      const same =
        known !== null &&
        known.length === now.length &&
        known.every((was, index) => JSON.stringify(was) === JSON.stringify(now[index]));
      known = now;
      peopleRef.current = now;
      if (!same) startTransition(() => setPeople(now));
    };
    const onSelection = () => {
      const sectionId = sectionIdAt(editor.state, editor.state.selection.from);
      if (awareness.getLocalState()?.sectionId !== sectionId) awareness.setLocalStateField("sectionId", sectionId);
    };
    awareness.on("change", onAwareness);
    editor.on("selectionUpdate", onSelection);
    onAwareness();
    return () => {
      awareness.off("change", onAwareness);
      editor.off("selectionUpdate", onSelection);
    };
  }, [editor, provider, person.id, announce]);

  // Polite, throttled news of others' edits, for people using screen readers: who, and in which section.
  useEffect(() => {
    if (!editor) return;
    let last = 0;
    const onTransaction = ({ transaction }: { transaction: Editor["state"]["tr"] }) => {
      if (!transaction.docChanged || !transaction.getMeta(ySyncPluginKey)) return;
      if (Date.now() - last < 20_000) return;
      const sections = sectionsChangedBetween(transaction.before, transaction.doc);
      if (sections.length === 0 || sections.length > 3) return;
      const ids = new Set(sections.map((s) => String(s.attrs.id)));
      const editors = peopleRef.current
        .filter((p) => p.id !== person.id && p.sectionId && ids.has(p.sectionId))
        .map((p) => p.name);
      // Only suggestions changed (the words as printed are the same): they are suggesting, not editing.
      const printed = (node: unknown) => JSON.stringify(withoutOpenSuggestions(node));
      const before = new Map<string, unknown>();
      transaction.before.forEach((node) => before.set(String(node.attrs.id), node.toJSON()));
      const suggesting = sections.every((s) => printed(before.get(String(s.attrs.id))) === printed(s.toJSON()));
      const news = editingNews(
        editors,
        sections.map((s) => String(s.attrs.title ?? "")),
        suggesting,
      );
      if (!news) return;
      last = Date.now();
      announce(news);
    };
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
    };
  }, [editor, announce, person.id]);

  // Nobody types into the empty placeholder before the document has arrived (with the page, from the server or from
  // this device): those keystrokes would make a stray section next to the real ones.
  const ready = synced || savedLocally || Boolean(openingState);
  useEffect(() => {
    editor?.setEditable((canEdit || maySuggest) && ready);
  }, [editor, canEdit, maySuggest, ready]);

  // Opened at a section ("For you": Write, Open): the caret goes to the start of its words, scrolled into view.
  useEffect(() => {
    if (!editor) return;
    const wanted = new URL(window.location.href).searchParams.get("section");
    if (!wanted) return;
    // The section's title at the top of the screen (the caret alone may count as "in view" to the editor while the
    // title is not, or the page may grow above it as its parts arrive): again a moment later if it moved away.
    const showSection = () => {
      const element = document.getElementById(`section-${wanted}`);
      if (!element) return;
      const { top } = element.getBoundingClientRect();
      if (top < 0 || top > window.innerHeight / 3) element.scrollIntoView({ block: "start" });
    };
    let later = 0;
    const frame = requestAnimationFrame(() => {
      try {
        if (editor.isDestroyed) return;
        focusSection(editor, wanted);
        showSection();
        later = window.setTimeout(showSection, 600);
      } catch {
        // The section has gone since the link was made: the document opens at the top.
      }
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(later);
    };
  }, [editor]);

  // The text's language and direction (the browser then places the caret, selects and mixes in Latin words and
  // numbers the right way).
  useEffect(() => {
    if (!editor) return;
    const dom = editor.view.dom;
    dom.setAttribute("lang", languageOf(language).code);
    dom.setAttribute("dir", languageOf(language).direction);
  }, [editor, language]);
  const scriptFont = scriptFontFor(language);

  // A kind message goes away once the person carries on writing.
  useEffect(() => {
    if (!editor || !toast) return;
    const onUpdate = ({ transaction }: { transaction: Editor["state"]["tr"] }) => {
      if (transaction.docChanged && !transaction.getMeta(ySyncPluginKey)) setToast(null);
    };
    editor.on("update", onUpdate);
    return () => {
      editor.off("update", onUpdate);
    };
  }, [editor, toast]);

  // Checks as people type: the pure rules run in this browser, only for sections that changed.
  const templateId = templateIdOf(design);
  const template = templates.find((t) => t.id === templateId) ?? templates[0]!;
  const live = useLiveChecks(editor, { template, design, readingAge, language, wordList });
  const threads = useCommentThreads(editor, doc);
  // A phone's tap on an underline: what is there, said above the bar, until Show, another tap or typing.
  const [peek, setPeek] = useState<UnderlineTap | null>(null);
  useEffect(() => {
    if (!editor || !peek) return;
    const typed = ({ transaction }: { transaction: { docChanged: boolean; getMeta: (key: string) => unknown } }) => {
      if (transaction.docChanged && !transaction.getMeta("y-sync$")) setPeek(null);
    };
    editor.on("update", typed);
    return () => void editor.off("update", typed);
  }, [editor, peek]);
  // Reached with Tab, the text can have the focus but no caret (the browser places none in a text with locked or
  // non-editable parts), and typing would go nowhere: put the caret where the editor's selection is.
  useEffect(() => {
    if (!editor) return;
    const placeCaret = () => {
      const selection = window.getSelection();
      if (
        editor.isDestroyed ||
        !editor.view.hasFocus() ||
        (selection && selection.rangeCount > 0 && editor.view.dom.contains(selection.anchorNode))
      )
        return;
      // Exactly the editor's selection (a caret, or the words chosen before a dialog took the focus), so the
      // editor reads back what it already has.
      const { anchor, head } = editor.state.selection;
      if (!selection || !(editor.state.selection instanceof TextSelection)) return;
      const from = editor.view.domAtPos(anchor);
      const to = editor.view.domAtPos(head);
      selection.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
    };
    // A frame after the focus arrives (the browser has placed its own caret, or none, by then), and at once when a
    // key comes first: keys typed straight after Tab are never lost.
    const onFocus = () => {
      caretPlaced.current = true;
      requestAnimationFrame(placeCaret);
    };
    editor.view.dom.addEventListener("focus", onFocus);
    editor.view.dom.addEventListener("keydown", placeCaret, true);
    return () => {
      editor.view.dom.removeEventListener("focus", onFocus);
      editor.view.dom.removeEventListener("keydown", placeCaret, true);
    };
  }, [editor]);
  useEffect(() => {
    if (!editor) return;
    const load = () => void loadCommentsPanel().catch(() => undefined);
    // Words chosen are usually about to be commented on: the comment box's code comes then, if idle time has not
    // brought it yet, so the box opens at once.
    const onSelection = () => {
      if (!editor.state.selection.empty) load();
    };
    editor.on("selectionUpdate", onSelection);
    const cancel = whenIdle(load, 5000);
    const cancelCursors = whenIdle(
      () =>
        void import("~/editor/later-cursors").then(
          ({ addLaterCursors }) => addLaterCursors(editor),
          () => undefined, // the editor works without them
        ),
      5000,
    );
    const cancelPanels = whenIdle(() => {
      void Promise.all([loadSectionsPanel(), loadSuggestionsPanel()]).then(
        () => setPanelsWanted(true),
        () => undefined, // offline: asked for again when someone opens one of them
      );
    }, 5000);
    // The Checks tab's code too: the tab then opens at once (and its count of findings was shown from the start).
    const cancelChecks = whenIdle(
      () =>
        void loadChecksPanel().then(
          () => setChecksOpened(true),
          () => undefined, // fetched again when the tab is shown
        ),
      5000,
    );
    const cancelNotice = whenIdle(() => setLayoutNoticeWanted(true), 3000);
    // A phone's tap on an underline shows a line (UnderlinePeek) whose code comes now, before anyone taps.
    const cancelPeek = whenIdle(() => void loadUnderlinePeek().catch(() => undefined), 5000);
    return () => {
      editor.off("selectionUpdate", onSelection);
      cancelNotice();
      cancel();
      cancelPanels();
      cancelCursors();
      cancelChecks();
      cancelPeek();
    };
  }, [editor]);
  const openThreads = threads.filter((t) => !t.resolved).length;
  const suggestions = useSuggestions(editor);
  // Suggesting mode (the Suggest button): said aloud and shown under the toolbar while it is on.
  const [suggesting, setSuggestingShown] = useState(false);
  const suggestingWas = useRef(false);
  useEffect(() => {
    if (!editor) return;
    const onTransaction = () => {
      const on = isSuggesting(editor.state);
      if (on === suggestingWas.current) return;
      suggestingWas.current = on;
      setSuggestingShown(on);
      announce(
        on
          ? "Suggesting is on: what you type is shown as a suggestion."
          : "Suggesting is off: what you type changes the words.",
      );
    };
    editor.on("transaction", onTransaction);
    return () => {
      editor.off("transaction", onTransaction);
    };
  }, [editor, announce]);
  // What turns typing into suggestions: at once for people who can only suggest, else when the page is idle.
  useEffect(() => {
    if (!maySuggest) return;
    if (!canEdit) {
      void loadSuggesting();
      return;
    }
    return whenIdle(() => void loadSuggesting(), 5000);
  }, [maySuggest, canEdit]);
  // What each suggestion fixes or causes, worked out again after each run of the checks (they may just have loaded).
  const liveReport = live.report;
  // The first results of the checks bring the Checks tab's code, so an underline tapped later opens on its finding.
  if (liveReport && !checksOpened) setChecksOpened(true);
  const liveImpact = live.impact;
  const impactOf = useCallback(
    (suggestion: SuggestionInText) => {
      if (!editor || !liveReport) return null;
      let section: ProseMirrorNode | null = null;
      editor.state.doc.forEach((node) => {
        if (node.attrs.id === suggestion.sectionId) section = node;
      });
      return section ? liveImpact(section, suggestion.id) : null;
    },
    [editor, liveReport, liveImpact],
  );

  /** Opens a panel: in the sheet on a phone (focus moves in), or as the chosen tab beside the text. */
  const openPanel = useCallback(
    (panel: SidePanel, focus: (() => HTMLElement | null) | null = null) => {
      setSidePanel(panel);
      setPanelsWanted(true);
      if (small) {
        if (!sheetOpen)
          sheetReturn.current = {
            opener: document.activeElement instanceof HTMLElement ? document.activeElement : null,
            instead: null,
            focus,
          };
        else if (focus) whenDrawn(focus, (element) => element.focus());
        setSheetOpen(true);
      } else if (focus) {
        // Beside the text: show it, but leave the focus in the text, where the person is writing.
        whenDrawn(focus, (element) => element.scrollIntoView({ block: "nearest" }));
      }
    },
    [small, sheetOpen],
  );

  /** Runs something that needs the text (e.g. "Show in the text"), after the sheet is out of the way. */
  const withSheetClosed = useCallback(
    (work: () => void) => {
      if (small && sheetOpen) {
        sheetReturn.current.instead = work;
        setSheetOpen(false);
      } else work();
    },
    [small, sheetOpen],
  );

  const startComment = useCallback(() => {
    if (!editor || !canComment) return;
    // A caret the person put in the words (a tap on a phone selects nothing): the comment is on the word there.
    if (editor.state.selection.empty && caretPlaced.current) selectWordAtCaret(editor);
    if (editor.state.selection.empty) {
      tell(
        small
          ? "First tap a word in the text (or select several), then choose Comment."
          : `Select the words you want to comment on first, then choose Comment (${shortcutLabel("comment", mac)}).`,
      );
      return;
    }
    setToast(null);
    setComposing(true);
    openPanel("comments", () => document.getElementById("new-comment"));
  }, [editor, canComment, tell, mac, openPanel, small]);

  /** Opens the finding or comment thread whose underline was tapped (beside the text, or in the phone's sheet). */
  const showUnderline = (tap: UnderlineTap) => {
    if (!editor) return;
    setPeek(null);
    if (tap.kind === "finding") {
      setCurrentFinding(tap.id);
      markCurrentFinding(editor, tap.id);
      openPanel("checks", () => document.getElementById(`finding-${tap.id}`));
    } else {
      setActiveThread(tap.id);
      openPanel("comments", () => document.querySelector<HTMLElement>(`#comment-${CSS.escape(tap.id)} .thread__title`));
    }
  };

  handlers.current = {
    startComment,
    onTap: (tap) => {
      if (!editor) return;
      // On a phone the sheet would cover the words just tapped, to change them: a line above the bar says what is
      // there instead, with Show to open it (showUnderline).
      if (small) setPeek(tap);
      else showUnderline(tap);
    },
    onTapElsewhere: () => setPeek(null),
    onRefused: (section) => {
      // Said politely once per section and minute; the message itself is drawn in the section (section-view.ts).
      const now = Date.now();
      if ((refusedSaid.current.get(section.id) ?? 0) > now - 60_000) return;
      refusedSaid.current.set(section.id, now);
      const whose = ownedSectionLabel(section.owner ? nameOf(section.owner) : null, Boolean(section.owner));
      announce(
        `${whose}: you can't change the words here, so your typing wasn't added.${canComment ? ` To comment on the words instead, press ${shortcutLabel("comment", mac)}.` : ""}`,
      );
    },
    commentInstead: () => {
      if (!editor) return;
      if (editor.state.selection.empty) selectWordAtCaret(editor);
      startComment();
    },
    suggestionRefused: (message) => tell(message),
    suggestionMoved: (suggestion) => {
      if (!suggestion) {
        const any = editor ? suggestionsInDoc(editor.state.doc).length > 0 : suggestions.length > 0;
        announce(any ? "No more suggestions that way." : "There are no suggestions.");
        return;
      }
      const who = suggestion.authorId === person.id ? "you" : (nameOf(suggestion.authorId) ?? "someone");
      // Counted in the text as it is now: the hook's list follows a frame behind, and a key pressed right after
      // typing would be told "0 of 1".
      const current = editor ? suggestionsInDoc(editor.state.doc) : suggestions;
      const index = current.findIndex((s) => s.id === suggestion.id);
      announce(
        `Suggestion ${index + 1} of ${current.length}, by ${who}: ${sentence(suggestionSummary(suggestion))}${suggestion.reason ? ` Why: ${sentence(suggestion.reason)}` : ""}`,
      );
    },
    suggestionDecided: (suggestion, decision) => {
      // The caret after the suggestion, not a selection over the words that will follow it once it is decided.
      if (editor) editor.commands.setTextSelection(suggestion.to);
      decideSuggestion(documentId, suggestion, decision, nameOf, person.id).then(announce, (error: unknown) =>
        tell(error instanceof Error ? error.message : String(error)),
      );
    },
  };

  // Ctrl+Alt+M (Cmd+Option+M) anywhere on the page starts a comment on the selected words, like Google Docs. On the
  // window, because a read-only text never has the keyboard focus.
  useEffect(() => {
    if (!canComment) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event, mac)) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, dialog")) return; // typing elsewhere: not about the text
      event.preventDefault();
      handlers.current.startComment();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canComment, mac]);

  // A viewer changes nothing: their line says whether what they see is the latest, not that anything was saved.
  const saveState =
    canEdit || canComment || maySuggest
      ? saveStateWords(connection, synced, savedLocally, serverUnsaved)
      : readerStateWords(connection, synced);

  const changeMode = isCoordinator
    ? (next: OwnershipMode) => {
        doc.getMap("settings").set("ownershipMode", next);
        announce(
          next === "owned"
            ? "Now only each section's owner can change it."
            : "Now everyone who writes can change any section.",
        );
      }
    : null;

  return (
    <div className={`editor-workspace${small ? " editor-workspace--small" : ""}`}>
      <div className="status-bar">
        <p
          className={`save-state save-state--${connection === "online" && !serverUnsaved ? "online" : "offline"}`}
          role="status"
          style={{ margin: 0 }}
        >
          {saveState}
        </p>
        <ul className="presence" aria-label="People here now">
          {people.map((p) => (
            <li key={p.id} className={p.id === person.id ? "presence__me" : undefined}>
              <span className="dot" style={{ background: p.colour }} aria-hidden="true" />
              {p.name}
              {p.id === person.id ? " (you)" : ""}
              {p.id !== person.id && p.sectionTitle !== null ? (
                <span className="presence__where">
                  {" "}
                  · in {p.sectionTitle ? `“${p.sectionTitle}”` : "a section without a title"}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
      {refusal ? (
        <div className="notice notice--error" role="alert">
          {refusal}
        </div>
      ) : null}
      {/* Someone switched the layout: say so here too, as the design page does. */}
      {layoutNoticeWanted ? (
        <PartBoundary what="news of layout changes">
          <Suspense fallback={null}>
            <LayoutChangeNotice doc={doc} documentId={documentId} templates={templates} personId={person.id} />
          </Suspense>
        </PartBoundary>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="editor-layout">
        <div className="editor-main">
          {editor && canEdit ? (
            <Toolbar
              editor={editor}
              headingLevels={headingLevels}
              allowedBlocks={allowedBlocks}
              mac={mac}
              onComment={startComment}
              linkOpen={linkOpen}
              onLinkOpenChange={setLinkOpen}
            />
          ) : null}
          {editor && canEdit && suggesting ? (
            <p className="notice suggesting-notice">
              You are suggesting: what you type is shown as a suggestion for the section&apos;s writers to accept or
              reject.
            </p>
          ) : null}
          {editor && !canEdit ? (
            <LaterPart what="what you can do here" waiting="Finding what you can do here…">
              <ReaderBar
                canComment={canComment}
                canSuggest={maySuggest}
                coordinators={coordinators}
                comment={{
                  icon: <Icon name="comment" />,
                  title: `Comment (${shortcutLabel("comment", mac)})`,
                  keys: ariaKeys("comment", mac),
                }}
                onComment={startComment}
              />
            </LaterPart>
          ) : null}
          <div className="editor-surface">
            {scriptFont ? (
              // The script's own font (served from /fonts/), with the brand font for Latin words and numbers.
              <style>{`${scriptFontFaceCss(language)}\n#document-text{font-family:"${scriptFont.family}","Atkinson Hyperlegible",system-ui,sans-serif;line-height:${scriptFont.lineHeight}}`}</style>
            ) : null}
            <EditorContent editor={editor} />
          </div>
        </div>
        {editor && small && peek && !sheetOpen ? (
          <Suspense fallback={null}>
            <UnderlinePeek
              tap={peek}
              finding={peek.kind === "finding" ? live.report?.findings.find((f) => f.id === peek.id) : undefined}
              thread={peek.kind === "comment" ? threads.find((t) => t.id === peek.id) : undefined}
              onShow={() => showUnderline(peek)}
              editor={canEdit ? editor : null}
              tell={tell}
              onClose={() => setPeek(null)}
            />
          </Suspense>
        ) : null}
        {editor ? (
          <SidePanels
            small={small}
            panel={sidePanel}
            onPanelChange={(panel) => {
              setSidePanel(panel);
              setPanelsWanted(true);
            }}
            panels={panels}
            labels={translatedFrom ? { source: translatedFrom.languageName } : undefined}
            counts={{
              sections: null,
              checks: live.report ? live.report.findings.length : null,
              comments: openThreads,
              suggestions: suggestions.length,
              source: null,
            }}
            sheetOpen={sheetOpen}
            onOpenSheet={(panel) => openPanel(panel)}
            onCloseSheet={() => {
              setSheetOpen(false);
              setComposing(false); // the comment box goes with the sheet; "Comment" opens it again
            }}
            sheetFocus={() => sheetReturn.current.focus?.() ?? null}
            afterSheetClosed={() => {
              const { opener, instead } = sheetReturn.current;
              sheetReturn.current = { opener: null, instead: null, focus: null };
              if (instead) instead();
              else if (opener?.isConnected) opener.focus();
              else focusText(editor);
            }}
          >
            {(panel) =>
              panel === "sections" ? (
                <LaterPart what="the sections list" waiting="Getting the sections…" wanted={panelsWanted}>
                  <SectionsPanel
                    editor={editor}
                    person={sectionPerson}
                    mode={mode}
                    writers={writers}
                    nameOf={(id) => (id ? (ownerLabels.get(id) ?? null) : null)}
                    flowEditor={flowEditor}
                    members={members.map((m) => ({ id: m.id, name: m.name }))}
                    onFlowEditorChange={
                      isCoordinator
                        ? (userId) => {
                            const settings = doc.getMap("settings");
                            if (userId) settings.set("flowEditor", userId);
                            else settings.delete("flowEditor");
                            announce(
                              userId
                                ? `${nameOf(userId) ?? "They"} can now suggest changes in every section.`
                                : "Nobody is the flow editor now.",
                            );
                          }
                        : null
                    }
                    onModeChange={changeMode}
                    announce={announce}
                    canComment={canComment}
                    onShowSection={(sectionId) => withSheetClosed(() => focusSection(editor, sectionId))}
                  />
                </LaterPart>
              ) : panel === "checks" ? (
                <section className="side-panel" aria-labelledby="checks-heading">
                  <h2 id="checks-heading">Checks</h2>
                  <p className="hint">
                    Checked as you write. The full check, with accessibility tests, is on the Checks page.
                  </p>
                  {sidePanel === "checks" || checksOpened ? (
                    <LaterPart what="the checks list" waiting="Getting the checks…">
                      <LiveChecksPanel
                        editor={editor}
                        // Its code may arrive after the sheet opened on a finding: the focus goes there then.
                        onReady={() => {
                          if (small && sheetOpen) sheetReturn.current.focus?.()?.focus();
                        }}
                        openSuggestions={suggestions.length}
                        report={live.report}
                        readingAge={readingAge}
                        status={live.checking ? "checking" : "ready"}
                        currentId={currentFinding}
                        onSelect={(finding) => {
                          setCurrentFinding(finding.id);
                          withSheetClosed(() => {
                            if (!focusFinding(editor, finding))
                              tell(
                                "Those words have changed since they were checked. The checks will catch up in a moment.",
                              );
                          });
                        }}
                        canFix={canEdit}
                        personId={person.id}
                      />
                    </LaterPart>
                  ) : null}
                </section>
              ) : panel === "source" ? (
                <LaterPart what="the original" waiting="Getting the original…">
                  <SourcePanel
                    documentId={documentId}
                    visible={sidePanel === "source"}
                    canConfirm={canEdit}
                    announce={announce}
                    onShowSection={(sectionId) => withSheetClosed(() => focusSection(editor, sectionId))}
                  />
                </LaterPart>
              ) : panel === "suggestions" ? (
                <LaterPart what="the suggestions list" waiting="Getting the suggestions…" wanted={panelsWanted}>
                  <SuggestionsPanel
                    editor={editor}
                    documentId={documentId}
                    suggestions={suggestions}
                    person={sectionPerson}
                    mode={mode}
                    nameOf={nameOf}
                    mac={mac}
                    small={small}
                    announce={announce}
                    onShow={(suggestion) =>
                      withSheetClosed(() => {
                        editor.view.dispatch(selectSuggestion(editor.state, suggestion));
                        editor.commands.focus();
                      })
                    }
                    impactOf={impactOf}
                    onDiscuss={
                      canComment
                        ? (suggestion) => {
                            editor.view.dispatch(selectSuggestion(editor.state, suggestion));
                            startComment();
                          }
                        : null
                    }
                  />
                </LaterPart>
              ) : !commentsOpened ? null : (
                <LaterPart what="the comments" waiting="Getting the comments…">
                  <CommentsPanel
                    editor={editor}
                    threads={threads}
                    documentId={documentId}
                    me={{ id: person.id, name: person.name }}
                    members={members}
                    canComment={canComment}
                    canModerate={isCoordinator}
                    composing={composing}
                    onComposeDone={(outcome) => {
                      setComposing(false);
                      if (outcome.added)
                        announce(
                          `Comment added.${outcome.mentioned.length ? ` ${toldSentence(outcome.mentioned)}` : ""}`,
                        );
                      // Back to the words: on a phone the sheet gets out of the way and the commented words come
                      // back into view (the toolbar's Comment is at the top of the page).
                      withSheetClosed(() => focusText(editor));
                    }}
                    activeThreadId={activeThread}
                    onActivate={setActiveThread}
                    onShowInText={(thread) => {
                      setActiveThread(thread.id);
                      withSheetClosed(() => {
                        if (!thread.range || !showInText(editor, thread.range))
                          tell("The words this comment was about have been removed.");
                      });
                    }}
                    announce={announce}
                  />
                </LaterPart>
              )
            }
          </SidePanels>
        ) : null}
      </div>
      {toast ? (
        <div className="editor-toast">
          <p>{toast}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => setToast(null)}>
            OK
          </button>
        </div>
      ) : null}
    </div>
  );
}
