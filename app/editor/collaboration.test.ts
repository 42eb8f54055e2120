// @vitest-environment jsdom
import { Editor, getSchema } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { prosemirrorJSONToYXmlFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { CollaborationDrawnOnce } from "./collaboration";
import { documentExtensions } from "./schema";
import { sectionWithView } from "./section-view";

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  document.body.innerHTML = "";
});

const content = {
  type: "doc",
  content: [
    {
      type: "section",
      attrs: { id: "s-1", title: "Who this is for" },
      content: [{ type: "paragraph", content: [{ type: "text", text: "For women who rent their home." }] }],
    },
  ],
};

function sharedDoc(): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(getSchema(documentExtensions()), content, doc.getXmlFragment("content"));
  return doc;
}

function editorOn(doc: Y.Doc, collaboration: typeof Collaboration = CollaborationDrawnOnce): Editor {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [
      ...documentExtensions({ section: sectionWithView({ ownerName: () => null, commentShortcut: "Ctrl+Alt+M" }) }),
      collaboration.configure({ document: doc, field: "content" }),
    ],
  });
  editors.push(editor);
  return editor;
}

const bindingOf = (editor: Editor) =>
  (ySyncPluginKey.getState(editor.state) as { binding: { _forceRerender(): void } }).binding;
const addPlugin = (editor: Editor) =>
  editor.registerPlugin(new Plugin({ key: new PluginKey(`later-${Math.random()}`) }));

describe("the editor's link to the shared document", () => {
  it("draws the shared document once: a plugin added later, or node views handed over again, redraw nothing", () => {
    const editor = editorOn(sharedDoc());
    const paragraph = editor.view.dom.querySelector(".doc-section__content p");
    expect(paragraph?.textContent).toBe("For women who rent their home.");
    const drawn = vi.spyOn(bindingOf(editor), "_forceRerender");
    addPlugin(editor);
    editor.createNodeViews(); // as TipTap's EditorContent does once it is on the page
    expect(drawn).not.toHaveBeenCalled();
    expect(editor.view.dom.querySelector(".doc-section__content p")).toBe(paragraph);

    // TipTap's own Collaboration draws it again from the Y.Doc, and the node views handed over again rebuild every
    // block on the page (what this extension saves a slow phone from).
    const plain = editorOn(sharedDoc(), Collaboration);
    const before = plain.view.dom.querySelector(".doc-section__content p");
    const redrawn = vi.spyOn(bindingOf(plain), "_forceRerender");
    addPlugin(plain);
    expect(redrawn).toHaveBeenCalled();
    plain.createNodeViews();
    expect(plain.view.dom.querySelector(".doc-section__content p")).not.toBe(before);
  });

  it("starts with the shared document: no second drawing replaces an empty one", () => {
    const doc = sharedDoc();
    const element = document.createElement("div");
    document.body.append(element);
    const replaced: boolean[] = [];
    const editor = new Editor({
      element,
      extensions: [...documentExtensions(), CollaborationDrawnOnce.configure({ document: doc, field: "content" })],
      onTransaction: ({ transaction }) => replaced.push(transaction.docChanged),
    });
    editors.push(editor);
    expect(editor.getText()).toContain("For women who rent their home.");
    expect(replaced).not.toContain(true);
    // y-prosemirror knows each block on the page as the Y.Doc's: a change from elsewhere redraws only its own words.
    const { mapping } = bindingOf(editor) as unknown as { mapping: Map<unknown, unknown> };
    expect(mapping.get(doc.getXmlFragment("content").get(0))).toBe(editor.state.doc.child(0));

    // An empty shared document is drawn as before (the schema's empty document).
    const empty = editorOn(new Y.Doc());
    expect(empty.state.doc.childCount).toBeGreaterThan(0);
  });

  it("still carries changes both ways after a plugin is added", () => {
    const doc = sharedDoc();
    const editor = editorOn(doc);
    addPlugin(editor);
    // Typed here: in the shared document.
    editor.commands.insertContentAt(editor.state.doc.content.size - 2, " Or who own it.");
    expect(doc.getXmlFragment("content").toString()).toContain("For women who rent their home. Or who own it.");
    // Typed elsewhere: on the page.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const section = other.getXmlFragment("content").get(0) as Y.XmlElement;
    const text = (section.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "Hello. ");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(editor.getText()).toContain("Hello. For women who rent their home. Or who own it.");
  });
});
