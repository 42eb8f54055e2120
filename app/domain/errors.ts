/**
 * One error shape for the whole app: a status for HTTP, a stable code for programs, and a message written for a
 * person (plain words, what to do next). Services throw these; routes turn them into JSON or form errors.
 */
const BRAND = Symbol.for("copress.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** "1 minute", "15 minutes", or "a few seconds" for a wait under a minute. */
function waitInWords(seconds: number): string {
  if (seconds < 60) return "a few seconds";
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export const errors = {
  badRequest: (message: string, details?: Record<string, unknown>) =>
    new AppError(400, "bad_request", message, details),
  unauthenticated: () => new AppError(401, "unauthenticated", "Please sign in first."),
  wrongPassword: () =>
    new AppError(
      401,
      "wrong_credentials",
      "That username and password didn't match. Try again, or ask your coordinator to reset it.",
    ),
  forbidden: (message = "Your role doesn't let you do that. Ask a coordinator if you need it.") =>
    new AppError(403, "forbidden", message),
  crossSite: () => new AppError(403, "cross_site_request", "This request came from another website, so we stopped it."),
  notFound: (what = "That page") =>
    new AppError(404, "not_found", `${what} could not be found. It may have been removed.`),
  conflict: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(409, code, message, details),
  gone: (message: string) => new AppError(410, "gone", message),
  tooLarge: (message: string) => new AppError(413, "too_large", message),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(
      429,
      "too_many_attempts",
      `Too many tries. Please wait ${waitInWords(retryAfterSeconds)} and try again.`,
      { retryAfterSeconds },
    ),
};

/**
 * Recognises an AppError by a global symbol rather than `instanceof`: the Remix build carries its own copy of this
 * module next to the one the server imports, and errors cross between them.
 */
export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
