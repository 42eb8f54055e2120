import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect((await getViewer(request, context)) ? "/documents" : "/login");
}
