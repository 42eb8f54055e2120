import { getSchema } from "@tiptap/core";
import { documentExtensions } from "./schema";

/** The ProseMirror schema built from the same extensions as the editor, for headless use on the server. */
export const documentSchema = getSchema(documentExtensions());
