/**
 * The document outline: every section with its owner and status, and the controls to add, rename, reorder,
 * assign (hand over) and change status — all keyboard operable, all through the shared document.
 */
import type { Editor } from "@tiptap/core";
import { useContext, useEffect, useId, useRef, useState } from "react";
import { ChangeRequestsContext } from "~/components/change-request-context";
import { canEditSection, canReassignSection, type OwnershipMode, type SectionEditor } from "~/domain/sections";
import { withoutOuterQuotes } from "~/domain/change-requests";
import { SECTION_STATUSES, STATUS_LABELS, type SectionStatus } from "~/editor/schema";
import {
  addSection,
  assignSections,
  focusSection,
  listSections,
  moveSection,
  removeSection,
  stepBack,
  updateSection,
  type SectionInfo,
} from "~/editor/section-commands";

/** A long request cut to about 120 characters, for the section list. */
const shortened = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** A section as it is named in messages and button names: “Its title”, never an empty “”. */
function quoted(title: string): string {
  return title.trim() ? `“${title.trim()}”` : "the section without a title";
}

export interface PersonOption {
  id: string;
  name: string;
}

interface SectionsPanelProps {
  editor: Editor;
  person: SectionEditor;
  mode: OwnershipMode;
  writers: PersonOption[];
  nameOf: (userId: string | null) => string | null;
  onModeChange: ((mode: OwnershipMode) => void) | null;
  announce: (message: string) => void;
  /** Whether this person may comment (so the hint never offers what they can't do). */
  canComment?: boolean;
  /** Go to a section's text (the editor's phone sheet first gets out of the way). */
  onShowSection?: (sectionId: string) => void;
  /** The document's flow editor (issue 15), and — for coordinators — choosing one from the members. */
  flowEditor?: string | null;
  members?: PersonOption[];
  onFlowEditorChange?: ((userId: string | null) => void) | null;
}

export function SectionsPanel({
  editor,
  person,
  mode,
  writers,
  nameOf,
  onModeChange,
  announce,
  canComment = true,
  onShowSection = (id) => focusSection(editor, id),
  flowEditor = null,
  members = [],
  onFlowEditorChange = null,
}: SectionsPanelProps) {
  const [sections, setSections] = useState<SectionInfo[]>(() => listSections(editor.state.doc));
  const [newTitle, setNewTitle] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  /**
   * What the last Save in a section's settings did, by section: kept here, so it stays in sight when the settings
   * themselves go (a writer who hands her own section over may no longer change it).
   */
  const [savedMessages, setSavedMessages] = useState<Record<string, string>>({});
  const moveRefs = useRef(new Map<string, HTMLButtonElement | null>());
  const changeRequests = useContext(ChangeRequestsContext);

  useEffect(() => {
    // Typing changes the words, rarely the list: the panel is drawn again only when the list itself changes.
    const refresh = () => {
      const next = listSections(editor.state.doc);
      setSections((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
    };
    editor.on("update", refresh);
    return () => {
      editor.off("update", refresh);
    };
  }, [editor]);

  const move = (section: SectionInfo, direction: "up" | "down") => {
    if (moveSection(editor, section.id, direction)) {
      announce(`Moved ${quoted(section.title)} ${direction}.`);
      // Keep focus on the same button of the moved section so repeated presses keep moving it.
      requestAnimationFrame(() => moveRefs.current.get(`${section.id}-${direction}`)?.focus());
    } else announce(`${quoted(section.title).replace(/^t/, "T")} can't move ${direction}.`);
  };

  return (
    <section className="side-panel" aria-labelledby="sections-heading">
      <h2 id="sections-heading">Sections</h2>
      {onModeChange ? (
        <fieldset className="field checkboxes mode-choice">
          <legend>Who can change each section?</legend>
          <label>
            <input
              type="radio"
              name="ownership-mode"
              checked={mode === "collective"}
              onChange={() => onModeChange("collective")}
            />
            Everyone who writes
          </label>
          <label>
            <input
              type="radio"
              name="ownership-mode"
              checked={mode === "owned"}
              onChange={() => onModeChange("owned")}
            />
            Only each section's owner
          </label>
        </fieldset>
      ) : (
        <p className="hint">
          {mode === "owned"
            ? `Each section can only be changed by its owner and coordinators.${canComment ? " You can still comment on any section." : ""}`
            : "Everyone who writes can change any section."}
        </p>
      )}
      {onFlowEditorChange ? (
        <div className="field">
          <label htmlFor="flow-editor">Flow editor</label>
          <p className="hint" id="flow-editor-hint">
            Someone who reads it all and makes the writing consistent. They can suggest changes in every section.
          </p>
          <select
            id="flow-editor"
            aria-describedby="flow-editor-hint"
            value={flowEditor ?? ""}
            onChange={(event) => onFlowEditorChange(event.target.value || null)}
          >
            <option value="">Nobody</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
        </div>
      ) : flowEditor ? (
        <p className="hint">
          Flow editor: {nameOf(flowEditor) ?? "a former member"}. They can suggest changes in every section to make the
          writing consistent.
        </p>
      ) : null}
      <ol className="section-list">
        {sections.map((section, index) => (
          <li key={section.id} className="section-item">
            <button
              type="button"
              className="link-button section-item__title"
              data-section-title-for={section.id}
              onClick={() => onShowSection(section.id)}
            >
              {section.title || "Untitled section"}
            </button>
            <p className="section-item__meta">
              <span className={`status-tag status-tag--${section.status}`}>{STATUS_LABELS[section.status]}</span>{" "}
              {section.owner ? `Owner: ${nameOf(section.owner) ?? "a former member"}` : "No owner yet"}
            </p>
            {section.owner === person.userId ? (
              <StepBack
                title={quoted(section.title)}
                onStepBack={() => {
                  if (!stepBack(editor, section.id)) {
                    announce(`You can't step back from ${quoted(section.title)} just now.`);
                    return;
                  }
                  announce(
                    `You've stepped back from ${quoted(section.title)}. It now shows “Needs someone”, and the coordinators have been told. Thank you for your work on it.`,
                  );
                  // The button goes with the ownership: the keyboard stays with the section, in the list.
                  requestAnimationFrame(() =>
                    document
                      .querySelector<HTMLElement>(`[data-section-title-for="${CSS.escape(section.id)}"]`)
                      ?.focus(),
                  );
                }}
              />
            ) : null}
            {changeRequests
              .filter((request) => request.sections.some((s) => s.id === section.id))
              .map((request) => (
                <p key={request.id} className="section-item__change-request">
                  <a href={`#change-request-${request.id}`} className="tag tag--change-request">
                    Changes asked<span className="visually-hidden"> for “{section.title}”</span>
                  </a>{" "}
                  {request.by.name}: <q>{shortened(withoutOuterQuotes(request.message))}</q>
                </p>
              ))}
            {/* In owned mode, only what this person may do to this section is offered (the server refuses the rest). */}
            {canEditSection(person, mode, section.owner) ? (
              <div className="section-item__moves">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  ref={(el) => void moveRefs.current.set(`${section.id}-up`, el)}
                  aria-label={`Move ${quoted(section.title)} up`}
                  aria-disabled={index === 0 || undefined}
                  onClick={() => index > 0 && move(section, "up")}
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  ref={(el) => void moveRefs.current.set(`${section.id}-down`, el)}
                  aria-label={`Move ${quoted(section.title)} down`}
                  aria-disabled={index === sections.length - 1 || undefined}
                  onClick={() => index < sections.length - 1 && move(section, "down")}
                >
                  ↓ Down
                </button>
              </div>
            ) : null}
            {canEditSection(person, mode, section.owner) || canReassignSection(person, mode, section.owner) ? (
              <SectionSettings
                editor={editor}
                section={section}
                person={person}
                mode={mode}
                writers={writers}
                announce={announce}
                canRemove={sections.length > 1 && canEditSection(person, mode, section.owner)}
                onSaved={(message) =>
                  setSavedMessages((current) => {
                    const next = { ...current };
                    if (message) next[section.id] = message;
                    else delete next[section.id];
                    return next;
                  })
                }
              />
            ) : null}
            {/* Said aloud by announce(); shown here so people who look see it too. */}
            {savedMessages[section.id] ? (
              <p className="hint section-settings__saved">{savedMessages[section.id]}</p>
            ) : null}
          </li>
        ))}
      </ol>
      {person.isCoordinator && sections.length > 2 && writers.length > 0 ? (
        <AssignMany editor={editor} sections={sections} writers={writers} announce={announce} />
      ) : null}
      {person.canEditContent ? (
        <form
          className="add-section"
          onSubmit={(event) => {
            event.preventDefault();
            try {
              addSection(editor, newTitle);
              announce(`Added the section “${newTitle.trim()}” at the end.`);
              setNewTitle("");
              setAddError(null);
            } catch (error) {
              setAddError((error as Error).message);
            }
          }}
        >
          <div className={`field${addError ? " field--error" : ""}`}>
            <label htmlFor="new-section-title">New section title</label>
            {addError ? (
              <p className="field-error" id="new-section-error" role="alert">
                {addError}
              </p>
            ) : null}
            <input
              id="new-section-title"
              value={newTitle}
              onChange={(e) => setNewTitle(e.target.value)}
              aria-describedby={addError ? "new-section-error" : undefined}
            />
          </div>
          <button type="submit" className="button button--secondary button--small">
            Add section
          </button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * Giving several sections to one person at once (a coordinator setting a document up): tick them, choose who, one
 * button. Each new owner is told, as for a single hand-over (server/services/section-index.ts).
 */
function AssignMany({
  editor,
  sections,
  writers,
  announce,
}: {
  editor: Editor;
  sections: SectionInfo[];
  writers: PersonOption[];
  announce: (message: string) => void;
}) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [owner, setOwner] = useState("");
  const [said, setSaid] = useState<{ error: boolean; text: string } | null>(null);
  const id = useId();
  const give = () => {
    const ids = sections.filter((section) => chosen.has(section.id)).map((section) => section.id);
    if (ids.length === 0) return setSaid({ error: true, text: "Tick the sections to give first." });
    const name = writers.find((writer) => writer.id === owner)?.name ?? null;
    const changed = assignSections(editor, ids, owner || null);
    const text =
      changed === 0
        ? name
          ? `Those sections are ${name}'s already.`
          : "Those sections have nobody looking after them already."
        : `${changed === 1 ? "1 section" : `${changed} sections`} ${
            name ? `given to ${name}. They have been told.` : "now have nobody looking after them."
          }`;
    setSaid({ error: false, text });
    announce(text);
    if (changed > 0) setChosen(new Set());
  };
  return (
    <details className="assign-many">
      <summary>Give several sections to one person</summary>
      <fieldset className="field checkboxes">
        <legend>Sections</legend>
        {sections.map((section) => (
          <label key={section.id}>
            <input
              type="checkbox"
              checked={chosen.has(section.id)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(section.id);
                else next.delete(section.id);
                setChosen(next);
              }}
            />
            {section.title || "Untitled section"}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Give them to</label>
        <select id={`${id}-owner`} value={owner} onChange={(event) => setOwner(event.target.value)}>
          <OwnerOptions writers={writers} />
        </select>
      </div>
      <button type="button" className="button button--secondary button--small" onClick={give}>
        Give the ticked sections
      </button>
      {said ? (
        <p
          className={said.error ? "field-error" : "hint section-settings__saved"}
          role={said.error ? "alert" : undefined}
        >
          {said.text}
        </p>
      ) : null}
    </details>
  );
}

/** Who can own a section, for an owner's select: nobody, or one of the writers. */
function OwnerOptions({ writers }: { writers: PersonOption[] }) {
  return (
    <>
      <option value="">Nobody yet</option>
      {writers.map((writer) => (
        <option key={writer.id} value={writer.id}>
          {writer.name}
        </option>
      ))}
    </>
  );
}

/** "Step back": one question, no reason asked. */
function StepBack({ title, onStepBack }: { title: string; onStepBack: () => void }) {
  const [asking, setAsking] = useState(false);
  const noRef = useRef<HTMLButtonElement>(null);
  const whyId = useId();
  if (!asking)
    return (
      <>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-describedby={whyId}
          onClick={() => {
            setAsking(true);
            requestAnimationFrame(() => noRef.current?.focus());
          }}
        >
          Step back<span className="visually-hidden"> from {title}</span>
        </button>{" "}
        {/* A review found the button alone unclear: what it does, said beside it. */}
        <span className="hint step-back__why" id={whyId}>
          Too much just now? A coordinator finds someone else.
        </span>
      </>
    );
  return (
    <div className="step-back" role="group" aria-label={`Step back from ${title}?`}>
      <p>Step back from {title}? A coordinator will be told it needs someone. You don&apos;t need to give a reason.</p>
      <button type="button" className="button button--small" onClick={onStepBack}>
        Yes, step back
      </button>{" "}
      <button
        type="button"
        ref={noRef}
        className="button button--secondary button--small"
        onClick={() => setAsking(false)}
      >
        No, keep it
      </button>
    </div>
  );
}

function SectionSettings({
  editor,
  section,
  person,
  mode,
  writers,
  announce,
  canRemove,
  onSaved,
}: {
  editor: Editor;
  section: SectionInfo;
  person: SectionEditor;
  mode: OwnershipMode;
  writers: PersonOption[];
  announce: (message: string) => void;
  canRemove: boolean;
  /** What a Save did (null when the settings are opened again): shown under the section by the panel. */
  onSaved: (message: string | null) => void;
}) {
  const id = useId();
  const [title, setTitle] = useState(section.title);
  const [owner, setOwner] = useState(section.owner ?? "");
  const [status, setStatus] = useState<SectionStatus>(section.status);
  const [note, setNote] = useState("");
  const [contentNote, setContentNote] = useState(section.contentNote ?? "");
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const canReassign = canReassignSection(person, mode, section.owner);
  const detailsRef = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    setTitle(section.title);
    setOwner(section.owner ?? "");
    setStatus(section.status);
    setContentNote(section.contentNote ?? "");
  }, [section.title, section.owner, section.status, section.contentNote]);

  const save = () => {
    if (!title.trim()) return setError("Give the section a title.");
    // Done means written: a section of grey hints alone would drop off its writer's list with nothing in it.
    if (status === "done" && section.status !== "done" && section.isEmpty)
      return setError(
        "Nothing is written in this section yet: grey hints are not printed. Write it first, then mark it done.",
      );
    const ownerChanged = (owner || null) !== section.owner;
    const ok = updateSection(editor, section.id, {
      title: title.trim().slice(0, 120),
      // Someone has taken a section that needed someone: it is being written again.
      status: ownerChanged && owner && status === "needs-someone" ? "drafting" : status,
      contentNote: contentNote.trim() || null,
      // A hand-over note is for getting started: once the section is done, it has served and goes.
      ...(status === "done" && section.status !== "done" && section.handoverNote ? { handoverNote: null } : {}),
      ...(ownerChanged && canReassign ? { owner: owner || null, handoverNote: note.trim() || null } : {}),
    });
    if (!ok) return setError("You can't change this section: it belongs to someone else. You can still comment on it.");
    setError(null);
    setNote("");
    const newOwner = writers.find((writer) => writer.id === owner)?.name;
    const done = !(ownerChanged && canReassign)
      ? `Saved “${title.trim()}”.`
      : owner === person.userId
        ? `“${title.trim()}” is yours now.`
        : newOwner
          ? `Handed “${title.trim()}” to ${newOwner}. They have been told${note.trim() ? ", with your note" : ""}.`
          : `“${title.trim()}” has nobody looking after it now. A coordinator can choose someone.`;
    onSaved(done);
    announce(done);
    // Done: the settings fold away, and the keyboard is back where it opened them.
    if (detailsRef.current) {
      detailsRef.current.open = false;
      detailsRef.current.querySelector("summary")?.focus();
    }
  };

  return (
    <>
      <details
        className="section-settings"
        ref={detailsRef}
        onToggle={(event) => {
          if (event.currentTarget.open) onSaved(null);
        }}
      >
        {/* Handing a section over is said on the button that opens it: a review found people looking for it elsewhere. */}
        <summary>
          {canReassign ? "Change or hand over" : "Change"}
          <span className="visually-hidden"> {quoted(section.title)}</span>
        </summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as SectionStatus)}>
              {SECTION_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {STATUS_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-owner`}>Owner</label>
            <select
              id={`${id}-owner`}
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              disabled={!canReassign}
              aria-describedby={`${id}-owner-hint`}
            >
              <OwnerOptions writers={writers} />
            </select>
            <p className="hint" id={`${id}-owner-hint`}>
              {canReassign
                ? "To hand this section over, choose who takes it on, then Save. They are told, with your note."
                : "Only the owner or a coordinator can hand this section over."}
            </p>
          </div>
          {canReassign && (owner || null) !== section.owner ? (
            <div className="field">
              <label htmlFor={`${id}-note`}>Note for the new owner (optional)</label>
              <textarea
                id={`${id}-note`}
                rows={2}
                value={note}
                maxLength={300}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-content-note`}>Content note (optional)</label>
            <p className="hint" id={`${id}-content-note-hint`}>
              A gentle warning shown before this section, for example “This part talks about abuse.”
            </p>
            <input
              id={`${id}-content-note`}
              value={contentNote}
              maxLength={200}
              onChange={(e) => setContentNote(e.target.value)}
              aria-describedby={`${id}-content-note-hint`}
            />
          </div>
          <button type="submit" className="button button--small">
            Save<span className="visually-hidden"> {quoted(section.title)}</span>
          </button>
          {/* Apart from Save, so a tap meant for Save never lands on it (second review of issue 12). */}
          {canRemove ? (
            <div className="section-settings__remove">
              {confirmRemove ? (
                <span role="group" aria-label="Confirm removing the section">
                  <button
                    type="button"
                    className="button button--warning button--small"
                    onClick={() => {
                      try {
                        if (removeSection(editor, section.id))
                          announce(`Removed ${quoted(section.title)}. Press Undo to bring it back.`);
                        else setError("You can't remove this section: it belongs to someone else.");
                      } catch (e) {
                        setError((e as Error).message);
                      }
                      setConfirmRemove(false);
                    }}
                  >
                    Yes, remove it
                  </button>{" "}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => setConfirmRemove(false)}
                  >
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" className="link-button" onClick={() => setConfirmRemove(true)}>
                  Remove this section
                </button>
              )}
            </div>
          ) : null}
        </form>
      </details>
    </>
  );
}
