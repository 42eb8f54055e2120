/**
 * Building and reading the Y.Doc of a document with the one schema (docs/ARCHITECTURE.md, "The Y.Doc of a document").
 */
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import {
  hashDocument,
  type CanonicalDocument,
  type DocumentHashes,
  type DocumentMeta,
} from "../../app/domain/document-hash";
import { newSectionId, type SectionStatus } from "../../app/editor/schema";
import { documentSchema } from "../../app/editor/schema.server";
import { sha256Hex } from "./secrets";

export interface StarterSection {
  /** Kept when given (a translation keeps its source's section ids, which link the two); new otherwise. */
  id?: string;
  title: string;
  owner?: string | null;
  status?: SectionStatus;
  contentNote?: string | null;
  blocks: unknown[];
}

/** A new document's complete state, made on the server so clients never race to insert starting content. */
export function buildInitialState(
  meta: DocumentMeta,
  design: Record<string, unknown>,
  sections: StarterSection[],
): Uint8Array {
  const doc = new Y.Doc();
  const json = {
    type: "doc",
    content: sections.map((section) => ({
      type: "section",
      attrs: {
        id: section.id ?? newSectionId(),
        title: section.title,
        owner: section.owner ?? null,
        status: section.status ?? "drafting",
        contentNote: section.contentNote ?? null,
      },
      content: section.blocks,
    })),
  };
  documentSchema.nodeFromJSON(json).check(); // refuses content the schema does not allow
  prosemirrorJSONToYXmlFragment(documentSchema, json, doc.getXmlFragment("content"));
  const metaMap = doc.getMap("meta");
  metaMap.set("title", meta.title);
  metaMap.set("language", meta.language);
  metaMap.set("readingAge", meta.readingAge);
  const designMap = doc.getMap("design");
  for (const [key, value] of Object.entries(design)) designMap.set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

export function readCanonical(doc: Y.Doc): CanonicalDocument {
  const meta = doc.getMap("meta").toJSON() as Partial<DocumentMeta>;
  return {
    content: yXmlFragmentToProsemirrorJSON(doc.getXmlFragment("content")),
    meta: { title: meta.title ?? "", language: meta.language ?? "en-GB", readingAge: meta.readingAge ?? "9–11" },
    design: doc.getMap("design").toJSON(),
  };
}

export function hashCanonical(document: CanonicalDocument): DocumentHashes {
  return hashDocument(document, sha256Hex);
}

/** A document at one moment: its full Yjs state, and the canonical document and hashes read from that state. */
export interface DocumentSnapshot {
  state: Uint8Array;
  canonical: CanonicalDocument;
  hashes: DocumentHashes;
}

/** The canonical document held in an encoded state (`Y.encodeStateAsUpdate`), read from a copy of its own. */
export function canonicalOfState(state: Uint8Array): CanonicalDocument {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readCanonical(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Encodes the document once and reads everything else from that encoding, so the state, the canonical document
 * and the hashes are the same version by construction. Synchronous: take it before any `await`, or a change that
 * arrives meanwhile can end up in one part and not another.
 */
export function takeSnapshot(doc: Y.Doc): DocumentSnapshot {
  const state = Y.encodeStateAsUpdate(doc);
  const canonical = canonicalOfState(state);
  return { state, canonical, hashes: hashCanonical(canonical) };
}
