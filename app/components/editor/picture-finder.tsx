/**
 * "Find a picture" in the picture dialog (issue 16): search the workspace's own pictures and the open-licence
 * library (OpenMoji) by a word, in the document's language where the library has it, and choose one. The dialog
 * then fills the description from the picture's name (people can change it) and keeps the credit its licence asks
 * for, which the web version and the PDF print.
 */
import { useEffect, useId, useRef, useState } from "react";

export interface FoundPicture {
  id: string;
  description: string;
  previewUrl: string;
  credit: string | null;
  source: "openmoji" | "workspace";
}

interface PictureFinderProps {
  /** The document's language (the editor's `lang`), for names in that language. */
  language: string;
  chosen: FoundPicture | null;
  onChoose: (picture: FoundPicture) => void;
  /** Whether it takes the focus when it appears (in the picture dialog, yes; on a page among other fields, no). */
  focusOnOpen?: boolean;
}

/** How many pictures are shown before "Show more". */
const FIRST_SHOWN = 8;

export function PictureFinder({ language, chosen, onChoose, focusOnOpen = true }: PictureFinderProps) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<FoundPicture[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryRef = useRef<HTMLInputElement>(null);
  // A few pictures at first, more on asking: a long list in a box of its own scrolls inside the page, which is hard
  // to use on a phone and with a keyboard.
  const [shown, setShown] = useState(FIRST_SHOWN);
  const listRef = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    if (focusFrom.current === null) return;
    listRef.current?.querySelectorAll<HTMLButtonElement>("button")[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [shown]);
  // Finding a picture comes first in the dialog. Its code may arrive just after the dialog opened on the next thing
  // (the file field): the focus moves here then, unless the person has already moved it themselves.
  useEffect(() => {
    if (!focusOnOpen) return;
    const field = queryRef.current;
    const active = document.activeElement as HTMLElement | null;
    if (
      field &&
      (!active || active === document.body || active === field.closest("dialog") || active.id === "picture-file")
    )
      field.focus();
  }, [focusOnOpen]);

  const search = async () => {
    if (!query.trim()) return setMessage("Type a word to look for, for example “house”.");
    setBusy(true);
    try {
      const response = await fetch(
        `/api/pictures?q=${encodeURIComponent(query.trim())}&language=${encodeURIComponent(language)}`,
        { credentials: "same-origin" },
      );
      const body = (await response.json()) as { pictures?: FoundPicture[]; error?: { message: string } };
      if (!response.ok || !body.pictures) {
        setResults(null);
        setMessage(body.error?.message ?? "We couldn't look just now. Please try again.");
        return;
      }
      setResults(body.pictures);
      setShown(FIRST_SHOWN);
      setMessage(
        body.pictures.length === 0
          ? `No pictures for “${query.trim()}”. Try another word, for example a thing you can see.`
          : `${body.pictures.length} ${body.pictures.length === 1 ? "picture" : "pictures"} for “${query.trim()}”.`,
      );
    } catch {
      setMessage("We couldn't look just now. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="picture-finder">
      <div className="field">
        <label htmlFor={`${id}-query`}>Find a picture</label>
        <p className="hint" id={`${id}-hint`}>
          Look in your group&apos;s pictures and a free picture library, by a word such as “doctor” or “house”.
        </p>
        <div className="picture-finder__search">
          <input
            ref={queryRef}
            id={`${id}-query`}
            type="search"
            value={query}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                void search();
              }
            }}
          />
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            onClick={() => void search()}
          >
            {busy ? "Looking…" : "Look"}
          </button>
        </div>
      </div>
      <p role="status" className="hint">
        {message}
      </p>
      {results && results.length > 0 ? (
        <ul ref={listRef} className="picture-finder__results" aria-label="Pictures found">
          {results.slice(0, shown).map((picture) => (
            <li key={picture.id}>
              <button
                type="button"
                className="picture-finder__choice"
                aria-pressed={chosen?.id === picture.id}
                onClick={() => onChoose(picture)}
              >
                <img src={picture.previewUrl} alt="" width={56} height={56} />
                <span>{picture.description}</span>
                {picture.source === "workspace" ? <span className="hint">Your group&apos;s</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {results && results.length > shown ? (
        <button
          type="button"
          className="button button--secondary button--small picture-finder__more"
          onClick={() => {
            focusFrom.current = shown;
            setShown(results.length);
          }}
        >
          Show {results.length - shown} more {results.length - shown === 1 ? "picture" : "pictures"}
        </button>
      ) : null}
      {chosen?.credit ? <p className="hint">{chosen.credit}. The leaflet will say so.</p> : null}
    </div>
  );
}

/** Takes a chosen picture into the workspace's pictures (once) and answers where it is and its credit. */
export async function takeFoundPicture(
  picture: FoundPicture,
  description: string,
): Promise<{ url: string; credit: string | null } | { error: string }> {
  try {
    const response = await fetch("/api/pictures/use", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: picture.id, description }),
    });
    const body = (await response.json()) as { url?: string; credit?: string | null; error?: { message: string } };
    if (!response.ok || !body.url) return { error: body.error?.message ?? "That picture could not be added." };
    return { url: body.url, credit: body.credit ?? null };
  } catch {
    return { error: "The picture could not be added. Check your connection and try again." };
  }
}

/** Remembers the description of a picture just uploaded, so it can be found and used again (best effort). */
export async function rememberDescription(uploadUrl: string, description: string): Promise<void> {
  const match = /^\/uploads\/([0-9a-f-]{36})$/.exec(uploadUrl);
  if (!match || !description.trim()) return;
  await takeFoundPicture(
    { id: `upload:${match[1]}`, description, previewUrl: uploadUrl, credit: null, source: "workspace" },
    description,
  ).catch(() => undefined);
}
