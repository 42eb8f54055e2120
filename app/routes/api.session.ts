import { json, type ActionFunctionArgs } from "@remix-run/node";
import { errors } from "~/domain/errors";
import { signInInput } from "~/domain/sign-in";
import {
  apiRoute,
  clearSessionCookie,
  errorResponse,
  getViewer,
  methodNotAllowed,
  readJson,
  sessionCookie,
} from "~/session.server";

/** POST: sign in → {token} + session cookie. DELETE: sign out (the session and its token stop working). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method === "DELETE") {
    return apiRoute(request, context, async (viewer) => {
      await context.services.auth.signOut(viewer);
      return json({ signedOut: true }, { headers: { "Set-Cookie": clearSessionCookie() } });
    });
  }
  if (request.method !== "POST") return methodNotAllowed();
  try {
    const parsed = signInInput.safeParse(await readJson(request));
    if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message);
    const { token, viewer } = await context.services.auth.signIn(
      parsed.data.username,
      parsed.data.password,
      context.clientAddress,
    );
    return json(
      {
        token,
        user: {
          id: viewer.userId,
          username: viewer.username,
          displayName: viewer.displayName,
          roles: viewer.member.roles,
        },
      },
      { headers: { "Set-Cookie": sessionCookie(token, request, context.services.config.SESSION_DAYS) } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET: who am I (handy for scripts checking a token). */
export async function loader({ request, context }: ActionFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (!viewer) return errorResponse(errors.unauthenticated());
  return json({
    user: { id: viewer.userId, username: viewer.username, displayName: viewer.displayName },
    workspace: { id: viewer.member.workspaceId, name: viewer.member.workspaceName },
    roles: viewer.member.roles,
  });
}
