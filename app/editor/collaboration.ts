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
 * TipTap's EditorContent also hands the view its node views a second time once it is on the page (for React node
 * views, which need the page's React tree). Ours are plain DOM node views, given to the view when it is made; a second,
 * identical set would make ProseMirror redraw every block again, so the second hand-over is skipped.
 */
import Collaboration from "@tiptap/extension-collaboration";
import { Plugin, type PluginSpec } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

interface SyncState {
  binding: { _forceRerender(): void };
}

export const CollaborationDrawnOnce = Collaboration.extend({
  onBeforeCreate(event) {
    this.parent?.(event);
    // Node views are given to the view when it is made (TipTap's createView): EditorContent's second hand-over is
    // skipped.
    this.editor.createNodeViews = () => undefined;
  },
  addProseMirrorPlugins() {
    // A new mapping for each binding: the plugins are made once per editor.
    this.options.ySyncOptions = { ...this.options.ySyncOptions, mapping: new Map() };
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
            (ySyncPluginKey.getState(view.state) as SyncState | undefined)?.binding._forceRerender();
          }
          return pluginView;
        },
      };
      return new Plugin(spec);
    });
  },
});
