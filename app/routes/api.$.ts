import { json } from "@remix-run/node";

const notFound = () =>
  json({ error: { code: "not_found", message: "There is no API route at this address." } }, { status: 404 });

export const loader = notFound;
export const action = notFound;
