import { isAppError } from "./domain/errors";

/**
 * A release behind its unguessable share link (the web version and its PDF): readable without signing in, kept
 * out of search engines, cached briefly; a link that does not work says so in plain words.
 */
export async function sharedReleaseResponse(
  load: () => Promise<{ body: BodyInit; headers: Record<string, string> }>,
): Promise<Response> {
  try {
    const { body, headers } = await load();
    return new Response(body, {
      headers: { ...headers, "Cache-Control": "public, max-age=300", "X-Robots-Tag": "noindex" },
    });
  } catch (error) {
    if (isAppError(error))
      return new Response("This link doesn't work. Ask the charity for a new one.", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw error;
  }
}
