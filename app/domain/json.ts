/** A JSON object as read from the outside (a document's ProseMirror JSON, a request body): nothing assumed yet. */
export type Json = Record<string, unknown>;

/** A plain object (not null, not an array): the first step of every lenient or strict reading of JSON. */
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
