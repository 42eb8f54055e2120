/** Releases: publishing exactly the signed-off version, and the release's files and pages afterwards. */
import { randomBytes, randomUUID } from "node:crypto";
import { logoAlt, readDesign } from "../../../app/domain/design";
import { canonicalJson, type CanonicalDocument } from "../../../app/domain/document-hash";
import { AppError, errors } from "../../../app/domain/errors";
import { can } from "../../../app/domain/permissions";
import { renderDocumentHtml } from "../../../app/render/html";
import type { Viewer } from "../auth";
import { canonicalOfState, hashCanonical, takeSnapshot } from "../document-state";
import { asDataUrl, inlinePictures, type SignoffCore } from "./core";

export function createReleases(core: SignoffCore) {
  const { deps, storedRoom, evaluate, hideLivedExperience, releaseSummary, requireRelease, saveAutomaticVersion } =
    core;
  const { signoff, documents, templates, audit } = deps;
  async function sharedRelease(token: string) {
    const row = token.length >= 20 && token.length <= 64 ? await signoff.releaseByShareToken(token) : undefined;
    if (!row) throw errors.notFound("That page");
    return row;
  }

  return {
    /**
     * Publishes the live version when the policy is met: an immutable release with its PDF and web page. Everything
     * comes from ONE snapshot, taken as soon as the room's edits are stored: the state, the canonical document, the
     * hashes, the policy's findings, the PDF and the web page. Edits that arrive meanwhile belong to the next version.
     */
    async publish(viewer: Viewer, documentId: string, options: { shareLink?: boolean } = {}) {
      const summary = await documents.getSummary(viewer, documentId);
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can publish.");
      const snapshot = takeSnapshot((await storedRoom(documentId)).doc);
      const { canonical, hashes } = snapshot;
      const result = await evaluate(documentId, viewer.member.workspaceId, snapshot);
      if (!result.met)
        throw errors.conflict("policy_unmet", "This version can't be published yet.", { unmet: result.unmet });
      const design = readDesign(canonical.design, summary.templateId);
      const template = templates.get(design.templateId) ?? templates.get(summary.templateId)!;
      const rendered = await deps.renderFinalPdf(documentId, canonical);
      // The print-shop file of the very same version, kept with it (checked against the same hash below).
      const printed = await deps.renderFinalPdf(documentId, canonical, "print");
      const resolve = (src: string) => deps.resolveImage(viewer.member.workspaceId, src);
      const selfContained = { ...canonical, content: await inlinePictures(canonical.content, resolve) };
      const logoSrc = design.logoUploadId ? await asDataUrl(`/uploads/${design.logoUploadId}`, resolve) : null;
      const logo =
        typeof logoSrc === "string" && logoSrc.startsWith("data:")
          ? { src: logoSrc, alt: logoAlt(viewer.member.workspaceName) }
          : undefined;
      // The cover picture too travels inside the page (readers of a share link are not signed in).
      const coverSrc = design.coverPicture ? await asDataUrl(design.coverPicture.src, resolve) : null;
      const id = randomUUID();
      const shareToken = options.shareLink ? randomBytes(24).toString("base64url") : null;
      // The web version links its own PDF: behind the share link for readers, or the signed-in address.
      const html = renderDocumentHtml(selfContained, {
        template,
        design,
        standalone: true,
        includeFontFaces: true,
        logo,
        ...(typeof coverSrc === "string" && coverSrc.startsWith("data:") ? { coverPictureSrc: coverSrc } : {}),
        publisher: viewer.member.workspaceName,
        pdfHref: shareToken ? `/r/${shareToken}/pdf` : `/api/releases/${id}/pdf`,
      });

      // Nothing is published that was not approved exactly as it stands: the version the policy was met for, the
      // one the PDF worker rendered, the stored state and the canonical JSON the page came from must be one.
      const storedJson = canonicalJson(canonical);
      const agree = [
        rendered.hash,
        printed.hash,
        hashCanonical(canonicalOfState(snapshot.state)).hash,
        hashCanonical(JSON.parse(storedJson) as CanonicalDocument).hash,
      ];
      if (agree.some((hash) => hash !== hashes.hash)) {
        deps.log?.("release.mismatch", {
          documentId,
          approved: hashes.hash,
          rendered: rendered.hash,
          printed: printed.hash,
          state: agree[2],
          canonical: agree[3],
        });
        throw new AppError(
          500,
          "release_mismatch",
          "The files made for this release did not match the signed-off version, so nothing was published. Please try again.",
        );
      }

      const counted = result.approvals
        .filter((a) => a.status === "counts")
        .map(({ id: approvalId, scope, memberName, userId, livedExperience, createdAt }) => ({
          id: approvalId,
          scope,
          memberName,
          userId,
          livedExperience,
          createdAt,
        }));
      const translatedFrom = (await deps.translatedFrom?.(documentId)) ?? null;
      const number = await signoff.insertRelease({
        id,
        sourceId: translatedFrom?.sourceId ?? null,
        sourceHash: translatedFrom?.sourceHash ?? null,
        documentId,
        workspaceId: viewer.member.workspaceId,
        title: canonical.meta.title,
        hash: hashes.hash,
        contentHash: hashes.contentHash,
        designHash: hashes.designHash,
        state: Buffer.from(snapshot.state),
        canonical: storedJson,
        pdf: Buffer.from(rendered.pdf),
        printPdf: Buffer.from(printed.pdf),
        printNotes: JSON.stringify(printed.printNotes),
        html,
        approvals: JSON.stringify(counted),
        shareToken,
        releasedBy: viewer.userId,
        releasedByName: viewer.displayName,
      });
      // In the document's versions too, beside the ones saved by hand, to compare with or go back to.
      await saveAutomaticVersion(viewer, documentId, snapshot, `published release ${number}`);
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId,
        type: "release.published",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { releaseId: id, number, hash: hashes.hash, ...(translatedFrom ? { translatedFrom } : {}) },
      });
      return { id, number, hash: hashes.hash, shareUrl: shareToken ? `/r/${shareToken}` : null };
    },

    async listReleases(viewer: Viewer, documentId: string) {
      await documents.getSummary(viewer, documentId);
      return (await signoff.releases(documentId)).map((row) => {
        const summary = releaseSummary(row);
        return { ...summary, approvals: hideLivedExperience(viewer, summary.approvals) };
      });
    },

    /** Each published document of the viewer's workspace: its newest release's number and date, by document id. */
    async latestReleases(viewer: Viewer): Promise<Record<string, { id: string; number: number; publishedAt: string }>> {
      const rows = await signoff.latestReleases(viewer.member.workspaceId);
      return Object.fromEntries(
        rows.map((row) => [row.document_id, { id: row.id, number: row.number, publishedAt: row.created_at }]),
      );
    },

    async getRelease(viewer: Viewer, releaseId: string) {
      const row = await requireRelease(viewer, releaseId);
      const summary = releaseSummary(row);
      return {
        ...summary,
        approvals: hideLivedExperience(viewer, summary.approvals),
        documentId: row.document_id,
        contentHash: row.content_hash,
        designHash: row.design_hash,
        hasPrintPdf: row.print_pdf !== null,
        /** How to print and fold it, colours that shift: made with the print PDF (none for older releases). */
        printNotes: row.print_notes === null ? [] : (JSON.parse(row.print_notes) as string[]),
        // A tri-fold can also be read panel by panel (`?variant=reader`, made from the release's own JSON).
        panelByPanel:
          templates.get(readDesign((JSON.parse(row.canonical) as CanonicalDocument).design).templateId)?.imposition ===
          "trifold",
      };
    },

    async releasePdf(viewer: Viewer, releaseId: string, variant: "screen" | "print" = "screen") {
      const row = await requireRelease(viewer, releaseId);
      if (variant === "print" && !row.print_pdf)
        throw errors.notFound("A print-shop PDF of this release (it was published before Copress kept them)");
      return { title: row.title, number: row.number, pdf: variant === "print" ? row.print_pdf! : row.pdf };
    },
    /**
     * The release as a tri-fold's panels in reading order: made on demand from the release's stored JSON, and
     * checked to be that very version (its hash) before it is given out.
     */
    async releaseReaderPdf(viewer: Viewer, releaseId: string) {
      const row = await requireRelease(viewer, releaseId);
      const rendered = await deps.renderFinalPdf(
        row.document_id,
        JSON.parse(row.canonical) as CanonicalDocument,
        "reader",
      );
      if (rendered.hash !== row.hash)
        throw new AppError(
          500,
          "release_mismatch",
          "The file made for this release did not match it. Please try again.",
        );
      return { title: row.title, number: row.number, pdf: Buffer.from(rendered.pdf) };
    },
    releaseHtml: async (viewer: Viewer, releaseId: string) => (await requireRelease(viewer, releaseId)).html,

    /**
     * A link for readers (no sign-in) for a release published without one; the same link when it has one. Its web
     * version was made to link the signed-in PDF address, which the shared page swaps for the link's own.
     */
    async shareRelease(viewer: Viewer, releaseId: string): Promise<{ shareUrl: string; made: boolean }> {
      const row = await requireRelease(viewer, releaseId);
      if (!can(viewer.member, "manage")) throw errors.forbidden("Only coordinators can make a link for readers.");
      if (row.share_token) return { shareUrl: `/r/${row.share_token}`, made: false };
      const token = await signoff.giveReleaseShareToken(row.id, randomBytes(24).toString("base64url"));
      if (!token) throw errors.notFound("That release");
      await audit.record({
        workspaceId: viewer.member.workspaceId,
        documentId: row.document_id,
        type: "release.shared",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { releaseId: row.id, number: row.number },
      });
      return { shareUrl: `/r/${token}`, made: true };
    },

    /** The public web version behind an unguessable share link (no sign-in). */
    async sharedReleaseHtml(token: string) {
      const row = await sharedRelease(token);
      // A release given its link after publishing links the signed-in PDF address: readers get the link's own.
      return row.html.replaceAll(`href="/api/releases/${row.id}/pdf"`, `href="/r/${token}/pdf"`);
    },

    /** The release's PDF behind the same share link as its web version (no sign-in). */
    async sharedReleasePdf(token: string) {
      const row = await sharedRelease(token);
      return { title: row.title, number: row.number, pdf: row.pdf };
    },
  };
}
