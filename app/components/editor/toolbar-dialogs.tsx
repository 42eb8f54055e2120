/**
 * The toolbar's dialogs: a link, a picture (with the picture library's search, fetched when first opened), the
 * language of some words, and the keyboard shortcuts. Not needed to start typing (issue 12's weight budget): the
 * toolbar fetches them when the page is idle, or when one is first opened.
 */
import { insertPicture } from "~/editor/insert-picture";
import type { Editor } from "@tiptap/core";
import { PartBoundary } from "../part-boundary";
import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import { languageChoice, languageOf, LANGUAGES } from "~/domain/languages";
import { isAllowedHref } from "~/domain/links";
import { rowPicture, setRowPicture } from "~/editor/easy-read";
import { focusText } from "~/editor/focus-text";
import { PICTURE_FILE_TYPES, uploadPicture } from "../upload-picture";
import { EditorDialog } from "./editor-dialog";
import type { FoundPicture } from "./picture-finder";
import { SHORTCUT_ORDER, shortcutLabel, SHORTCUTS } from "./shortcuts";

// The picture library's search: only when someone looks for a picture.
const loadPictureFinder = () => import("./picture-finder");
const PictureFinder = lazy(() => loadPictureFinder().then((module) => ({ default: module.PictureFinder })));

/** Which of the toolbar's dialogs is open; at most one at a time. */
export interface ToolbarDialogsProps {
  editor: Editor;
  mac: boolean;
  linkOpen: boolean;
  onLinkClose: () => void;
  pictureOpen: boolean;
  onPictureClose: () => void;
  languageOpen: boolean;
  onLanguageClose: () => void;
  shortcutsOpen: boolean;
  onShortcutsClose: () => void;
  shortcutsReturnFocus: () => void;
}

export function ToolbarDialogs(props: ToolbarDialogsProps) {
  const { editor } = props;
  return (
    <>
      <LinkDialog editor={editor} open={props.linkOpen} onClose={props.onLinkClose} />
      <PictureDialog editor={editor} open={props.pictureOpen} onClose={props.onPictureClose} />
      <LanguageDialog editor={editor} open={props.languageOpen} onClose={props.onLanguageClose} />
      <ShortcutsDialog
        open={props.shortcutsOpen}
        mac={props.mac}
        onClose={props.onShortcutsClose}
        returnFocus={props.shortcutsReturnFocus}
      />
    </>
  );
}

function LinkDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const headingId = useId();
  return (
    <EditorDialog
      open={open}
      onClose={onClose}
      labelledBy={headingId}
      returnFocus={() => focusText(editor)}
      initialFocus={() => document.getElementById("link-href")}
    >
      <LinkForm editor={editor} headingId={headingId} onClose={onClose} />
    </EditorDialog>
  );
}

function LinkForm({ editor, headingId, onClose }: { editor: Editor; headingId: string; onClose: () => void }) {
  const existing = (editor.getAttributes("link").href as string | undefined) ?? "";
  const hasSelection = !editor.state.selection.empty;
  const [href, setHref] = useState(existing);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  const apply = () => {
    let target = href.trim();
    if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target))
      target = target.includes("@") ? `mailto:${target}` : `https://${target}`;
    if (!target) {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      onClose();
      return;
    }
    if (!isAllowedHref(target)) {
      setError("Links can go to a web page (https://…), an email address or a phone number (tel:…).");
      return;
    }
    if (!hasSelection && !existing) {
      if (!text.trim()) {
        setError("Type the words people will see for this link, like “Our help page”.");
        return;
      }
      editor
        .chain()
        .focus()
        .insertContent({ type: "text", text: text.trim(), marks: [{ type: "link", attrs: { href: target } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href: target }).run();
    }
    onClose();
  };

  return (
    <form
      className="link-form"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <h2 id={headingId} className="editor-dialog__title">
        {existing ? "Change the link" : "Add a link"}
      </h2>
      {error ? (
        <p className="field-error" role="alert" id="link-error">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="link-href">Link address</label>
        <input
          id="link-href"
          value={href}
          onChange={(e) => setHref(e.target.value)}
          aria-describedby={error ? "link-error" : undefined}
          placeholder="https://"
        />
      </div>
      {!hasSelection && !existing ? (
        <div className="field">
          <label htmlFor="link-text">Words to show</label>
          <input id="link-text" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      ) : null}
      <button type="submit" className="button button--small">
        {href.trim() ? "Save link" : "Remove link"}
      </button>{" "}
      <button type="button" className="button button--secondary button--small" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}

function PictureDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const headingId = useId();
  return (
    <EditorDialog open={open} onClose={onClose} labelledBy={headingId} returnFocus={() => focusText(editor)}>
      <PictureForm editor={editor} headingId={headingId} onClose={onClose} />
    </EditorDialog>
  );
}

/**
 * Add a picture (uploaded and checked by the server) or change the description of the selected one. A picture
 * needs a description for people who can't see it, unless it is only decoration.
 */
function PictureForm({ editor, headingId, onClose }: { editor: Editor; headingId: string; onClose: () => void }) {
  // In an Easy Read row, the picture is the row's own (beside its words); a new picture can replace it.
  const row = rowPicture(editor);
  const existing = row
    ? row.src
      ? { alt: row.alt, decorative: false }
      : null
    : editor.isActive("image")
      ? (editor.getAttributes("image") as { alt?: string; decorative?: boolean })
      : null;
  const [alt, setAlt] = useState(existing?.alt ?? "");
  const [decorative, setDecorative] = useState(existing?.decorative ?? false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The device file was refused (its error is the one shown): the file field says so. */
  const [fileRefused, setFileRefused] = useState(false);
  const [found, setFound] = useState<FoundPicture | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const altRef = useRef<HTMLTextAreaElement>(null);
  const language = editor.view.dom.getAttribute("lang") ?? "en-GB";

  const submit = async () => {
    setFileRefused(false);
    const description = alt.trim();
    if (!decorative && !description)
      return setError("Describe the picture for people who can't see it, or tick “only decoration”.");
    if (description.length > 300) return setError("Keep the description under 300 characters.");
    const file = fileRef.current?.files?.[0];
    if (found && !file) {
      // A picture from the library: it becomes the group's own (once), with the credit its licence asks for.
      setBusy(true);
      const taken = await (await loadPictureFinder()).takeFoundPicture(found, description);
      setBusy(false);
      if ("error" in taken) return setError(taken.error);
      if (row) setRowPicture(editor, taken.url, description, taken.credit);
      else
        insertPicture(editor, {
          src: taken.url,
          alt: decorative ? "" : description,
          decorative,
          credit: taken.credit,
        });
      return onClose();
    }
    if (row && !file && row.src) {
      setRowPicture(editor, null, description);
      return onClose();
    }
    if (existing && !row) {
      editor
        .chain()
        .focus()
        .updateAttributes("image", { alt: decorative ? "" : description, decorative })
        .run();
      return onClose();
    }
    if (!file) return setError("Choose a picture: find one above, or choose one from your device.");
    setBusy(true);
    const uploaded = await uploadPicture(file);
    setBusy(false);
    if ("error" in uploaded) {
      setError(uploaded.error);
      setFileRefused(true);
      // The button was out of use while sending, which drops the keyboard: it goes to the file that was refused.
      requestAnimationFrame(() => fileRef.current?.focus());
      return;
    }
    // The group can find this picture again by what it shows.
    if (!decorative) void loadPictureFinder().then((module) => module.rememberDescription(uploaded.url, description));
    if (row) setRowPicture(editor, uploaded.url, description);
    else insertPicture(editor, { src: uploaded.url, alt: decorative ? "" : description, decorative });
    onClose();
  };

  return (
    <form
      className="link-form"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 id={headingId} className="editor-dialog__title">
        {row ? "Picture for this row" : existing ? "Picture description" : "Add a picture"}
      </h2>
      {error ? (
        <p className="field-error" role="alert" id="picture-error">
          {error}
        </p>
      ) : null}
      {!existing || row ? (
        <PartBoundary what="the picture library">
          <Suspense fallback={<p className="hint">Getting the picture library…</p>}>
            <PictureFinder
              language={language}
              chosen={found}
              onChoose={(picture) => {
                // The picture's name fills the description while it is still the last one chosen (or empty).
                if (!alt.trim() || alt === found?.description) setAlt(picture.description);
                setFound(picture);
                if (fileRef.current) fileRef.current.value = "";
                // The next step is saying what it shows: the keyboard (and, on a phone, the screen) goes there.
                requestAnimationFrame(() => {
                  if (altRef.current && !altRef.current.disabled) altRef.current.focus();
                });
              }}
            />
          </Suspense>
        </PartBoundary>
      ) : null}
      {!existing || row ? (
        <div className="field">
          <label htmlFor="picture-file">
            {row?.src || found
              ? "Or a picture from your device (optional; a photo or drawing up to 2 MB)"
              : "Or a picture from your device (a photo or drawing up to 2 MB)"}
          </label>
          <input
            id="picture-file"
            ref={fileRef}
            type="file"
            accept={PICTURE_FILE_TYPES}
            aria-invalid={fileRefused || undefined}
            aria-describedby={fileRefused && error ? "picture-error" : undefined}
            onChange={() => setFileRefused(false)}
          />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="picture-alt">Describe the picture</label>
        <p className="hint" id="picture-alt-hint">
          Say what it shows and why it matters, in a sentence. For example, “A support worker talking with a young mum”.
        </p>
        <textarea
          ref={altRef}
          id="picture-alt"
          rows={2}
          value={alt}
          disabled={decorative}
          onChange={(e) => setAlt(e.target.value)}
          aria-describedby={`picture-alt-hint${error ? " picture-error" : ""}`}
        />
      </div>
      {/* An Easy Read picture carries the idea: it always has a description. */}
      {row ? null : (
        <div className="field checkboxes">
          <label>
            <input type="checkbox" checked={decorative} onChange={(e) => setDecorative(e.target.checked)} /> This
            picture is only decoration (screen readers will skip it)
          </label>
        </div>
      )}
      <button type="submit" className="button button--small" disabled={busy}>
        {busy ? "Adding…" : existing && !row ? "Save description" : row?.src ? "Save" : "Add picture"}
      </button>{" "}
      <button type="button" className="button button--secondary button--small" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}

/**
 * Words in another language than the document's (issue 16): screen readers then say them in that language's voice,
 * and right-to-left words keep their order. Choosing the document's own language takes the mark off.
 */
function LanguageDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const headingId = useId();
  const current = (editor.getAttributes("language") as { lang?: string }).lang ?? "";
  const [choice, setChoice] = useState(current);
  useEffect(() => {
    if (open) setChoice(current);
  }, [open, current]);
  const documentLanguage = editor.view.dom.getAttribute("lang") ?? "en-GB";
  return (
    <EditorDialog open={open} onClose={onClose} labelledBy={headingId} returnFocus={() => focusText(editor)}>
      <form
        className="link-form"
        aria-labelledby={headingId}
        onSubmit={(event) => {
          event.preventDefault();
          const chain = editor.chain().focus().extendMarkRange("language");
          if (choice && choice !== languageOf(documentLanguage).code) chain.setMark("language", { lang: choice }).run();
          else chain.unsetMark("language").run();
          onClose();
        }}
      >
        <h2 id={headingId} className="editor-dialog__title">
          Language of these words
        </h2>
        <div className="field">
          <label htmlFor="words-language">These words are in</label>
          <p className="hint" id="words-language-hint">
            For a name or a phrase in another language than the rest, so screen readers say it right.
          </p>
          <select
            id="words-language"
            value={choice}
            aria-describedby="words-language-hint"
            onChange={(event) => setChoice(event.target.value)}
          >
            <option value="">The document&apos;s language ({languageOf(documentLanguage).name})</option>
            {LANGUAGES.filter((language) => language.code !== languageOf(documentLanguage).code).map((language) => (
              <option key={language.code} value={language.code} lang={language.code}>
                {languageChoice(language)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--small">
          Save
        </button>{" "}
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          Cancel
        </button>
      </form>
    </EditorDialog>
  );
}

/** The keyboard shortcuts, as this person's keyboard says them. */
export function ShortcutsDialog({
  open,
  mac,
  onClose,
  returnFocus,
}: {
  open: boolean;
  mac: boolean;
  onClose: () => void;
  returnFocus?: () => void;
}) {
  const headingId = useId();
  return (
    <EditorDialog
      open={open}
      onClose={onClose}
      labelledBy={headingId}
      returnFocus={returnFocus}
      className="shortcuts-dialog"
    >
      <h2 id={headingId} className="editor-dialog__title">
        Keyboard shortcuts
      </h2>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUT_ORDER.map((id) => (
            <tr key={id}>
              <td>
                <kbd>{shortcutLabel(id, mac)}</kbd>
              </td>
              <td>{SHORTCUTS[id].does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Copress has no italics or underlining on purpose: they make words harder to read. Use bold to make words stand
        out.
      </p>
      <button type="button" className="button button--secondary button--small" onClick={onClose}>
        Close
      </button>
    </EditorDialog>
  );
}
