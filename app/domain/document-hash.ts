import canonicalize from "canonicalize";

/**
 * The canonical document and its hashes (docs/ARCHITECTURE.md, "Sign-off").
 * Canonical form is RFC 8785 JSON (keys sorted), hashed as UTF-8 with SHA-256.
 * The SHA-256 function is passed in so this module stays pure and runs in the browser and on the server alike.
 */
export type Sha256Hex = (utf8: string) => string;

export interface DocumentMeta {
  title: string;
  language: string;
  readingAge: string;
}

export interface CanonicalDocument {
  content: unknown; // ProseMirror JSON of the `content` fragment
  meta: DocumentMeta;
  design: Record<string, unknown>;
}

export interface DocumentHashes {
  hash: string;
  contentHash: string;
  designHash: string;
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("This value cannot be written as canonical JSON.");
  return text;
}

export function hashDocument(document: CanonicalDocument, sha256: Sha256Hex): DocumentHashes {
  const contentHash = sha256(canonicalJson({ content: document.content, meta: document.meta }));
  const designHash = sha256(canonicalJson(document.design));
  const hash = sha256(`${contentHash}${designHash}`);
  return { hash, contentHash, designHash };
}
