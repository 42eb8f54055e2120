import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

/** GET: how far along the PDF is: {stage, fraction, done, error, fileUrl}. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, (viewer) => context.services.pdfJobs.status(viewer, params.id!));
}

export const action = methodNotAllowed;
