import {
  json,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DocumentHeader } from "~/components/document-nav";
import { ErrorSummary, TextField, firstFieldErrors, type FormResult } from "~/components/forms";
import { SectionDiffList } from "~/components/section-diff";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { requireViewer } from "~/session.server";
import editorStyles from "~/styles/editor.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Versions of ${data?.document.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const document = await context.services.documents.getSummary(viewer, params.id!);
    const url = new URL(request.url);
    const from = url.searchParams.get("from");
    const to = url.searchParams.get("to") ?? "current";
    const canEdit = can(viewer.member, "content:edit", { workspaceId: viewer.member.workspaceId });
    const [versions, comparison, restoreRefusal] = await Promise.all([
      context.services.versions.listVersions(viewer, params.id!),
      from ? context.services.versions.compare(viewer, params.id!, from, to) : null,
      // Restore is offered only to those it would not refuse; writers in owned mode are told why instead.
      canEdit ? context.services.versions.restoreRefusal(viewer, params.id!) : null,
    ]);
    return json({ document, versions, comparison, from, to, canEdit, restoreRefusal });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  try {
    if (form.get("intent") === "restore") {
      const versionId = String(form.get("versionId") ?? "");
      const version = await context.services.versions.getVersion(viewer, params.id!, versionId);
      await context.services.versions.restoreVersion(viewer, params.id!, versionId);
      return json<FormResult>({
        message: `Restored “${version.name}”. It's a new change on top, so nothing was lost: the version before it is in the list too.`,
      });
    }
    const name = String(form.get("name") ?? "");
    await context.services.versions.saveVersion(viewer, params.id!, name);
    // In plain words: the version's hash means nothing to the people saving it.
    return json<FormResult>({ message: `Saved “${name.trim()}”. You can go back to it at any time.` });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<FormResult>(
      { errors: firstFieldErrors(error.details), formError: error.details ? undefined : error.message },
      { status: error.status },
    );
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export default function Versions() {
  const { document, versions, comparison, from, to, canEdit, restoreRefusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const nameOf = (id: string | null) =>
    id === "current" || !id ? "the document now" : `“${versions.find((v) => v.id === id)?.name ?? "a version"}”`;
  return (
    <div className="editor-page">
      <DocumentHeader document={document} current="versions" />
      <h2>Versions</h2>
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      {result?.message ? (
        <div className="notice notice--success" role="status">
          {result.message}
        </div>
      ) : null}
      {canEdit ? (
        <Form method="post" noValidate className="page--narrow" style={{ padding: 0 }}>
          <TextField
            name="name"
            label="Name this version"
            hint="For example, “Sent to staff for review”. You can go back to it at any time."
            error={result?.errors?.name}
          />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Save version
          </button>
        </Form>
      ) : null}

      {versions.length === 0 ? (
        <p style={{ marginTop: "1.5rem" }}>No versions saved yet.</p>
      ) : (
        <>
          {restoreRefusal ? (
            <p className="hint" style={{ marginTop: "1.5rem" }}>
              {restoreRefusal}
            </p>
          ) : null}
          <table className="table table--stack" style={{ marginTop: "1.5rem" }}>
            <caption className="visually-hidden">Saved versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved by</th>
                <th scope="col">When</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id}>
                  <td data-label="Version">
                    <Link to={`/documents/${document.id}/versions/${version.id}`}>{version.name}</Link>
                  </td>
                  <td data-label="Saved by">{version.createdBy}</td>
                  <td data-label="When">{dateFormat.format(new Date(version.createdAt))}</td>
                  <td data-label="Actions">
                    <Link to={`?from=${version.id}&to=current`}>
                      Compare with now<span className="visually-hidden"> ({version.name})</span>
                    </Link>
                    {canEdit && !restoreRefusal ? (
                      <details>
                        <summary>
                          Restore<span className="visually-hidden"> {version.name}</span>
                        </summary>
                        <p>
                          The text will go back to how it was in this version. This is a new change: nothing is deleted,
                          and you can undo it by restoring another version.
                        </p>
                        <Form method="post">
                          <input type="hidden" name="intent" value="restore" />
                          <input type="hidden" name="versionId" value={version.id} />
                          <button type="submit" className="button button--warning button--small">
                            Yes, restore “{version.name}”
                          </button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <Form method="get" className="compare-form">
            <h3>Compare two versions</h3>
            <div className="field">
              <label htmlFor="from">From</label>
              <select id="from" name="from" defaultValue={from ?? versions.at(-1)?.id}>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name} ({dateFormat.format(new Date(v.createdAt))})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="to">To</label>
              <select id="to" name="to" defaultValue={to}>
                <option value="current">The document now</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name} ({dateFormat.format(new Date(v.createdAt))})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              Compare
            </button>
          </Form>
        </>
      )}

      {comparison ? (
        <section aria-labelledby="comparison-heading" style={{ marginTop: "2rem" }}>
          <h2 id="comparison-heading">
            Changes from {nameOf(from)} to {nameOf(to)}
          </h2>
          <p className="hint">Added words are marked “added”, removed words “removed”.</p>
          <SectionDiffList sections={comparison} />
        </section>
      ) : null}
    </div>
  );
}
