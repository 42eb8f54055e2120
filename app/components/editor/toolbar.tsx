/**
 * The formatting toolbar: one tab stop, arrow keys move between buttons (WAI-ARIA toolbar pattern). Alt+F10 in
 * the text jumps here, as in Google Docs and Word.
 */
import type { Editor } from "@tiptap/core";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { isAllowedHref } from "~/editor/schema";

export interface ToolbarProps {
  editor: Editor;
  canEdit: boolean;
  canComment: boolean;
  headingLevels: number[];
  allowedBlocks: string[];
  onComment: () => void;
}

interface ToolButton {
  key: string;
  /** The visible text is the accessible name, so speech control ("click Bold") works. */
  text: string;
  run: () => void;
  active?: boolean;
  disabled?: boolean;
  shortcut?: string;
}

export function Toolbar({ editor, canEdit, canComment, headingLevels, allowedBlocks, onComment }: ToolbarProps) {
  const [, force] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const [pictureOpen, setPictureOpen] = useState(false);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    const rerender = () => force((n) => n + 1);
    editor.on("transaction", rerender);
    return () => {
      editor.off("transaction", rerender);
    };
  }, [editor]);

  const chain = () => editor.chain().focus();
  const allowed = (block: string) => allowedBlocks.includes(block);
  const hasSelection = !editor.state.selection.empty;
  const buttons: ToolButton[] = [
    { key: "undo", text: "Undo", run: () => chain().undo().run(), disabled: !canEdit || !editor.can().undo(), shortcut: "Control+Z" },
    { key: "redo", text: "Redo", run: () => chain().redo().run(), disabled: !canEdit || !editor.can().redo(), shortcut: "Control+Shift+Z" },
    { key: "bold", text: "Bold", run: () => chain().toggleBold().run(), active: editor.isActive("bold"), disabled: !canEdit, shortcut: "Control+B" },
    { key: "link", text: "Link", run: () => setLinkOpen(true), active: editor.isActive("link"), disabled: !canEdit },
    { key: "paragraph", text: "Normal text", run: () => chain().setParagraph().run(), active: editor.isActive("paragraph"), disabled: !canEdit },
    ...headingLevels.map((level) => ({
      key: `h${level}`,
      text: level === Math.min(...headingLevels) ? "Heading" : "Subheading",
      run: () => chain().toggleHeading({ level: level as 2 | 3 | 4 }).run(),
      active: editor.isActive("heading", { level }),
      disabled: !canEdit || !allowed("heading"),
    })),
    { key: "bullets", text: "Bulleted list", run: () => chain().toggleBulletList().run(), active: editor.isActive("bulletList"), disabled: !canEdit || !allowed("bulletList") },
    { key: "numbers", text: "Numbered list", run: () => chain().toggleOrderedList().run(), active: editor.isActive("orderedList"), disabled: !canEdit || !allowed("orderedList") },
    {
      key: "keyInfo",
      text: "Key information",
      run: () => chain().toggleWrap("keyInfo").run(),
      active: editor.isActive("keyInfo"),
      disabled: !canEdit || !allowed("keyInfo"),
    },
    {
      key: "contact",
      text: "Contact details",
      run: () => chain().toggleWrap("contactBlock").run(),
      active: editor.isActive("contactBlock"),
      disabled: !canEdit || !allowed("contactBlock"),
    },
    {
      key: "picture",
      text: editor.isActive("image") ? "Picture description" : "Picture",
      run: () => setPictureOpen(true),
      disabled: !canEdit || !allowed("image"),
    },
    { key: "comment", text: "Comment", run: onComment, disabled: !canComment || !hasSelection },
  ];

  const move = (event: KeyboardEvent) => {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (event.key === "Home" || event.key === "End" || delta) {
      event.preventDefault();
      const next = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : (focusIndex + delta + buttons.length) % buttons.length;
      setFocusIndex(next);
      refs.current[next]?.focus();
    }
    if (event.key === "Escape") {
      event.preventDefault();
      editor.commands.focus();
    }
  };

  return (
    <div className="editor-toolbar-wrap">
      <div role="toolbar" aria-label="Formatting" aria-controls="document-text" className="editor-toolbar" onKeyDown={move} id="editor-toolbar">
        {buttons.map((button, index) => (
          <button
            key={button.key}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            className="toolbar-button"
            tabIndex={index === focusIndex ? 0 : -1}
            aria-pressed={button.active === undefined ? undefined : button.active}
            aria-keyshortcuts={button.shortcut}
            aria-disabled={button.disabled || undefined}
            onFocus={() => setFocusIndex(index)}
            onMouseDown={(event) => event.preventDefault() /* keep the text selection */}
            onClick={() => {
              if (!button.disabled) button.run();
            }}
          >
            {button.text}
          </button>
        ))}
      </div>
      {linkOpen ? <LinkForm editor={editor} onClose={() => setLinkOpen(false)} /> : null}
      {pictureOpen ? <PictureForm editor={editor} onClose={() => setPictureOpen(false)} /> : null}
    </div>
  );
}

/** Escape closes a small form and puts the person back in the text where they were. */
function closeOnEscape(editor: Editor, onClose: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onClose();
    editor.commands.focus();
  };
}

function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const existing = (editor.getAttributes("link").href as string | undefined) ?? "";
  const hasSelection = !editor.state.selection.empty;
  const [href, setHref] = useState(existing);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const apply = () => {
    let target = href.trim();
    if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target)) target = target.includes("@") ? `mailto:${target}` : `https://${target}`;
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
      editor.chain().focus().insertContent({ type: "text", text: text.trim(), marks: [{ type: "link", attrs: { href: target } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href: target }).run();
    }
    onClose();
  };

  return (
    <form
      className="link-form"
      aria-label="Link"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
      onKeyDown={closeOnEscape(editor, onClose)}
    >
      {error ? (
        <p className="field-error" role="alert" id="link-error">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="link-href">Link address</label>
        <input id="link-href" ref={inputRef} value={href} onChange={(e) => setHref(e.target.value)} aria-describedby={error ? "link-error" : undefined} placeholder="https://" />
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

/**
 * Add a picture (uploaded and checked by the server) or change the description of the selected one. A picture
 * needs a description for people who can't see it, unless it is only decoration.
 */
function PictureForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const existing = editor.isActive("image") ? (editor.getAttributes("image") as { alt?: string; decorative?: boolean }) : null;
  const [alt, setAlt] = useState(existing?.alt ?? "");
  const [decorative, setDecorative] = useState(existing?.decorative ?? false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => (existing ? document.getElementById("picture-alt")?.focus() : fileRef.current?.focus()), [existing]);

  const submit = async () => {
    const description = alt.trim();
    if (!decorative && !description) return setError("Describe the picture for people who can't see it, or tick “only decoration”.");
    if (description.length > 300) return setError("Keep the description under 300 characters.");
    if (existing) {
      editor.chain().focus().updateAttributes("image", { alt: decorative ? "" : description, decorative }).run();
      return onClose();
    }
    const file = fileRef.current?.files?.[0];
    if (!file) return setError("Choose a picture from your device.");
    setBusy(true);
    try {
      const body = new FormData();
      body.append("file", file);
      body.append("purpose", "image");
      const response = await fetch("/api/uploads", { method: "POST", body });
      const result = (await response.json()) as { upload?: { url: string }; error?: { message: string } };
      if (!response.ok || !result.upload) return setError(result.error?.message ?? "The picture could not be added. Please try again.");
      editor.chain().focus().insertContent({ type: "image", attrs: { src: result.upload.url, alt: decorative ? "" : description, decorative } }).run();
      onClose();
    } catch {
      setError("The picture could not be sent. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="link-form"
      aria-label={existing ? "Picture description" : "Add a picture"}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={closeOnEscape(editor, onClose)}
    >
      {error ? (
        <p className="field-error" role="alert" id="picture-error">
          {error}
        </p>
      ) : null}
      {!existing ? (
        <div className="field">
          <label htmlFor="picture-file">Picture (PNG or JPEG, up to 2 MB)</label>
          <input id="picture-file" ref={fileRef} type="file" accept="image/png,image/jpeg" />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="picture-alt">Describe the picture</label>
        <p className="hint" id="picture-alt-hint">
          Say what it shows and why it matters, in a sentence. For example, “A support worker talking with a young mum”.
        </p>
        <textarea
          id="picture-alt"
          rows={2}
          value={alt}
          disabled={decorative}
          onChange={(e) => setAlt(e.target.value)}
          aria-describedby={`picture-alt-hint${error ? " picture-error" : ""}`}
        />
      </div>
      <div className="field checkboxes">
        <label>
          <input type="checkbox" checked={decorative} onChange={(e) => setDecorative(e.target.checked)} /> This picture is only decoration (screen readers will skip it)
        </label>
      </div>
      <button type="submit" className="button button--small" disabled={busy}>
        {busy ? "Adding…" : existing ? "Save description" : "Add picture"}
      </button>{" "}
      <button type="button" className="button button--secondary button--small" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}
