import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { DocumentHeader } from "~/components/document-nav";
import { ErrorSummary, TextField, firstFieldErrors, type FormResult } from "~/components/forms";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { personColour } from "~/domain/person-colour";
import { requireViewer } from "~/session.server";

import editorStyles from "~/styles/editor.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];

const CollaborativeEditor = lazy(() => import("~/components/collaborative-editor.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "Document"} – Copress` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(request, context);
  try {
    const document = context.services.documents.getSummary(viewer, params.id!);
    const resource = { workspaceId: viewer.member.workspaceId };
    const template = context.services.templates.get(document.templateId);
    const members = context.services.members.listMembers(viewer);
    return json({
      document,
      person: { id: viewer.userId, name: viewer.displayName, colour: personColour(viewer.userId) },
      canEdit: can(viewer.member, "content:edit", resource),
      canComment: can(viewer.member, "comment", resource),
      isCoordinator: can(viewer.member, "manage", resource),
      members: members.map((m) => ({ id: m.userId, name: m.displayName })),
      writers: members.filter((m) => can(m, "content:edit", resource)).map((m) => ({ id: m.userId, name: m.displayName })),
      templates: [...context.services.templates.values()],
      wordList: context.services.checks.wordListEntries(viewer),
      headingLevels: template?.rules.headingLevels ?? [3],
      allowedBlocks: template?.allowedBlocks ?? ["paragraph", "heading", "bulletList", "orderedList"],
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireViewer(request, context);
  const form = await request.formData();
  try {
    context.services.documents.renameDocument(viewer, params.id!, String(form.get("title") ?? ""));
    return json<FormResult>({ ok: true });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<FormResult>({ ok: false, errors: firstFieldErrors(error.details), formError: error.details ? undefined : error.message }, { status: error.status });
  }
}

export default function DocumentPage() {
  const data = useLoaderData<typeof loader>();
  const { document, canEdit } = data;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return (
    <div className="editor-page">
      <DocumentHeader document={document} current="write" />
      {canEdit ? (
        <details style={{ marginBottom: "1rem" }} open={result?.ok === false}>
          <summary>Change the title</summary>
          <ErrorSummary errors={result?.errors} formError={result?.formError} />
          <Form method="post" noValidate key={document.title}>
            <TextField name="title" label="New title" defaultValue={document.title} error={result?.errors?.title} />
            <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
              Save title
            </button>
          </Form>
        </details>
      ) : null}
      {hydrated ? (
        <Suspense fallback={<p>Opening the editor…</p>}>
          <CollaborativeEditor documentId={document.id} {...data} />
        </Suspense>
      ) : (
        <p>Opening the editor…</p>
      )}
    </div>
  );
}
