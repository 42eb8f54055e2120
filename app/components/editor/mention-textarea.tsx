/**
 * A comment box that offers the workspace's members after an "@": the box keeps the focus and points at the chosen
 * person with `aria-activedescendant` (the ARIA pattern for a text box with a list of suggestions). Arrow keys
 * choose, Enter or Tab picks, Escape closes the list (and only the list). Picking writes "@username ", which the
 * server reads to tell that person.
 */
import {
  forwardRef,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
  type TextareaHTMLAttributes,
} from "react";
import { insertMention, matchingMembers, mentionQueryAt, type MentionMember, type MentionQuery } from "./mentions";

interface MentionTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange" | "id"> {
  id: string;
  value: string;
  onValueChange: (value: string) => void;
  members: readonly MentionMember[];
  meId: string;
}

export const MentionTextarea = forwardRef<HTMLTextAreaElement, MentionTextareaProps>(function MentionTextarea(
  { id, value, onValueChange, members, meId, "aria-describedby": describedBy, onKeyDown, ...rest },
  ref,
) {
  const uid = useId();
  const listId = `${uid}-people`;
  const hintId = `${uid}-hint`;
  const inner = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => inner.current!, []);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const matches = mention && mention.start !== dismissedAt ? matchingMembers(members, mention.query, meId) : [];
  const open = matches.length > 0;
  const optionId = (index: number) => `${uid}-person-${index}`;

  const look = (text: string, caret: number) => {
    const next = mentionQueryAt(text, caret);
    setMention(next);
    if (!next || next.start !== dismissedAt) setDismissedAt(null);
    if (next?.query !== mention?.query || next?.start !== mention?.start) setActive(0);
  };

  const pick = (member: MentionMember) => {
    const textarea = inner.current;
    if (!mention || !textarea) return;
    const result = insertMention(value, mention, textarea.selectionStart ?? value.length, member.username);
    onValueChange(result.text);
    setMention(null);
    // After React has put the new text in, put the caret after the name.
    requestAnimationFrame(() => {
      textarea.focus();
      textarea.setSelectionRange(result.caret, result.caret);
    });
  };

  const keys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const delta = event.key === "ArrowDown" ? 1 : -1;
        setActive((index) => (index + delta + matches.length) % matches.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
      if (event.key === "Escape") {
        // Close the list only, not the sheet or dialog around the box.
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(mention!.start);
        return;
      }
    }
    onKeyDown?.(event);
  };

  const status = open
    ? `${matches.length === 1 ? "1 person matches" : `${matches.length} people match`}. Use the up and down arrows to choose, then Enter.`
    : "";

  return (
    <div className="mention-field">
      <textarea
        {...rest}
        id={id}
        ref={inner}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(Math.min(active, matches.length - 1)) : undefined}
        aria-describedby={[describedBy, hintId].filter(Boolean).join(" ")}
        onChange={(event) => {
          onValueChange(event.target.value);
          look(event.target.value, event.target.selectionStart ?? event.target.value.length);
        }}
        onSelect={(event) => look(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)}
        onBlur={() => setMention(null)}
        onKeyDown={keys}
      />
      <p className="hint mention-field__hint" id={hintId}>
        Type @ and a name to tell someone about your comment.
      </p>
      {open ? (
        <ul className="mention-list" role="listbox" id={listId} aria-label="People to mention">
          {matches.map((member, index) => (
            <li
              key={member.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={`mention-list__option${index === active ? " mention-list__option--active" : ""}`}
              // mousedown, not click: the box keeps the focus (and the caret) while a name is picked
              onMouseDown={(event) => {
                event.preventDefault();
                pick(member);
              }}
            >
              <span className="mention-list__name">{member.name}</span>{" "}
              <span className="mention-list__username">@{member.username}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
    </div>
  );
});
