import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { preloadEditorWhenIdle } from "~/components/editor-code";
import { ErrorSummary, TextField, firstFieldErrors } from "~/components/forms";
import WelcomeBox from "~/components/welcome";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { tellApart } from "~/domain/tell-apart";
import { welcomeFor } from "~/domain/welcome";
import { requireViewer } from "~/session.server";
import { isEnglish, languageLabel, languageOf } from "~/domain/languages";

export const meta: MetaFunction = () => [{ title: "Your documents – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const { forYou } = context.services;
  const [documents, waiting, makers, published] = await Promise.all([
    context.services.documents.listDocuments(viewer),
    forYou.waitingByDocument(viewer),
    forYou.documentMakers(viewer),
    context.services.signoff.latestReleases(viewer),
  ]);
  return json({
    workspaceName: viewer.member.workspaceName,
    documents,
    waiting,
    makers,
    published,
    templates: context.services.documents.listTemplates(),
    canCreate: can(viewer.member, "manage"),
    // Just joined the group by an invite link (invite.$token.tsx): how to start, until they put it away.
    welcome: new URL(request.url).searchParams.has("welcome")
      ? welcomeFor(viewer.member.roles, {
          name: viewer.displayName,
          workspaceName: viewer.member.workspaceName,
          documentTitle: null,
          coordinators: (await context.services.members.listMembers(viewer))
            .filter((m) => can(m, "manage"))
            .map((m) => m.displayName),
        })
      : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const input = { title: String(form.get("title") ?? ""), templateId: String(form.get("templateId") ?? "") };
  try {
    const { id } = await context.services.documents.createDocument(viewer, input);
    return redirect(`/documents/${id}`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json(
      { errors: firstFieldErrors(error.details), formError: error.details ? undefined : error.message, input },
      { status: error.status },
    );
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 sections yours · waiting for your sign-off · 1 change asked for" */
function waitingWords(waiting: {
  sections: number;
  handovers: number;
  signoff: string[];
  changeRequests: number;
  mentions: number;
}): string[] {
  const words: string[] = [];
  if (waiting.changeRequests > 0) words.push(plural(waiting.changeRequests, "change asked for", "changes asked for"));
  if (waiting.signoff.length > 0)
    words.push(
      `waiting for your sign-off${waiting.signoff.length === 1 ? ` of the ${waiting.signoff[0] === "content" ? "words" : "design"}` : ""}`,
    );
  if (waiting.handovers > 0) words.push(plural(waiting.handovers, "section handed to you", "sections handed to you"));
  if (waiting.sections > 0) words.push(`${plural(waiting.sections, "section", "sections")} yours to finish`);
  if (waiting.mentions > 0) words.push(plural(waiting.mentions, "new comment or mention", "new comments or mentions"));
  return words;
}

export default function Documents() {
  const { workspaceName, documents, templates, canCreate, waiting, makers, published, welcome } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const tells = tellApart(documents, makers);
  const waitingCount = Object.keys(waiting).length;
  // Most people open a document next: fetch the editor's code while they read the list.
  useEffect(() => preloadEditorWhenIdle(), []);
  return (
    <div className="page">
      <h1>Your documents</h1>
      <p className="lede">Leaflets and guides in {workspaceName}.</p>
      {welcome ? <WelcomeBox welcome={welcome} /> : null}
      {waitingCount > 0 ? (
        <p className="notice">
          Something is waiting for you in {plural(waitingCount, "document", "documents")}.{" "}
          <Link to="/for-you">See everything that is waiting for you</Link>
        </p>
      ) : null}
      {documents.length === 0 ? (
        <p>There are no documents yet.{canCreate ? " Start one below." : " A coordinator can start one."}</p>
      ) : (
        <ul className="card-list" aria-label="Documents">
          {documents.map((document) => {
            const tell = tells.get(document.id);
            const forYou = waiting[document.id] ? waitingWords(waiting[document.id]!) : [];
            return (
              <li key={document.id} className={`card${forYou.length > 0 ? " card--waiting" : ""}`}>
                <h2 className="h3" style={{ fontSize: "1.25rem" }}>
                  <Link to={`/documents/${document.id}`}>
                    <span lang={languageOf(document.language).code} dir="auto">
                      {document.title}
                    </span>
                    {/* Two documents with the same title: say which is which in the link itself. */}
                    {tell ? <span className="card__tell"> — {tell}</span> : null}
                  </Link>
                </h2>
                <p className="card__about">
                  {isEnglish(document.language) ? "" : `${languageLabel(document.language)} · `}
                  {document.templateName} · started by {makers[document.id] ?? "A former member"}
                </p>
                <p className="card__about">Last changed {dateFormat.format(new Date(document.updatedAt))}</p>
                {published[document.id] ? (
                  <p className="card__about">
                    <strong>Published:</strong>{" "}
                    <Link to={`/releases/${published[document.id]!.id}`}>
                      Release {published[document.id]!.number}
                      <span className="visually-hidden"> of {document.title}</span>
                    </Link>
                    , {dayFormat.format(new Date(published[document.id]!.publishedAt))}
                    {Date.parse(document.updatedAt) > Date.parse(published[document.id]!.publishedAt)
                      ? " · changed since, not yet published"
                      : null}
                  </p>
                ) : null}
                {forYou.length > 0 ? (
                  <p className="card__waiting">
                    <strong>For you:</strong> {forYou.join(" · ")}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      {canCreate ? (
        <section aria-labelledby="new-document">
          <h2 id="new-document">Start a new document</h2>
          <ErrorSummary errors={result?.errors} formError={result?.formError} />
          <Form method="post" noValidate>
            <TextField
              name="title"
              label="Title"
              hint="For example, “Women’s Rights”. You can change it later."
              error={result?.errors?.title}
              defaultValue={result?.input.title}
            />
            <div className={`field${result?.errors?.templateId ? " field--error" : ""}`}>
              <fieldset
                className="checkboxes"
                style={{ display: "block" }}
                aria-describedby={result?.errors?.templateId ? "templateId-error" : undefined}
              >
                <legend>What are you making?</legend>
                {result?.errors?.templateId ? (
                  <p className="field-error" id="templateId-error">
                    {result.errors.templateId}
                  </p>
                ) : null}
                {templates.map((template, index) => (
                  <label key={template.id} style={{ display: "flex", alignItems: "flex-start", margin: "0.5rem 0" }}>
                    <input
                      type="radio"
                      name="templateId"
                      value={template.id}
                      id={index === 0 ? "templateId" : undefined}
                      defaultChecked={result ? result.input.templateId === template.id : index === 0}
                    />
                    <span>
                      <strong>{template.name}</strong>
                      <br />
                      <span className="hint">{template.description}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            </div>
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              Start document
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
