/**
 * Calls our own JSON API from the browser. Resolves with the parsed body; rejects with an Error whose message is
 * the server's plain-words message (or a plain one of ours when the request never reached the server).
 */
export async function callApi<T = unknown>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new Error(
      "That could not be sent: you seem to be offline. Nothing was lost — try again when you are connected.",
    );
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: fall through to a plain message below
  }
  if (!response.ok) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? "Something went wrong on our side. Please try again.");
  }
  return parsed as T;
}
