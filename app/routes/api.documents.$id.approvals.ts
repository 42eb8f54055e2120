import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, methodNotAllowed, readJson } from "~/session.server";

/** GET: the sign-off state of the live version: hashes, policy result (met/unmet), every approval with its status. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return apiRoute(request, context, async (viewer) => {
    const state = await context.services.signoff.reviewState(viewer, params.id!);
    return {
      hash: state.hash,
      contentHash: state.contentHash,
      designHash: state.designHash,
      policy: state.policy,
      ...state.result,
    };
  });
}

/** POST {scope, decision, hash, comment} → 201, or 409 when `hash` is no longer the current version. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  return apiRoute(request, context, async (viewer) =>
    json(await context.services.signoff.decide(viewer, params.id!, await readJson(request)), { status: 201 }),
  );
}
