/**
 * Comment threads as they are kept in a document's `comments` Y.Map. Only the server writes them (the comments API
 * stamps who wrote what and when); the editor and the server read them through `readThreadRecords`.
 *
 *   comments: Y.Map<threadId, Y.Map{ id, sectionId, anchor, head (base64 Yjs relative positions), quote,
 *                                     createdBy, createdByName, createdAt, resolved, resolvedBy, resolvedById,
 *                                     messages: Y.Array<{ id, authorId, authorName, text, at, editedAt? }> }>
 *
 * Each thread is a nested Y.Map, so replies written at the same moment never overwrite each other.
 */
import * as Y from "yjs";

export interface CommentMessage {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
  /** When the author last changed the words (absent when never edited). */
  editedAt?: string;
}

export interface CommentThreadRecord {
  id: string;
  sectionId: string;
  /** Base64 Yjs relative positions of the start and end of the commented words. */
  anchor: string;
  head: string;
  quote: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  resolved: boolean;
  /** Name of the person who resolved it (kept for threads resolved before ids were recorded). */
  resolvedBy: string | null;
  resolvedById: string | null;
  messages: CommentMessage[];
}

export const MAX_COMMENT_LENGTH = 2000;
export const MAX_QUOTE_LENGTH = 300;

const str = (value: unknown) => (typeof value === "string" ? value : "");

function readMessage(value: unknown): CommentMessage | null {
  if (!value || typeof value !== "object") return null;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== "string") return null;
  return {
    id: m.id,
    authorId: str(m.authorId),
    authorName: str(m.authorName),
    text: str(m.text),
    at: str(m.at),
    ...(typeof m.editedAt === "string" ? { editedAt: m.editedAt } : {}),
  };
}

/** One thread's plain record, or null when the value is not a thread. */
export function readThreadRecord(value: unknown): CommentThreadRecord | null {
  if (!(value instanceof Y.Map)) return null;
  const messages = value.get("messages");
  return {
    id: str(value.get("id")),
    sectionId: str(value.get("sectionId")),
    anchor: str(value.get("anchor")),
    head: str(value.get("head")),
    quote: str(value.get("quote")),
    createdBy: str(value.get("createdBy")),
    createdByName: str(value.get("createdByName")),
    createdAt: str(value.get("createdAt")),
    resolved: value.get("resolved") === true,
    resolvedBy: typeof value.get("resolvedBy") === "string" ? (value.get("resolvedBy") as string) : null,
    resolvedById: typeof value.get("resolvedById") === "string" ? (value.get("resolvedById") as string) : null,
    messages:
      messages instanceof Y.Array
        ? messages
            .toArray()
            .map(readMessage)
            .filter((m): m is CommentMessage => m !== null)
        : [],
  };
}

/** Every thread of a document, oldest first. */
export function readThreadRecords(doc: Y.Doc): CommentThreadRecord[] {
  const threads: CommentThreadRecord[] = [];
  for (const value of doc.getMap("comments").values()) {
    const thread = readThreadRecord(value);
    if (thread) threads.push(thread);
  }
  return threads.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
