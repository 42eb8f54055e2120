import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getViewer, signOutHeaders } from "~/session.server";

/** Ends this session; the sign-in page then removes this device's offline copies and says so. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (viewer) await context.services.auth.signOut(viewer);
  return redirect("/login", { headers: signOutHeaders(request) });
}

export async function loader() {
  return redirect("/documents");
}
