/**
 * /documents/:id/design — the design page: the design panel (designers and coordinators change the template,
 * brand kit, colours, fonts and layout; everyone else sees it read-only) beside a live, page-by-page preview.
 * Not nested in the editor route (`$id_`): it is a page of its own with its own connection to the document.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { DocumentHeader } from "~/components/document-nav";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { personColour } from "~/domain/person-colour";
import { requireViewer } from "~/session.server";
import { useHydrated } from "~/components/use-hydrated";

const DesignStudio = lazy(() => import("~/components/design-panel.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Design: ${data?.document.title ?? "Document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const { documents, templates, brandKits } = context.services;
    const [document, kits] = await Promise.all([
      documents.getSummary(viewer, params.id!),
      brandKits.listBrandKits(viewer),
    ]);
    return json({
      document,
      canDesign: can(viewer.member, "design:edit", { workspaceId: viewer.member.workspaceId }),
      // Starter sections only matter when a document is made, so they stay on the server.
      templates: [...templates.values()].map(({ starterSections: _unused, ...template }) => template),
      brandKits: kits,
      person: { id: viewer.userId, name: viewer.displayName, colour: personColour(viewer.userId) },
      workspaceName: viewer.member.workspaceName,
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function DesignPage() {
  const { document, canDesign, templates, brandKits, person, workspaceName } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const hydrated = useHydrated();
  return (
    <div className="editor-page design-page">
      <DocumentHeader document={document} current="design" />
      {hydrated ? (
        <Suspense fallback={<p>Opening the design…</p>}>
          <DesignStudio
            documentId={document.id}
            fallbackTemplateId={document.templateId}
            canDesign={canDesign}
            templates={templates}
            brandKits={brandKits}
            person={person}
            workspaceName={workspaceName}
            // After a template switch (anyone's), the header's "Layout:" line is read again from the server.
            onTemplateSwitched={() => revalidator.revalidate()}
          />
        </Suspense>
      ) : (
        <p>Opening the design…</p>
      )}
    </div>
  );
}
