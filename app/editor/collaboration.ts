/**
 * The editor's link to the shared Y.Doc: TipTap's Collaboration, with the document drawn once instead of over and
 * over (issue 12: tap to type on a phone).
 *
 * y-prosemirror draws the whole document from the Y.Doc whenever its plugin view is made, and that happens again each
 * time a plugin is added to the editor later (app/editor/later-cursors.ts, once the page is idle). Each drawing makes
 * a new ProseMirror node for every block from the Y.Doc, which ProseMirror then compares with the page block by block:
 * on a slow phone a pause just when the person taps to type. Given a mapping of its own (the binding keeps it up to
 * date with every change), y-prosemirror does not draw again; this extension draws the document itself when the first
 * view is made, exactly as y-prosemirror would have.
 *
 * Even that first drawing was a second one: TipTap makes the view with an empty document and y-prosemirror then
 * replaces it with the Y.Doc's, a transaction that every plugin sees and a second pass over the page. The editor now
 * starts with the Y.Doc's document itself (y-prosemirror's `initProseMirrorDoc`, whose mapping the binding then
 * keeps), so the words are drawn once, as the view is made. A document the schema would not accept as it stands
 * (it cannot happen through the editor, but a Y.Doc is data) is drawn the old way, which fits it to the schema.
 *
 * TipTap's EditorContent also hands the view its node views a second time once it is on the page (for React node
 * views, which need the page's React tree). Ours are plain DOM node views, given to the view when it is made; a second,
 * identical set would make ProseMirror redraw every block again, so the second hand-over is skipped.
 */
import type { Content, Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { Plugin, type PluginSpec } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { initProseMirrorDoc, ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";

interface SyncState {
  binding: { _forceRerender(): void };
}

/** The Y.Doc's document each editor starts with, and y-prosemirror's mapping of its blocks to the Y.Doc's. */
const firstDocuments = new WeakMap<
  Editor,
  { doc: ProseMirrorNode; mapping: Map<Y.AbstractType<unknown>, ProseMirrorNode> }
>();

export const CollaborationDrawnOnce = Collaboration.extend({
  onBeforeCreate(event) {
    this.parent?.(event);
    // Node views are given to the view when it is made (TipTap's createView): EditorContent's second hand-over is
    // skipped.
    this.editor.createNodeViews = () => undefined;
    // The editor starts with the Y.Doc's document (the schema exists by now; the first document is made next).
    const fragment = this.options.fragment ?? this.options.document?.getXmlFragment(this.options.field);
    if (!fragment || fragment.length === 0) return;
    const { doc, mapping } = initProseMirrorDoc(fragment, this.editor.schema);
    try {
      doc.check();
    } catch {
      return;
    }
    firstDocuments.set(this.editor, { doc, mapping });
    // TipTap takes a ProseMirror document as it is (its types name only JSON and HTML).
    this.editor.options.content = doc as unknown as Content;
  },
  addProseMirrorPlugins() {
    // A mapping for each binding (the plugins are made once per editor): the first document's, when it started with
    // one.
    const initial = firstDocuments.get(this.editor);
    firstDocuments.delete(this.editor);
    this.options.ySyncOptions = { ...this.options.ySyncOptions, mapping: initial?.mapping ?? new Map() };
    const plugins = this.parent?.() ?? [];
    return plugins.map((plugin) => {
      if (plugin.spec.key !== ySyncPluginKey || !plugin.spec.view) return plugin;
      const makeView = plugin.spec.view;
      let drawn = false;
      const spec: PluginSpec<unknown> = {
        ...plugin.spec,
        view: (view: EditorView) => {
          const pluginView = makeView(view);
          if (!drawn) {
            drawn = true;
            // Already on the page, block for block, unless the view started with another document.
            if (view.state.doc !== initial?.doc)
              (ySyncPluginKey.getState(view.state) as SyncState | undefined)?.binding._forceRerender();
          }
          return pluginView;
        },
      };
      return new Plugin(spec);
    });
  },
});
