import type { ActionFunctionArgs } from "@remix-run/node";
import { errors } from "~/domain/errors";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** Only POST: checking may take a moment, and a GET would invite prefetching. */
export const loader = methodNotAllowed;

/**
 * POST (no body, or `{}`): the full check report for the document's current hash (cached by hash).
 * POST `{"dismiss": {"findingId", "reason"}}`: leave a warning or tip as it is, with a reason; returns the report.
 * POST `{"undismiss": {"findingId"}}`: bring a dismissed finding back; returns the report.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) => {
    const { checks } = context.services;
    const body = await readJson(request, { allowEmpty: true });
    if (body.dismiss !== undefined) return checks.dismissFinding(viewer, params.id!, body.dismiss);
    if (body.undismiss !== undefined) return checks.undismissFinding(viewer, params.id!, body.undismiss);
    if (Object.keys(body).length > 0) {
      throw errors.badRequest(
        'Send no body to check the document, or {"dismiss": {"findingId", "reason"}} to leave a finding as it is.',
      );
    }
    return checks.runChecks(viewer, params.id!);
  });
}
