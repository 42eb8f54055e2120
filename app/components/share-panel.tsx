/**
 * The Share dialog's contents, which are also the share page (/documents/:id/share): who can open the document, the
 * document's address to copy and, for coordinators, invite links to this document with a plain choice of role.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { DOCUMENT_INVITE_CHOICES, documentInviteLabel, whoToAsk } from "~/domain/document-invites";
import { ROLE_LABELS } from "~/domain/permissions";
import { CopyField } from "./copy-field";
import { FieldError } from "./forms";
import { sharePath, type ShareActionResult, type ShareData } from "./share-dialog";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});
const until = (iso: string) => dateFormat.format(new Date(iso));

/**
 * What the dialog (and the share page) shows. `pageResult` is the share page's own action result when it was
 * posted without scripts; in the dialog, the fetcher's result is used.
 */
export function SharePanel({
  data,
  headingLevel,
  pageResult,
}: {
  data: ShareData;
  headingLevel: 2 | 3;
  pageResult?: ShareActionResult;
}) {
  const Heading = `h${headingLevel}` as const;
  const ask = whoToAsk(data.coordinators);
  return (
    <div className="share-panel">
      {data.canInvite ? (
        <InviteToDocument data={data} Heading={Heading} pageResult={pageResult} />
      ) : (
        <section aria-labelledby="share-invite-heading" className="share-panel__part">
          <Heading id="share-invite-heading">Invite someone to this document</Heading>
          <p className="notice share-panel__ask">
            Want someone else to help? Ask {ask} to invite them. Only coordinators can invite people.
          </p>
        </section>
      )}

      {data.people.some((person) => !person.you) ? (
        <TellSomeone data={data} Heading={Heading} pageResult={pageResult} />
      ) : null}

      <section aria-labelledby="share-address-heading" className="share-panel__part">
        <Heading id="share-address-heading">Copy the address of this document</Heading>
        <CopyField
          id="share-address"
          label="Address of this document"
          hint={`Only people in ${data.workspaceName} can open it. Anyone else will be asked to sign in.`}
          value={data.address}
          buttonLabel="Copy address"
        />
      </section>

      <section aria-labelledby="share-people-heading" className="share-panel__part">
        <Heading id="share-people-heading">Who can open it</Heading>
        <p>Everyone in {data.workspaceName} can open this document. What each person can do depends on their role.</p>
        <ul className="share-people">
          {data.people.map((person) => (
            <li key={person.id}>
              <strong>{person.name}</strong>
              {person.you ? " (you)" : ""} — {person.roles.map((role) => ROLE_LABELS[role]).join(", ")}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function InviteToDocument({
  data,
  Heading,
  pageResult,
}: {
  data: ShareData;
  Heading: "h2" | "h3";
  pageResult?: ShareActionResult;
}) {
  const fetcher = useFetcher<ShareActionResult>();
  const copyButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const result = resultOf(["invite", "cancel"], fetcher.data, pageResult);
  const busy = fetcher.state !== "idle";
  const roleError = result?.intent === "invite" ? result.fields?.role : undefined;
  const made = result?.intent === "invite" ? result.invite : undefined;
  const action = sharePath(data.document.id);

  // After a new link, the next thing to do is to copy it; after cancelling one (its button is gone), go back to
  // the top of this part. The message is announced either way.
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.invite) copyButton.current?.focus();
    else if (fetcher.data.intent === "cancel") heading.current?.focus();
  }, [fetcher.state, fetcher.data]);

  return (
    <section aria-labelledby="share-invite-heading" className="share-panel__part">
      <Heading id="share-invite-heading" ref={heading} tabIndex={-1}>
        Invite someone to this document
      </Heading>
      <p>
        Make a link for one person. They make an account, join {data.workspaceName} and start on this document. The link
        works once and lasts 7 days. No email needed: send it however suits them.
      </p>
      {result?.error && !roleError ? (
        <p className="notice notice--error" role="alert">
          {result.error}
        </p>
      ) : null}
      <fetcher.Form method="post" action={action} noValidate>
        <input type="hidden" name="intent" value="invite" />
        <fieldset
          className={`field${roleError ? " field--error" : ""}`}
          aria-describedby={roleError ? "share-role-error" : undefined}
        >
          <legend>What will they do?</legend>
          <FieldError id="share-role-error" error={roleError} />
          <div className="radios">
            {DOCUMENT_INVITE_CHOICES.map((choice, index) => (
              <div key={choice.role} className="radio">
                <input
                  type="radio"
                  id={`share-role-${choice.role}`}
                  name="role"
                  value={choice.role}
                  defaultChecked={index === 0}
                  aria-describedby={`share-role-${choice.role}-hint`}
                />
                <span>
                  <label htmlFor={`share-role-${choice.role}`}>{choice.label}</label>
                  <span className="hint radio__hint" id={`share-role-${choice.role}-hint`}>
                    {choice.hint}
                  </span>
                </span>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy && fetcher.formData?.get("intent") === "invite" ? "Making the link…" : "Make a link"}
        </button>
      </fetcher.Form>
      <SharedMessage message={result?.message} />
      {made ? (
        <CopyField
          ref={copyButton}
          id="share-invite-link"
          label={`Invite link (${documentInviteLabel(made.role)})`}
          hint="Copress shows this link only once: copy it before you close this."
          value={made.url}
          buttonLabel="Copy link"
        />
      ) : null}
      {data.invites.length > 0 ? (
        <>
          <p className="share-panel__subheading">
            <strong>Links for this document not used yet</strong>
          </p>
          <ul className="share-invites">
            {data.invites.map((invite) => (
              <li key={invite.id}>
                <span>
                  {documentInviteLabel(invite.role)} — until {until(invite.expiresAt)}
                </span>
                <fetcher.Form method="post" action={action}>
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <button type="submit" className="button button--secondary button--small" disabled={busy}>
                    Cancel
                    <span className="visually-hidden">
                      {" "}
                      the {documentInviteLabel(invite.role).toLowerCase()} link until {until(invite.expiresAt)}
                    </span>
                  </button>
                </fetcher.Form>
              </li>
            ))}
          </ul>
          <p className="hint">A lost link can't be shown again: cancel it and make a new one.</p>
        </>
      ) : null}
    </section>
  );
}

/** A form's own answer: its fetcher's, or the share page's when it was posted without scripts and is about this form. */
function resultOf(
  intents: string[],
  fetched: ShareActionResult | undefined,
  pageResult: ShareActionResult | undefined,
): ShareActionResult | undefined {
  const result = fetched ?? pageResult;
  return result && intents.includes(result.intent) ? result : undefined;
}

/** What a form did, announced politely (the region is always there, so screen readers hear it change). */
function SharedMessage({ message }: { message: string | undefined }) {
  return (
    <p role="status" className={message ? "notice notice--success share-panel__message" : "share-panel__message"}>
      {message ?? ""}
    </p>
  );
}

/** Tell someone already in the workspace about this document, with a note: it waits for them under Notifications. */
function TellSomeone({
  data,
  Heading,
  pageResult,
}: {
  data: ShareData;
  Heading: "h2" | "h3";
  pageResult?: ShareActionResult;
}) {
  const fetcher = useFetcher<ShareActionResult>();
  const form = useRef<HTMLFormElement>(null);
  const result = resultOf(["tell"], fetcher.data, pageResult);
  const busy = fetcher.state !== "idle";
  const personError = result?.fields?.memberId;
  const noteError = result?.fields?.note;
  // Told: the note is cleared for the next person (the message stays, announced).
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.intent === "tell" && !fetcher.data.error) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return (
    <section aria-labelledby="share-tell-heading" className="share-panel__part">
      <Heading id="share-tell-heading">Ask someone here to look at it</Heading>
      <fetcher.Form ref={form} method="post" action={sharePath(data.document.id)} noValidate>
        <input type="hidden" name="intent" value="tell" />
        <p className="hint">They find it under Notifications, with a link to this document.</p>
        {result?.error && !personError && !noteError ? (
          <p className="notice notice--error" role="alert">
            {result.error}
          </p>
        ) : null}
        <div className={`field${personError ? " field--error" : ""}`}>
          <label htmlFor="share-tell-person">Who?</label>
          <FieldError id="share-tell-person-error" error={personError} />
          <select
            id="share-tell-person"
            name="memberId"
            defaultValue=""
            aria-describedby={personError ? "share-tell-person-error" : undefined}
          >
            <option value="">Choose a person</option>
            {data.people
              .filter((person) => !person.you)
              .map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
          </select>
        </div>
        <div className={`field${noteError ? " field--error" : ""}`}>
          <label htmlFor="share-tell-note">A note for them (if you like)</label>
          <p className="hint" id="share-tell-note-hint">
            For example, “Could you read the money section?”
          </p>
          <FieldError id="share-tell-note-error" error={noteError} />
          <textarea
            id="share-tell-note"
            name="note"
            rows={2}
            maxLength={300}
            aria-describedby={`share-tell-note-hint${noteError ? " share-tell-note-error" : ""}`}
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? "Telling them…" : "Tell them"}
        </button>
        <SharedMessage message={result?.message} />
      </fetcher.Form>
    </section>
  );
}
