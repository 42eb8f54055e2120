/**
 * /documents/:id/share — who can open this document, its address, and (coordinators) links that invite someone to
 * it. The Share dialog on every document page loads this route's data and posts to its action; the page itself is
 * what "Share" opens before the page's scripts have loaded.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DocumentHeader } from "~/components/document-nav";
import type { ShareActionResult, ShareData } from "~/components/share-dialog";
import { SharePanel } from "~/components/share-panel";
import { documentInvitePurpose } from "~/domain/document-invites";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Share: ${data?.share.document.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const { documents, members } = context.services;
    const document = await documents.getSummary(viewer, params.id!);
    const canInvite = can(viewer.member, "manage", { workspaceId: viewer.member.workspaceId });
    const [memberList, invites] = await Promise.all([
      members.listMembers(viewer),
      canInvite ? members.openDocumentInvites(viewer, document.id) : [],
    ]);
    const people = memberList.map((member) => ({
      id: member.id,
      name: member.displayName,
      roles: member.roles,
      you: member.id === viewer.member.id,
    }));
    const share: ShareData = {
      document: { id: document.id, title: document.title },
      address: `${context.publicUrl}/documents/${document.id}`,
      workspaceName: viewer.member.workspaceName,
      people,
      coordinators: people.filter((person) => person.roles.includes("coordinator")).map((person) => person.name),
      canInvite,
      invites: invites.map((invite) => ({ id: invite.id, role: invite.roles[0]!, expiresAt: invite.expiresAt })),
    };
    return json({ share, header: { id: document.id, title: document.title, templateName: document.templateName } });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { members } = context.services;
  try {
    if (intent === "invite") {
      const made = await members.createDocumentInvite(viewer, params.id!, { role: String(form.get("role") ?? "") });
      return json<ShareActionResult>({
        intent,
        invite: { url: `${context.publicUrl}${made.path}`, role: made.role, expiresAt: made.expiresAt },
        message: `Link made for someone to ${documentInvitePurpose(made.role)}. It works once, until ${dateFormat.format(new Date(made.expiresAt))}. Copy it and send it to them.`,
      });
    }
    if (intent === "tell") {
      const told = await members.tellAboutDocument(viewer, params.id!, {
        memberId: String(form.get("memberId") ?? ""),
        note: String(form.get("note") ?? ""),
      });
      return json<ShareActionResult>({
        intent,
        message: told.told
          ? `${told.name} has been told. It waits for them under Notifications, with a link to this document.`
          : `${told.name} is taking a break until ${dateFormat.format(new Date(told.awayUntil!))}, so Copress won't tell them now. Nothing was sent.`,
      });
    }
    if (intent === "cancel") {
      await members.revokeDocumentInvite(viewer, params.id!, String(form.get("inviteId") ?? ""));
      return json<ShareActionResult>({
        intent,
        message: "Link cancelled. It won't work any more. You can make a new one at any time.",
      });
    }
    return json<ShareActionResult>(
      { intent, error: "We didn't understand that request. Please try again." },
      { status: 400 },
    );
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = (error.details?.fields ?? {}) as Record<string, string[] | undefined>;
    return json<ShareActionResult>(
      {
        intent,
        error: error.message,
        fields: { role: fields.role?.[0], memberId: fields.memberId?.[0], note: fields.note?.[0] },
      },
      { status: error.status },
    );
  }
}

export default function SharePage() {
  const { share, header } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="editor-page">
      <DocumentHeader document={header} current={null} showShare={false} />
      <h2>Share</h2>
      <SharePanel data={share} headingLevel={3} pageResult={result} />
    </div>
  );
}
