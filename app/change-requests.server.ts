/**
 * The "answer a change request" form action, shared by the editor page and the sign-off page.
 */
import { json, type AppLoadContext } from "@remix-run/node";
import { firstFieldErrors, type FieldErrors } from "./components/forms";
import { isAppError } from "./domain/errors";
import type { Viewer } from "../server/services/auth";

export interface AnswerResult {
  intent: "answer";
  requestId: string;
  ok: boolean;
  message?: string;
  error?: string;
  fields?: FieldErrors;
  note?: string;
}

export async function answerChangeRequestAction(
  context: AppLoadContext,
  viewer: Viewer,
  documentId: string,
  form: FormData,
) {
  const requestId = String(form.get("requestId") ?? "");
  const note = String(form.get("note") ?? "");
  try {
    const answer = await context.services.signoff.answerChangeRequest(viewer, documentId, requestId, {
      kind: form.get("kind"),
      note,
    });
    return json<AnswerResult>({
      intent: "answer",
      requestId,
      ok: true,
      message:
        answer.kind === "done"
          ? "Thank you. It shows as done now, and the person who asked has been told."
          : "Your reply has been sent.",
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<AnswerResult>(
      { intent: "answer", requestId, ok: false, error: error.message, fields: firstFieldErrors(error.details), note },
      { status: error.status },
    );
  }
}
