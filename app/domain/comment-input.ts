/**
 * What a comment may say: read on the server only. Kept apart from comment-threads.ts so the editor, which reads
 * threads to draw them, loads no validation library (issue 12's weight budget).
 */
import * as z from "zod/mini";
import { MAX_COMMENT_LENGTH } from "./comment-threads";

export const commentText = z
  .string({ error: "Write a comment first." })
  .check(
    z.trim(),
    z.minLength(1, "Write a comment first."),
    z.maxLength(MAX_COMMENT_LENGTH, `Keep comments under ${MAX_COMMENT_LENGTH.toLocaleString("en-GB")} characters.`),
  );
