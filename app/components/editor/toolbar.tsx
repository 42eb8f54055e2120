/**
 * The formatting toolbar, for people who may change the words: one row of what people use most (Undo, Bold,
 * Heading, List, Link, Comment) and "More" for the rest, so on a phone it takes one short row and the words come
 * first. One tab stop; arrow keys move between buttons (WAI-ARIA toolbar pattern); "More" opens a menu (arrow keys,
 * Escape). Alt+F10 in the text jumps here, as in Google Docs and Word. The link, picture and keyboard-shortcut
 * forms are dialogs, so they appear wherever the person has scrolled to.
 */
import { EDIT_PICTURE_EVENT } from "~/editor/picture-view";
import type { Editor } from "@tiptap/core";
import { PartBoundary } from "../part-boundary";
import { lazy, Suspense, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { insertEasyReadRow } from "~/editor/easy-read";
import { isSuggesting, loadSuggesting } from "~/editor/suggesting";
import { whenIdle } from "../editor-code";
import { ariaKeys, shortcutLabel, type ShortcutId } from "./shortcuts";
import { Icon, type ToolIcon } from "./toolbar-icons";

// The picture library's search is fetched when the picture dialog first opens (issue 12's weight budget).
// The link, picture, language and shortcut dialogs: fetched when the page is idle, or when one is first opened.
const loadDialogs = () => import("./toolbar-dialogs");
const ToolbarDialogs = lazy(() => loadDialogs().then((module) => ({ default: module.ToolbarDialogs })));

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
  // "Change description" under a picture in the text (picture-view.ts) opens the picture dialog on it.
  useEffect(() => {
    const element = editor.view.dom;
    const open = () => setPictureOpen(true);
    element.addEventListener(EDIT_PICTURE_EVENT, open);
    return () => element.removeEventListener(EDIT_PICTURE_EVENT, open);
  }, [editor]);
  const [languageOpen, setLanguageOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // The dialogs' code, once fetched in idle time, stays drawn (closed) so each opens at once.
  const [dialogsWanted, setDialogsWanted] = useState(false);
  useEffect(
    () =>
      whenIdle(
        () =>
          void loadDialogs().then(
            () => setDialogsWanted(true),
            () => undefined, // fetched again when one is opened
          ),
        5000,
      ),
    [],
  );
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
    // First: a review found people looking for it (it was sixth, after the text styles).
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
      {dialogsWanted || linkOpen || pictureOpen || languageOpen || shortcutsOpen ? (
        <PartBoundary what="the link and picture forms">
          <Suspense fallback={null}>
            <ToolbarDialogs
              editor={editor}
              mac={mac}
              linkOpen={linkOpen}
              onLinkClose={() => onLinkOpenChange(false)}
              pictureOpen={pictureOpen}
              onPictureClose={() => setPictureOpen(false)}
              languageOpen={languageOpen}
              onLanguageClose={() => setLanguageOpen(false)}
              shortcutsOpen={shortcutsOpen}
              onShortcutsClose={() => setShortcutsOpen(false)}
              shortcutsReturnFocus={() => moreRef.current?.focus()}
            />
          </Suspense>
        </PartBoundary>
      ) : null}
    </div>
  );
}
