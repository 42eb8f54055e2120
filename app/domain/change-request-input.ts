/**
 * What an answer to a change request may say: read on the server only. Kept apart from change-requests.ts so the
 * pages that show change requests load no validation library (issue 12's weight budget).
 */
import * as z from "zod/mini";

export const answerInput = z.object({
  kind: z.enum(["reply", "done"], { error: "Choose whether you are replying or saying the change is done." }),
  note: z._default(
    z
      .string({ error: "Write a short note." })
      .check(z.trim(), z.maxLength(1000, "Keep your note under 1,000 characters.")),
    "",
  ),
});
