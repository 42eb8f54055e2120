/**
 * Owned mode: only a section's owner (and coordinators) may change it; everyone else can still read and comment.
 *
 * - A transaction filter refuses local edits that touch a section the person may not change. Changes arriving from
 *   others (through the shared document) are never filtered.
 * - Nothing is refused silently: every section the person may not change carries a node decoration (spec
 *   `ownedSection`) that the section view (section-view.ts) draws as the owner's name and a lock, before anyone
 *   types; and a refused edit marks that section as `refused`, which the section view draws as a message right
 *   there, with "Comment instead". The page is told too (`onRefused`), to say it politely to screen readers.
 */
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { canEditSection, type OwnershipMode, type SectionEditor } from "../domain/sections";
import { SUGGESTED } from "./suggestion-marks";

export interface RefusedSection {
  id: string;
  title: string;
  owner: string | null;
}

export interface OwnedSectionsOptions {
  person: () => SectionEditor;
  mode: () => OwnershipMode;
  /** Told when an edit was refused, so the page can say why (politely, to screen readers). */
  onRefused: (section: RefusedSection) => void;
}

/** What the section view is told about a section the person may not change. */
export interface OwnedSectionSpec {
  ownedSection: { owner: string | null; refused: boolean };
}

interface OwnedState {
  /** The section whose edit was just refused, until the person leaves it or dismisses the message. */
  refusedId: string | null;
  decorations: DecorationSet;
}

export const ownedSectionsKey = new PluginKey<OwnedState>("ownedSections");

type OwnedMeta = { refresh: true } | { refused: string | null };

/** Top-level sections whose content a transaction changes (ranges are in the document before the change). */
export function sectionsTouched(doc: ProseMirrorNode, tr: Transaction): ProseMirrorNode[] {
  const touched = new Set<ProseMirrorNode>();
  for (const step of tr.steps) {
    const ranges: Array<[number, number]> = [];
    step.getMap().forEach((oldStart, oldEnd) => ranges.push([oldStart, oldEnd]));
    // Mark steps (bold, a link) have an empty map too; they carry their range.
    const { from, to } = step as unknown as { from?: unknown; to?: unknown };
    if (ranges.length === 0 && typeof from === "number" && typeof to === "number") ranges.push([from, to]);
    ranges.forEach(([oldStart, oldEnd]) => {
      doc.forEach((section, offset) => {
        const start = offset;
        const end = offset + section.nodeSize;
        // A range touches a section when it overlaps it, or (an insertion) falls inside it. Ranges that only meet
        // its edge are its neighbour's: changing a section's own attributes replaces its opening and closing tokens,
        // which border the sections before and after it.
        const inside = oldStart === oldEnd ? oldStart > start && oldStart < end : oldStart < end && oldEnd > start;
        if (inside) touched.add(section);
      });
    });
    // Attribute steps (status, owner) have an empty map; they carry their position.
    const pos = (step as unknown as { pos?: number }).pos;
    if (typeof pos === "number") {
      const node = doc.nodeAt(pos);
      if (node?.type.name === "section") touched.add(node);
    }
  }
  return [...touched];
}

/**
 * Top-level sections that differ between two documents, in the newer one (new sections included). For changes
 * from others: the shared-document binding replaces the whole document in one step, so the steps can't tell.
 */
export function sectionsChangedBetween(before: ProseMirrorNode, after: ProseMirrorNode): ProseMirrorNode[] {
  const old = new Map<string, ProseMirrorNode>();
  before.forEach((section) => {
    if (section.attrs.id) old.set(String(section.attrs.id), section);
  });
  const changed: ProseMirrorNode[] = [];
  after.forEach((section) => {
    const previous = old.get(String(section.attrs.id));
    if (!previous || (previous !== section && !previous.eq(section))) changed.push(section);
  });
  return changed;
}

/** The id of the top-level section holding a position, or null. */
function sectionIdAtPos(doc: ProseMirrorNode, pos: number): string | null {
  const $pos = doc.resolve(Math.min(Math.max(pos, 0), doc.content.size));
  return $pos.depth >= 1 && $pos.node(1).type.name === "section" ? String($pos.node(1).attrs.id) : null;
}

/** Node decorations for the sections this person may not change in this mode (none in collective mode). */
export function lockedSectionDecorations(
  doc: ProseMirrorNode,
  person: SectionEditor,
  mode: OwnershipMode,
  refusedId: string | null,
): DecorationSet {
  // People who can't change any text are told once for the whole page; a lock on every section would be noise.
  if (mode === "collective" || !person.canEditContent) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.forEach((section, offset) => {
    if (section.type.name !== "section") return;
    const owner = (section.attrs.owner as string | null) ?? null;
    if (canEditSection(person, mode, owner)) return;
    const refused = refusedId !== null && section.attrs.id === refusedId;
    const spec: OwnedSectionSpec = { ownedSection: { owner, refused } };
    decorations.push(
      Decoration.node(
        offset,
        offset + section.nodeSize,
        { class: `doc-section--locked${refused ? " doc-section--refused" : ""}` },
        spec,
      ),
    );
  });
  return DecorationSet.create(doc, decorations);
}

/** Redraws the locks (after the ownership mode or the person's rights changed, which are not in the document). */
export function refreshOwnedSections(view: EditorView): void {
  view.dispatch(
    view.state.tr.setMeta(ownedSectionsKey, { refresh: true } satisfies OwnedMeta).setMeta("addToHistory", false),
  );
}

/** Takes the "you can't change this" message away (the person pressed "OK"). */
export function dismissRefusal(view: EditorView): void {
  view.dispatch(
    view.state.tr.setMeta(ownedSectionsKey, { refused: null } satisfies OwnedMeta).setMeta("addToHistory", false),
  );
}

/** The section whose edit was just refused, if its message is showing. */
export function refusedSectionId(state: EditorState): string | null {
  return ownedSectionsKey.getState(state)?.refusedId ?? null;
}

export const OwnedSections = Extension.create<OwnedSectionsOptions>({
  name: "ownedSections",
  addOptions() {
    return {
      person: () => ({ userId: "", canEditContent: false, isCoordinator: false }),
      mode: () => "collective",
      onRefused: () => {},
    };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    let view: EditorView | null = null;
    const build = (doc: ProseMirrorNode, refusedId: string | null) =>
      lockedSectionDecorations(doc, options.person(), options.mode(), refusedId);
    return [
      new Plugin<OwnedState>({
        key: ownedSectionsKey,
        state: {
          init: (_, state) => ({ refusedId: null, decorations: build(state.doc, null) }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(ownedSectionsKey) as OwnedMeta | undefined;
            let refusedId = meta && "refused" in meta ? meta.refused : value.refusedId;
            // The message stays while the person is in that section; leaving it (or the section going) clears it.
            if (refusedId && !meta && tr.selectionSet && sectionIdAtPos(state.doc, state.selection.from) !== refusedId)
              refusedId = null;
            if (!meta && !tr.docChanged && refusedId === value.refusedId) return value;
            return { refusedId, decorations: build(state.doc, refusedId) };
          },
        },
        view(editorView) {
          view = editorView;
          return {
            destroy() {
              view = null;
            },
          };
        },
        props: { decorations: (state) => ownedSectionsKey.getState(state)?.decorations ?? DecorationSet.empty },
        filterTransaction(tr, state) {
          // A suggestion (app/editor/suggesting.ts) is how people change a section they may not change themselves.
          if (!tr.docChanged || tr.getMeta(ySyncPluginKey) || tr.getMeta(SUGGESTED)) return true;
          const mode = options.mode();
          if (mode === "collective") return true;
          const person = options.person();
          const refused = sectionsTouched(state.doc, tr).find(
            (section) => !canEditSection(person, mode, section.attrs.owner as string | null),
          );
          if (!refused) return true;
          const section: RefusedSection = {
            id: String(refused.attrs.id),
            title: String(refused.attrs.title ?? ""),
            owner: (refused.attrs.owner as string | null) ?? null,
          };
          options.onRefused(section);
          // A filter must not dispatch; show the message right after this transaction has been dropped.
          if (view && ownedSectionsKey.getState(state)?.refusedId !== section.id) {
            const target = view;
            queueMicrotask(() => {
              if (!target.isDestroyed)
                target.dispatch(
                  target.state.tr
                    .setMeta(ownedSectionsKey, { refused: section.id } satisfies OwnedMeta)
                    .setMeta("addToHistory", false),
                );
            });
          }
          return false;
        },
      }),
    ];
  },
});
