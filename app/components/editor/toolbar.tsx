/**
 * The formatting toolbar, for people who may change the words: one row of what people use most (Undo, Bold,
 * Heading, List, Link, Comment) and "More" for the rest, so on a phone it takes one short row and the words come
 * first. One tab stop; arrow keys move between buttons (WAI-ARIA toolbar pattern); "More" opens a menu (arrow keys,
 * Escape). Alt+F10 in the text jumps here, as in Google Docs and Word. The link, picture and keyboard-shortcut
 * forms are dialogs, so they appear wherever the person has scrolled to.
 */
import type { Editor } from "@tiptap/core";
import { lazy, Suspense, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { isAllowedHref } from "~/domain/links";
import { insertEasyReadRow, rowPicture, setRowPicture } from "~/editor/easy-read";
import { focusText } from "~/editor/focus-text";
import { isSuggesting, loadSuggesting } from "~/editor/suggesting";
import { uploadPicture } from "../upload-picture";
import type { FoundPicture } from "./picture-finder";
import { LANGUAGES, languageChoice, languageOf } from "~/domain/languages";

// The picture library's search is fetched when the picture dialog first opens (issue 12's weight budget).
const loadPictureFinder = () => import("./picture-finder");
const PictureFinder = lazy(() => loadPictureFinder().then((module) => ({ default: module.PictureFinder })));
import { EditorDialog } from "./editor-dialog";
import { ariaKeys, SHORTCUT_ORDER, SHORTCUTS, shortcutLabel, type ShortcutId } from "./shortcuts";
import { Icon, type ToolIcon } from "./toolbar-icons";

export interface ToolbarProps {
  editor: Editor;
  headingLevels: number[];
  allowedBlocks: string[];
  /** Show shortcuts as a Mac's keyboard says them. */
  mac: boolean;
  onComment: () => void;
  /** The link dialog is opened from here and by Ctrl+K in the text, so the page holds whether it is open. */
  linkOpen: boolean;
  onLinkOpenChange: (open: boolean) => void;
}

interface ToolItem {
  key: string;
  /** The visible words are the accessible name, so speech control ("click Bold") works. */
  text: string;
  /** Words only screen readers hear before the visible ones ("Bulleted" list), where the button is short. */
  hiddenPrefix?: string;
  icon?: ToolIcon;
  run: () => void;
  active?: boolean;
  disabled?: boolean;
  shortcut?: ShortcutId;
}

const HEADING_NAMES = ["Heading", "Subheading", "Smaller subheading"];

export function Toolbar({
  editor,
  headingLevels,
  allowedBlocks,
  mac,
  onComment,
  linkOpen,
  onLinkOpenChange,
}: ToolbarProps) {
  const [, force] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  const [menuOpen, setMenuOpen] = useState(false);
  const [pictureOpen, setPictureOpen] = useState(false);
  const [languageOpen, setLanguageOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // A phone or tablet with no keyboard: shortcuts would only be clutter.
  const [keyboard] = useState(() => !window.matchMedia("(hover: none) and (pointer: coarse)").matches);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const menuRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const menuId = useId();
  const moreRef = useRef<HTMLButtonElement | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const rerender = () => force((n) => n + 1);
    editor.on("transaction", rerender);
    return () => {
      editor.off("transaction", rerender);
    };
  }, [editor]);

  // A tap or click anywhere else closes the menu, as menus do.
  useEffect(() => {
    if (!menuOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !moreRef.current?.contains(event.target as Node))
        setMenuOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [menuOpen]);

  const chain = () => editor.chain().focus();
  const allowed = (block: string) => allowedBlocks.includes(block);
  const levels = [...headingLevels].sort((a, b) => a - b);
  const headingItem = (level: number, index: number): ToolItem => ({
    key: `h${level}`,
    text: HEADING_NAMES[index] ?? `Heading ${level}`,
    icon: index === 0 ? "heading" : undefined,
    run: () =>
      chain()
        .toggleHeading({ level: level as 2 | 3 | 4 })
        .run(),
    active: editor.isActive("heading", { level }),
  });

  // Suggesting mode: what this writer types is shown as a suggestion instead of changing the words.
  const suggesting = isSuggesting(editor.state);
  const primary: ToolItem[] = [
    {
      key: "undo",
      text: "Undo",
      icon: "undo",
      run: () => chain().undo().run(),
      disabled: !editor.can().undo(),
      shortcut: "undo",
    },
    {
      key: "bold",
      text: "Bold",
      icon: "bold",
      run: () => chain().toggleBold().run(),
      active: editor.isActive("bold"),
      shortcut: "bold",
    },
    ...(allowed("heading") && levels.length > 0 ? [headingItem(levels[0]!, 0)] : []),
    ...(allowed("bulletList")
      ? [
          {
            key: "bullets",
            text: "List",
            hiddenPrefix: "Bulleted ",
            icon: "list" as const,
            run: () => chain().toggleBulletList().run(),
            active: editor.isActive("bulletList"),
          },
        ]
      : []),
    { key: "link", text: "Link", icon: "link", run: () => onLinkOpenChange(true), shortcut: "link" },
    { key: "comment", text: "Comment", icon: "comment", run: onComment, shortcut: "comment" },
  ];

  const more: ToolItem[] = [
    {
      key: "suggest",
      text: "Suggest changes",
      // On once what turns typing into suggestions has loaded (a moment, the first time), so no key is lost.
      run: () =>
        suggesting
          ? editor.chain().focus().setSuggesting(false).run()
          : void loadSuggesting().then(() => editor.chain().focus().setSuggesting(true).run()),
      active: suggesting,
    },
    { key: "redo", text: "Redo", run: () => chain().redo().run(), disabled: !editor.can().redo(), shortcut: "redo" },
    {
      key: "paragraph",
      text: "Normal text",
      run: () => chain().setParagraph().run(),
      active: editor.isActive("paragraph"),
    },
    ...(allowed("heading") ? levels.slice(1).map((level, index) => headingItem(level, index + 1)) : []),
    ...(allowed("orderedList")
      ? [
          {
            key: "numbers",
            text: "Numbered list",
            run: () => chain().toggleOrderedList().run(),
            active: editor.isActive("orderedList"),
          },
        ]
      : []),
    ...(allowed("keyInfo")
      ? [
          {
            key: "keyInfo",
            text: "Key information",
            run: () => chain().toggleWrap("keyInfo").run(),
            active: editor.isActive("keyInfo"),
          },
        ]
      : []),
    ...(allowed("contactBlock")
      ? [
          {
            key: "contact",
            text: "Contact details",
            run: () => chain().toggleWrap("contactBlock").run(),
            active: editor.isActive("contactBlock"),
          },
        ]
      : []),
    ...(allowed("easyReadRow")
      ? [{ key: "easyReadRow", text: "Easy Read row", run: () => void insertEasyReadRow(editor) }]
      : []),
    ...(allowed("image") || editor.isActive("easyReadRow")
      ? [
          {
            key: "picture",
            text: editor.isActive("easyReadRow")
              ? "Picture for this row"
              : editor.isActive("image")
                ? "Picture description"
                : "Picture",
            run: () => setPictureOpen(true),
          },
        ]
      : []),
    {
      key: "language",
      text: "Language of these words",
      run: () => setLanguageOpen(true),
      active: editor.isActive("language"),
      disabled: editor.state.selection.empty && !editor.isActive("language"),
    },
    ...(keyboard ? [{ key: "shortcuts", text: "Keyboard shortcuts", run: () => setShortcutsOpen(true) }] : []),
  ];

  const count = primary.length + 1; // and "More"
  const focusButton = (index: number) => {
    setFocusIndex(index);
    refs.current[index]?.focus();
  };

  const onToolbarKey = (event: KeyboardEvent) => {
    if (menuOpen) return; // the menu handles its own keys
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (event.key === "Home" || event.key === "End" || delta) {
      event.preventDefault();
      focusButton(event.key === "Home" ? 0 : event.key === "End" ? count - 1 : (focusIndex + delta + count) % count);
    }
    if (event.key === "Escape") {
      event.preventDefault();
      editor.commands.focus();
    }
  };

  const openMenu = (focus: "first" | "last") => {
    setMenuOpen(true);
    requestAnimationFrame(() => {
      const items = menuRefs.current.filter(Boolean);
      (focus === "first" ? items[0] : items[items.length - 1])?.focus();
    });
  };
  const closeMenu = (backToMore: boolean) => {
    setMenuOpen(false);
    if (backToMore) moreRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const items = menuRefs.current.slice(0, more.length);
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (next: number) => {
      event.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    };
    if (event.key === "ArrowDown") go(index + 1);
    else if (event.key === "ArrowUp") go(index - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(items.length - 1);
    else if (event.key === "Escape" || event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      closeMenu(true);
    } else if (event.key === "Tab") {
      // The menu goes; the focus stays somewhere known rather than falling to the page.
      event.preventDefault();
      closeMenu(true);
    } else return;
    event.stopPropagation();
  };

  const title = (item: ToolItem) =>
    item.shortcut ? `${item.hiddenPrefix ?? ""}${item.text} (${shortcutLabel(item.shortcut, mac)})` : undefined;
  const label = (item: ToolItem): ReactNode => (
    <>
      {item.hiddenPrefix ? <span className="visually-hidden">{item.hiddenPrefix}</span> : null}
      {item.text}
    </>
  );

  return (
    <div className="editor-toolbar-wrap">
      <div
        role="toolbar"
        aria-label="Formatting"
        aria-controls="document-text"
        className="editor-toolbar"
        onKeyDown={onToolbarKey}
        id="editor-toolbar"
      >
        {primary.map((item, index) => (
          <button
            key={item.key}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            className="toolbar-button"
            tabIndex={index === focusIndex ? 0 : -1}
            title={title(item)}
            aria-pressed={item.active === undefined ? undefined : item.active}
            aria-keyshortcuts={item.shortcut ? ariaKeys(item.shortcut, mac) : undefined}
            aria-disabled={item.disabled || undefined}
            onFocus={() => setFocusIndex(index)}
            onMouseDown={(event) => event.preventDefault() /* keep the text selection */}
            onClick={() => {
              if (!item.disabled) item.run();
            }}
          >
            {item.icon ? <Icon name={item.icon} /> : null}
            <span className="toolbar-button__text">{label(item)}</span>
          </button>
        ))}
        <div className="toolbar-more">
          <button
            ref={(el) => {
              refs.current[primary.length] = el;
              moreRef.current = el;
            }}
            type="button"
            className="toolbar-button"
            id={`${menuId}-button`}
            tabIndex={focusIndex === primary.length ? 0 : -1}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-controls={menuOpen ? menuId : undefined}
            onFocus={() => setFocusIndex(primary.length)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => (menuOpen ? closeMenu(false) : openMenu("first"))}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                event.stopPropagation();
                openMenu(event.key === "ArrowDown" ? "first" : "last");
              }
            }}
          >
            <Icon name="more" />
            <span className="toolbar-button__text">More</span>
          </button>
          {menuOpen ? (
            <div
              className="toolbar-menu"
              role="menu"
              id={menuId}
              aria-labelledby={`${menuId}-button`}
              ref={menuRef}
              onKeyDown={onMenuKey}
            >
              {more.map((item, index) => (
                <button
                  key={item.key}
                  ref={(el) => {
                    menuRefs.current[index] = el;
                  }}
                  type="button"
                  role={item.active === undefined ? "menuitem" : "menuitemcheckbox"}
                  aria-checked={item.active === undefined ? undefined : item.active}
                  aria-disabled={item.disabled || undefined}
                  aria-keyshortcuts={item.shortcut ? ariaKeys(item.shortcut, mac) : undefined}
                  tabIndex={-1}
                  className="toolbar-menu__item"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    if (item.disabled) return;
                    setMenuOpen(false);
                    item.run();
                  }}
                >
                  <span className="toolbar-menu__check" aria-hidden="true">
                    {item.active ? "✓" : ""}
                  </span>
                  <span className="toolbar-menu__text">{item.text}</span>
                  {item.shortcut && keyboard ? (
                    <span className="toolbar-menu__keys">{shortcutLabel(item.shortcut, mac)}</span>
                  ) : null}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      </div>
      <LinkDialog editor={editor} open={linkOpen} onClose={() => onLinkOpenChange(false)} />
      <PictureDialog editor={editor} open={pictureOpen} onClose={() => setPictureOpen(false)} />
      <LanguageDialog editor={editor} open={languageOpen} onClose={() => setLanguageOpen(false)} />
      <ShortcutsDialog
        open={shortcutsOpen}
        mac={mac}
        onClose={() => setShortcutsOpen(false)}
        returnFocus={() => moreRef.current?.focus()}
      />
    </div>
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
  const [found, setFound] = useState<FoundPicture | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const language = editor.view.dom.getAttribute("lang") ?? "en-GB";

  const submit = async () => {
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
        editor
          .chain()
          .focus()
          .insertContent({
            type: "image",
            attrs: { src: taken.url, alt: decorative ? "" : description, decorative, credit: taken.credit },
          })
          .run();
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
    if ("error" in uploaded) return setError(uploaded.error);
    // The group can find this picture again by what it shows.
    if (!decorative) void loadPictureFinder().then((module) => module.rememberDescription(uploaded.url, description));
    if (row) setRowPicture(editor, uploaded.url, description);
    else
      editor
        .chain()
        .focus()
        .insertContent({
          type: "image",
          attrs: { src: uploaded.url, alt: decorative ? "" : description, decorative },
        })
        .run();
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
        <Suspense fallback={<p className="hint">Getting the picture library…</p>}>
          <PictureFinder
            language={language}
            chosen={found}
            onChoose={(picture) => {
              // The picture's name fills the description while it is still the last one chosen (or empty).
              if (!alt.trim() || alt === found?.description) setAlt(picture.description);
              setFound(picture);
              if (fileRef.current) fileRef.current.value = "";
            }}
          />
        </Suspense>
      ) : null}
      {!existing || row ? (
        <div className="field">
          <label htmlFor="picture-file">
            {row?.src || found
              ? "Or a picture from your device (optional; PNG or JPEG, up to 2 MB)"
              : "Or a picture from your device (PNG or JPEG, up to 2 MB)"}
          </label>
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
