import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { errors } from "~/domain/errors";
import { apiRoute, clearSessionCookie, errorResponse, getViewer, methodNotAllowed, readJson, sessionCookie } from "~/session.server";

const credentials = z.object({
  username: z.string({ error: "Enter your username." }).trim().min(1, "Enter your username.").max(100),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});

/** POST: sign in → {token} + session cookie. DELETE: sign out (the session and its token stop working). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method === "DELETE") {
    return apiRoute(request, context, (viewer) => {
      context.services.auth.signOut(viewer);
      return json({ signedOut: true }, { headers: { "Set-Cookie": clearSessionCookie() } });
    });
  }
  if (request.method !== "POST") return methodNotAllowed();
  try {
    const parsed = credentials.safeParse(await readJson(request));
    if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message);
    const { token, viewer } = await context.services.auth.signIn(parsed.data.username, parsed.data.password, context.clientAddress);
    return json(
      { token, user: { username: viewer.username, displayName: viewer.displayName, roles: viewer.member.roles } },
      { headers: { "Set-Cookie": sessionCookie(token, request, context.services.config.SESSION_DAYS) } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET: who am I (handy for scripts checking a token). */
export async function loader({ request, context }: ActionFunctionArgs) {
  const viewer = getViewer(request, context);
  if (!viewer) return errorResponse(errors.unauthenticated());
  return json({
    user: { id: viewer.userId, username: viewer.username, displayName: viewer.displayName },
    workspace: { id: viewer.member.workspaceId, name: viewer.member.workspaceName },
    roles: viewer.member.roles,
  });
}
