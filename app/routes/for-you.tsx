import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatWhen } from "~/components/change-requests";
import { sectionsPhrase, withoutOuterQuotes } from "~/domain/change-requests";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "For you – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  return json({ workspaceName: viewer.member.workspaceName, ...(await context.services.forYou.forYou(viewer)) });
}

const STATUS_WORDS: Record<string, string> = {
  drafting: "Drafting",
  "ready-for-review": "Ready for review",
  done: "Done",
};
const SCOPE_WORDS = { content: "the words", design: "the design" } as const;

function Group({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count: number;
  children: React.ReactNode;
}) {
  if (count === 0) return null;
  return (
    <section aria-labelledby={id} className="for-you-group">
      <h2 id={id}>
        {title} <span className="for-you-count">({count})</span>
      </h2>
      <ul className="for-you-list">{children}</ul>
    </section>
  );
}

function Go({ to, label, context }: { to: string; label: string; context: string }) {
  return (
    <Link to={to} className="button button--small for-you-go">
      {label}
      <span className="visually-hidden"> {context}</span>
    </Link>
  );
}

export default function ForYouPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>For you</h1>
      <p className="lede">What is waiting for you in {data.workspaceName}.</p>
      {data.total === 0 ? (
        <div className="notice">
          <p>Nothing is waiting for you right now.</p>
          <p>
            When someone asks you to sign off, asks for changes to your sections, hands a section over to you or
            mentions you, it will show here. <Link to="/documents">See all documents</Link>
          </p>
        </div>
      ) : null}

      <Group id="for-you-changes" title="Changes asked for" count={data.changeRequests.length}>
        {data.changeRequests.map((request) => {
          const where = sectionsPhrase(request.sections);
          return (
            <li key={request.id} className="for-you-item for-you-item--urgent">
              <p className="for-you-item__document">{request.documentTitle}</p>
              <p>
                <strong>{request.by.name}</strong> asked for changes to {SCOPE_WORDS[request.scope]}:{" "}
                <q>{withoutOuterQuotes(request.message)}</q>
                {where ? ` — ${where}` : " — about the whole document"}
              </p>
              <p className="hint">{formatWhen(request.createdAt)}</p>
              <Go to={request.link} label="Answer" context={`${request.by.name} about “${request.documentTitle}”`} />
            </li>
          );
        })}
      </Group>

      <Group id="for-you-signoffs" title="Waiting for your sign-off" count={data.signoffs.length}>
        {data.signoffs.map((signoff) => (
          <li key={signoff.documentId} className="for-you-item for-you-item--urgent">
            <p className="for-you-item__document">{signoff.documentTitle}</p>
            <p>
              <strong>{signoff.requestedBy}</strong> asked for sign-off of{" "}
              {signoff.scopes.map((s) => SCOPE_WORDS[s]).join(" and ")}
              {signoff.message ? (
                <>
                  : <q>{signoff.message}</q>
                </>
              ) : (
                "."
              )}
            </p>
            <p className="hint">{formatWhen(signoff.requestedAt)}</p>
            <Go to={signoff.link} label="Read and decide" context={`on “${signoff.documentTitle}”`} />
          </li>
        ))}
      </Group>

      <Group id="for-you-handovers" title="Handed over to you" count={data.handovers.length}>
        {data.handovers.map((handover) => (
          <li key={handover.id} className="for-you-item">
            <p className="for-you-item__document">{handover.documentTitle}</p>
            <p>
              <strong>{handover.by}</strong> handed “{handover.sectionTitle || "Untitled section"}” over to you
              {handover.note ? (
                <>
                  : <q>{withoutOuterQuotes(handover.note)}</q>
                </>
              ) : (
                "."
              )}
            </p>
            <p className="hint">{formatWhen(handover.at)}</p>
            <Go to={handover.link} label="Open" context={`“${handover.sectionTitle}” in “${handover.documentTitle}”`} />
          </li>
        ))}
      </Group>

      <Group id="for-you-translations" title="Translations to check" count={data.translations.length}>
        {data.translations.map((translation) => (
          <li key={translation.documentId} className="for-you-item">
            <p className="for-you-item__document">{translation.documentTitle}</p>
            <p>
              {translation.languageName}:{" "}
              {translation.waiting === 1
                ? "1 section needs a translator"
                : `${translation.waiting} sections need a translator`}{" "}
              (not translated yet, or the original changed).
            </p>
            <Go to={translation.link} label="Translate" context={`“${translation.documentTitle}”`} />
          </li>
        ))}
      </Group>

      <Group id="for-you-sections" title="Your sections still to finish" count={data.sections.length}>
        {data.sections.map((section) => (
          <li key={`${section.documentId}/${section.sectionId}`} className="for-you-item">
            <p className="for-you-item__document">{section.documentTitle}</p>
            <p>
              “{section.title || "Untitled section"}”{" "}
              <span className={`for-you-status for-you-status--${section.status}`}>
                {STATUS_WORDS[section.status] ?? section.status}
              </span>
            </p>
            <Go to={section.link} label="Write" context={`“${section.title}” in “${section.documentTitle}”`} />
          </li>
        ))}
      </Group>

      <Group id="for-you-mentions" title="Mentions, comments, suggestions and decisions" count={data.mentions.length}>
        {data.mentions.map((mention) => (
          <li key={mention.id} className="for-you-item">
            <p>{mention.message}</p>
            <p className="hint">
              {formatWhen(mention.createdAt)} · <Link to="/notifications">Mark as read on the Notifications page</Link>
            </p>
            <Go to={mention.link} label="Read it" context={`— ${mention.message}`} />
          </li>
        ))}
      </Group>
    </div>
  );
}
