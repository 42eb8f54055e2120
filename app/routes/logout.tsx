import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, getViewer } from "~/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = getViewer(request, context);
  if (viewer) context.services.auth.signOut(viewer);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export async function loader() {
  return redirect("/documents");
}
