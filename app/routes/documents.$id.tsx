import {
  json,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { answerChangeRequestAction } from "~/change-requests.server";
import { ChangeRequestsContext } from "~/components/change-request-context";
import { DocumentHeader } from "~/components/document-nav";
import { editorStylesHref, loadEditor } from "~/components/editor-code";
import { ErrorSummary, TextField, firstFieldErrors, type FormResult } from "~/components/forms";
import { LaterPart } from "~/components/part-boundary";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { personColour } from "~/domain/person-colour";
import { welcomeFor } from "~/domain/welcome";
import { requireViewer } from "~/session.server";
import { useHydrated } from "~/components/use-hydrated";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStylesHref }];

// In the browser, the editor's code is requested as soon as this page's module runs, not after the page has
// hydrated and rendered its placeholder: one round trip less on a slow network. Arriving by a link, it is usually
// loaded before the document is: then the editor is drawn at once, without a round of suspense.
let LoadedEditor: Awaited<ReturnType<typeof loadEditor>>["default"] | null = null;
if (typeof document !== "undefined")
  void loadEditor()
    .then((module) => (LoadedEditor = module.default))
    .catch(() => undefined);
const LazyEditor = lazy(loadEditor);
// Most documents have no change requests: their cards' code comes only for a page that shows some (the server's
// HTML shows them meanwhile), which keeps it out of what every editor page loads before the words can be typed in.
// Only for someone who has just joined (`?welcome`).
const WelcomeBox = lazy(() => import("~/components/welcome"));
const ChangeRequestCard = lazy(() =>
  import("~/components/change-requests").then((module) => ({ default: module.ChangeRequestCard })),
);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.document.title ?? "Document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const document = await context.services.documents.getSummary(viewer, params.id!);
    const resource = { workspaceId: viewer.member.workspaceId };
    const template = context.services.templates.get(document.templateId);
    const [members, allChangeRequests, openingState, wordList, translatedFrom] = await Promise.all([
      context.services.members.listMembers(viewer),
      context.services.signoff.listChangeRequests(viewer, document.id),
      context.services.documents.openingState(viewer, document.id),
      context.services.checks.wordListEntries(viewer),
      context.services.forYou.documentOpened(viewer, document.id).then(() =>
        // A translation shows its original beside the text (issue 16).
        context.services.translations.sourceOf(viewer, document.id),
      ),
    ]);
    const canDesign = can(viewer.member, "design:edit", resource);
    // Open requests for changes to the words (and to the design, for those who design), and ones answered lately so
    // the person who answered sees it settled.
    const recently = Date.now() - 24 * 3600_000;
    const changeRequests = allChangeRequests.filter(
      (r) =>
        (r.scope === "content" || canDesign) &&
        (r.status === "open" || (r.status === "done" && Date.parse(r.closedAt ?? "") > recently)),
    );
    const canComment = can(viewer.member, "comment", resource);
    const coordinators = members.filter((m) => can(m, "manage", resource)).map((m) => m.displayName);
    return json({
      document,
      // The document itself, so the editor can be typed in before its sync connection has opened (issue 12).
      openingState: Buffer.from(openingState).toString("base64"),
      person: { id: viewer.userId, name: viewer.displayName, colour: personColour(viewer.userId) },
      canEdit: can(viewer.member, "content:edit", resource),
      canComment,
      isCoordinator: can(viewer.member, "manage", resource),
      canDesign,
      viewerId: viewer.userId,
      changeRequests,
      // Usernames (for @mentions) only to people who can write comments; names (for owners and presence) to all.
      // Who is taking a break, so their sections say so (and nobody chases them).
      members: members.map((m) => ({
        id: m.userId,
        name: m.displayName,
        username: canComment ? m.username : "",
        ...(m.awayUntil ? { awayUntil: m.awayUntil } : {}),
      })),
      coordinators,
      writers: members
        .filter((m) => can(m, "content:edit", resource))
        .map((m) => ({ id: m.userId, name: m.displayName })),
      templates: [...context.services.templates.values()],
      wordList,
      headingLevels: template?.rules.headingLevels ?? [3],
      allowedBlocks: template?.allowedBlocks ?? ["paragraph", "heading", "bulletList", "orderedList"],
      translatedFrom,
      // Just joined by a link to this document (invite.$token.tsx): how to start, until they put it away.
      welcome: new URL(request.url).searchParams.has("welcome")
        ? welcomeFor(viewer.member.roles, {
            name: viewer.displayName,
            workspaceName: viewer.member.workspaceName,
            documentTitle: document.title,
            coordinators,
          })
        : null,
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  if (form.get("intent") === "answer") return answerChangeRequestAction(context, viewer, params.id!, form);
  try {
    await context.services.documents.renameDocument(viewer, params.id!, String(form.get("title") ?? ""));
    return json<FormResult>({ ok: true });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<FormResult>(
      { ok: false, errors: firstFieldErrors(error.details), formError: error.details ? undefined : error.message },
      { status: error.status },
    );
  }
}

export default function DocumentPage() {
  const { changeRequests, viewerId, canDesign, welcome, ...data } = useLoaderData<typeof loader>();
  const { document, canEdit } = data;
  const actionData = useActionData<typeof action>();
  const result = actionData && "intent" in actionData ? undefined : actionData;
  const openRequests = changeRequests.filter((r) => r.status === "open");
  const navigation = useNavigation();
  const hydrated = useHydrated();
  // Chosen once: switching between the two later would draw the editor afresh.
  const [Editor] = useState(() => LoadedEditor ?? LazyEditor);

  const requestCards = changeRequests.map((request) => (
    <ChangeRequestCard
      key={request.id}
      request={request}
      viewerId={viewerId}
      canMarkDone={request.scope === "content" ? canEdit : canDesign}
      action={`/documents/${document.id}`}
      headingLevel={3}
      compact
    />
  ));
  return (
    <div className="editor-page">
      <DocumentHeader
        document={document}
        current="write"
        actions={
          canEdit ? (
            <details className="rename-title" open={result?.ok === false}>
              <summary className="button button--secondary">Rename</summary>
              <ErrorSummary errors={result?.errors} formError={result?.formError} />
              <Form method="post" noValidate key={document.title}>
                <TextField name="title" label="New title" defaultValue={document.title} error={result?.errors?.title} />
                <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
                  Save title
                </button>
              </Form>
            </details>
          ) : null
        }
      />
      {welcome ? (
        <Suspense fallback={null}>
          <WelcomeBox welcome={welcome} />
        </Suspense>
      ) : null}
      {changeRequests.length > 0 ? (
        <ChangeBanner
          key={document.id}
          open={openRequests.length}
          cards={
            <LaterPart what="the change requests" waiting="Getting the change requests…">
              {requestCards}
            </LaterPart>
          }
        />
      ) : null}
      <ChangeRequestsContext.Provider value={openRequests}>
        {hydrated ? (
          <Suspense fallback={<p>Opening the editor…</p>}>
            <Editor documentId={document.id} {...data} />
          </Suspense>
        ) : (
          <p>Opening the editor…</p>
        )}
      </ChangeRequestsContext.Provider>
    </div>
  );
}

/**
 * The change requests above the words: open while any waits for an answer; once all are answered, one quiet folded
 * line, so the words come first (on a phone, at 200 % zoom, for readers). Whether it starts open is decided when the
 * page opens: answering the last one here keeps it open, with its "done" message in view.
 */
function ChangeBanner({ open, cards }: { open: number; cards: ReactNode }) {
  const [startsOpen] = useState(open > 0);
  return (
    <details className={`change-banner${open === 0 ? " change-banner--answered" : ""}`} open={startsOpen}>
      <summary>
        <h2 className="change-banner__heading">
          {open === 0
            ? "Changes asked for: all answered"
            : open === 1
              ? "1 change asked for"
              : `${open} changes asked for`}
        </h2>
      </summary>
      {cards}
    </details>
  );
}
