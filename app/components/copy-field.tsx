import { forwardRef, useEffect, useRef, useState } from "react";

type CopyState = "idle" | "copied" | "manual";

const MESSAGES: Record<Exclude<CopyState, "idle">, string> = {
  copied: "Copied. You can paste it into a message now.",
  manual:
    "Your browser didn't let Copress copy it. The link is selected in the box: press Ctrl and C (or ⌘ and C on a Mac) to copy it, or press and hold it on a phone.",
};

/** Copies with the Clipboard API, or (on a page that is not HTTPS, where there is none) the older copy command. */
async function copyText(input: HTMLInputElement, text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, or the page is not focused): fall back below.
  }
  input.focus();
  input.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/**
 * A link to hand on: the text in a read-only box anyone can select, and a Copy button that says "Copied" where
 * the person is looking and to screen readers. If copying is refused, the text is selected and the person is told
 * how to copy it themself.
 */
export const CopyField = forwardRef<
  HTMLButtonElement,
  { id: string; label: string; value: string; buttonLabel: string; hint?: string }
>(function CopyField({ id, label, value, buttonLabel, hint }, buttonRef) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>("idle");
  const [message, setMessage] = useState("");

  // A new link has not been copied yet.
  useEffect(() => {
    setState("idle");
    setMessage("");
  }, [value]);

  const copy = async () => {
    const copied = await copyText(inputRef.current!, value);
    const next: CopyState = copied ? "copied" : "manual";
    if (!copied) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
    setState(next);
    // Empty the live region first, so copying a second time is announced again.
    setMessage("");
    requestAnimationFrame(() => setMessage(MESSAGES[next]));
  };

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="copy-field__row">
        <input
          ref={inputRef}
          id={id}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          ref={buttonRef}
          type="button"
          className="button button--secondary copy-field__button"
          onClick={() => void copy()}
        >
          {state === "copied" ? "Copied" : buttonLabel}
        </button>
      </div>
      <p className={`copy-field__status${state === "copied" ? " copy-field__status--done" : ""}`} role="status">
        {message}
      </p>
    </div>
  );
});
