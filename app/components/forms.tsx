import { useEffect, useRef } from "react";

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Following a summary link focuses its field without changing the URL's #hash: Remix treats a hash change as a new
 * navigation and would drop the form's errors (and the summary) at that moment.
 */
function focusField(event: React.MouseEvent<HTMLAnchorElement>) {
  const field = document.getElementById(event.currentTarget.hash.slice(1));
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.scrollIntoView({ block: "center" });
}

/** GOV.UK-style error summary: a heading, then a link to each field with a problem. Takes focus when shown. */
export function ErrorSummary({ errors, formError }: { errors?: FieldErrors; formError?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, message]) => message);
  const hasContent = entries.length > 0 || Boolean(formError);
  useEffect(() => {
    if (hasContent) ref.current?.focus();
  }, [hasContent, formError, entries.length]);
  if (!hasContent) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {formError ? <li>{formError}</li> : null}
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`} onClick={focusField}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A field's error message, said as an error to screen readers; nothing when there is none. */
export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

export function TextField({
  name,
  label,
  hint,
  error,
  type = "text",
  defaultValue,
  autoComplete,
  required,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  type?: "text" | "password" | "date";
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
}) {
  const describedBy =
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${name}-error`} error={error} />
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** First message per field from a zod-style `{fields: {name: [message]}}`. */
export function firstFieldErrors(details: unknown): FieldErrors {
  const fields = (details as { fields?: Record<string, string[] | undefined> } | undefined)?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([key, messages]) => [key, messages?.[0]]));
}

/** What a form action returns when it cannot do what was asked (or says it did). */
export interface FormResult {
  ok?: boolean;
  errors?: FieldErrors;
  formError?: string;
  message?: string;
  values?: Record<string, string>;
}
