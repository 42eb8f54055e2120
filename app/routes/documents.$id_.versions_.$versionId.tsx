import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DocumentHeader } from "~/components/document-nav";
import { readDesign } from "~/domain/design";
import { isAppError } from "~/domain/errors";
import { renderDocumentCss, renderDocumentHtml } from "~/render/html";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.version.name ?? "Version"}: ${data?.document.title ?? "a document"} – Copress` },
];

/** One saved version, read-only, drawn by the same renderer as the web version. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const summary = await context.services.documents.getSummary(viewer, params.id!);
    const version = await context.services.versions.getVersion(viewer, params.id!, params.versionId!);
    const design = readDesign(version.document.design, summary.templateId);
    const template =
      context.services.templates.get(design.templateId) ?? context.services.templates.get(summary.templateId)!;
    return json({
      document: { id: summary.id, title: summary.title, templateName: summary.templateName },
      version: {
        name: version.name,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
        hash: version.hash,
        id: version.id,
      },
      // The renderer escapes every piece of text and allows only http(s), mailto and tel links.
      markup: renderDocumentHtml(version.document, { template, design, standalone: false }),
      css: renderDocumentCss(template, design, version.document.meta.language),
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export default function VersionView() {
  const { document, version, markup, css } = useLoaderData<typeof loader>();
  const documentId = document.id;
  return (
    <div className="editor-page">
      <DocumentHeader document={document} current="versions" inside />
      <p>
        <Link to={`/documents/${documentId}/versions`}>← All versions</Link>
      </p>
      <h2>Version: {version.name}</h2>
      <p className="lede">
        Saved by {version.createdBy}, {dateFormat.format(new Date(version.createdAt))}. This is a read-only copy.
      </p>
      <p>
        <Link to={`/documents/${documentId}/versions?from=${version.id}&to=current`}>
          Compare with the document now
        </Link>
      </p>
      {/* Built from validated design values only (hex colours, known fonts): safe to write as it is. */}
      <style dangerouslySetInnerHTML={{ __html: css }} />
      <div className="version-view" dangerouslySetInnerHTML={{ __html: markup }} />
    </div>
  );
}
