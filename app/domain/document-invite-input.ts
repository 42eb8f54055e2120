/**
 * What a document invite may ask for: read on the server only. Kept apart from document-invites.ts so the Share
 * dialog loads no validation library (issue 12's weight budget).
 */
import * as z from "zod/mini";
import { DOCUMENT_INVITE_ROLES } from "./document-invites";

export const documentInviteInput = z.object({
  role: z.enum(DOCUMENT_INVITE_ROLES, {
    error: "Choose what they will do: write, comment and sign off, design, or read only.",
  }),
  note: z._default(z.optional(z.string().check(z.trim(), z.maxLength(200, "Keep the note under 200 characters."))), ""),
});
