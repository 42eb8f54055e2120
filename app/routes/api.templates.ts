import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed } from "~/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiRoute(request, context, () => ({ templates: context.services.documents.listTemplates() }));
}

export const action = methodNotAllowed;
