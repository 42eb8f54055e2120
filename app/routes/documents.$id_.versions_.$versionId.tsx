import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { readDesign } from "~/domain/design";
import { isAppError } from "~/domain/errors";
import { renderDocumentCss, renderDocumentHtml } from "~/render/html";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.version.name ?? "Version"} – Copress` }];

/** One saved version, read-only, drawn by the same renderer as the web version. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(request, context);
  try {
    const summary = context.services.documents.getSummary(viewer, params.id!);
    const version = context.services.versions.getVersion(viewer, params.id!, params.versionId!);
    const design = readDesign(version.document.design, summary.templateId);
    const template = context.services.templates.get(design.templateId) ?? context.services.templates.get(summary.templateId)!;
    return json({
      documentId: summary.id,
      version: { name: version.name, createdBy: version.createdBy, createdAt: version.createdAt, hash: version.hash, id: version.id },
      // The renderer escapes every piece of text and allows only http(s), mailto and tel links.
      markup: renderDocumentHtml(version.document, { template, design, standalone: false }),
      css: renderDocumentCss(template, design),
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });

export default function VersionView() {
  const { documentId, version, markup, css } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to={`/documents/${documentId}/versions`}>← All versions</Link>
      </p>
      <h1>Version: {version.name}</h1>
      <p className="lede">
        Saved by {version.createdBy}, {dateFormat.format(new Date(version.createdAt))}. This is a read-only copy.
      </p>
      <p>
        <Link to={`/documents/${documentId}/versions?from=${version.id}&to=current`}>Compare with the document now</Link>
      </p>
      {/* Built from validated design values only (hex colours, known fonts): safe to write as it is. */}
      <style dangerouslySetInnerHTML={{ __html: css }} />
      <div className="version-view" dangerouslySetInnerHTML={{ __html: markup }} />
    </div>
  );
}
