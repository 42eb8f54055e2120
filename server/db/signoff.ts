import { nowIso, serializeOn, type Db } from "./database";

export interface ApprovalRow {
  id: string;
  document_id: string;
  scope: "content" | "design";
  decision: "approve" | "changes";
  hash: string;
  scope_hash: string;
  member_id: string;
  user_id: string | null;
  member_name: string;
  roles: string;
  lived_experience: number;
  comment: string;
  canonical: string;
  created_at: string;
  /** When an edit first outdated it (approvals only); null while it still holds. */
  stale_at: string | null;
}

export interface ReleaseRow {
  id: string;
  document_id: string;
  workspace_id: string;
  number: number;
  title: string;
  hash: string;
  content_hash: string;
  design_hash: string;
  state: Buffer;
  canonical: string;
  pdf: Buffer;
  /** The print-shop PDF of the same version; null for releases published before it was kept. */
  print_pdf: Buffer | null;
  /** The print PDF's notes for whoever prints it, a JSON array of sentences; null for releases before they were kept. */
  print_notes: string | null;
  html: string;
  approvals: string;
  share_token: string | null;
  released_by: string | null;
  released_by_name: string;
  created_at: string;
  /** For a translation: the document it was translated from, and that document's hash when this was released. */
  source_id: string | null;
  source_hash: string | null;
}

export type ReleaseSummaryRow = Omit<ReleaseRow, "state" | "pdf" | "print_pdf" | "print_notes" | "html" | "canonical">;

export interface ReviewRequestRow {
  id: string;
  document_id: string;
  requested_by: string | null;
  requested_by_name: string | null;
  message: string;
  hash: string;
  created_at: string;
}

export interface ChangeRequestRow {
  id: string;
  document_id: string;
  approval_id: string;
  scope: "content" | "design";
  requested_by: string | null;
  requested_by_name: string | null;
  message: string;
  sections: string;
  review_requested_by: string | null;
  version_id: string | null;
  status: "open" | "done" | "closed";
  closed_at: string | null;
  closed_by_approval_id: string | null;
  created_at: string;
}

export interface ChangeRequestAnswerRow {
  id: string;
  change_request_id: string;
  kind: "reply" | "done";
  author_id: string | null;
  author_name: string | null;
  note: string;
  created_at: string;
}

/** A review request that no release has answered yet, with its document's title (for the "For you" view). */
export interface OpenReviewRequestRow extends ReviewRequestRow {
  document_title: string;
}

/** Everything of a release but its files (the list of releases never loads those). */
const releaseSummaryColumns = [
  "id",
  "document_id",
  "workspace_id",
  "number",
  "title",
  "hash",
  "content_hash",
  "design_hash",
  "approvals",
  "share_token",
  "released_by",
  "released_by_name",
  "created_at",
  "source_id",
  "source_hash",
] as const;

/** A release to store; its number is given by `insertRelease`. */
export interface NewRelease {
  id: string;
  documentId: string;
  workspaceId: string;
  title: string;
  hash: string;
  contentHash: string;
  designHash: string;
  state: Buffer;
  canonical: string;
  pdf: Buffer;
  printPdf: Buffer | null;
  /** The print PDF's notes for the printer, as a JSON array. */
  printNotes: string | null;
  html: string;
  approvals: string;
  shareToken: string | null;
  releasedBy: string | null;
  releasedByName: string;
  /** A translation's source document, and its hash when this was released. */
  sourceId: string | null;
  sourceHash: string | null;
}

export function createSignoffRepository(db: Db) {
  /** The workspace's policy (documentId null) or a document's own. */
  const policyScope = (workspaceId: string, documentId: string | null) =>
    db
      .selectFrom("approval_policies")
      .where("workspace_id", "=", workspaceId)
      .where((eb) => (documentId === null ? eb("document_id", "is", null) : eb("document_id", "=", documentId)));

  const reviewRequests = () =>
    db
      .selectFrom("review_requests as r")
      .leftJoin("users as u", "u.id", "r.requested_by")
      .selectAll("r")
      .select("u.display_name as requested_by_name");

  const changeRequests = () =>
    db
      .selectFrom("change_requests as c")
      .leftJoin("users as u", "u.id", "c.requested_by")
      .selectAll("c")
      .select("u.display_name as requested_by_name");

  return {
    async getPolicyJson(workspaceId: string, documentId: string | null): Promise<string | undefined> {
      const row = await policyScope(workspaceId, documentId).select("policy").executeTakeFirst();
      return row?.policy;
    },
    /**
     * Sets the workspace's policy (documentId null) or a document's own. Its unique index is on an expression
     * (`coalesce(document_id, '')`), which an upsert cannot name the same way on both databases: so it is an update,
     * then an insert if there was nothing to update, with other processes' saves for the workspace held back.
     */
    async savePolicy(workspaceId: string, documentId: string | null, policy: string, userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await serializeOn(trx, "policy:" + workspaceId);
        const updated = await trx
          .updateTable("approval_policies")
          .set({ policy, updated_by: userId, updated_at: nowIso() })
          .where("workspace_id", "=", workspaceId)
          .where((eb) => (documentId === null ? eb("document_id", "is", null) : eb("document_id", "=", documentId)))
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) return;
        await trx
          .insertInto("approval_policies")
          .values({ workspace_id: workspaceId, document_id: documentId, policy, updated_by: userId })
          .execute();
      });
    },
    async removeDocumentPolicy(workspaceId: string, documentId: string): Promise<void> {
      await db
        .deleteFrom("approval_policies")
        .where("workspace_id", "=", workspaceId)
        .where("document_id", "=", documentId)
        .execute();
    },
    async recordContributor(documentId: string, userId: string, part: "content" | "design"): Promise<void> {
      await db
        .insertInto("document_contributors")
        .values({ document_id: documentId, user_id: userId, part })
        .onConflict((oc) => oc.columns(["document_id", "user_id", "part"]).doUpdateSet({ last_edit_at: nowIso() }))
        .execute();
    },
    contributors: (documentId: string) =>
      db
        .selectFrom("document_contributors")
        .select(["user_id", "part"])
        .where("document_id", "=", documentId)
        .$castTo<{ user_id: string; part: "content" | "design" }>()
        .execute(),
    async insertApproval(row: {
      id: string;
      documentId: string;
      scope: "content" | "design";
      decision: "approve" | "changes";
      hash: string;
      scopeHash: string;
      memberId: string;
      userId: string;
      memberName: string;
      roles: string;
      livedExperience: number;
      comment: string;
      canonical: string;
    }): Promise<void> {
      await db
        .insertInto("approvals")
        .values({
          id: row.id,
          document_id: row.documentId,
          scope: row.scope,
          decision: row.decision,
          hash: row.hash,
          scope_hash: row.scopeHash,
          member_id: row.memberId,
          user_id: row.userId,
          member_name: row.memberName,
          roles: row.roles,
          lived_experience: row.livedExperience,
          comment: row.comment,
          canonical: row.canonical,
        })
        .execute();
    },
    /** Oldest first (times to the millisecond; the id orders a tie the same way every time). */
    approvals: (documentId: string) =>
      db
        .selectFrom("approvals")
        .selectAll()
        .where("document_id", "=", documentId)
        .orderBy("created_at")
        .orderBy("id")
        .$castTo<ApprovalRow>()
        .execute(),
    /**
     * Records that an edit outdated this approval, once: true only for the call that recorded it (another process, or
     * an earlier look, may have already).
     */
    async markApprovalStale(id: string): Promise<boolean> {
      const result = await db
        .updateTable("approvals")
        .set({ stale_at: new Date().toISOString() })
        .where("id", "=", id)
        .where("stale_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async insertReviewRequest(
      id: string,
      documentId: string,
      userId: string,
      message: string,
      hash: string,
    ): Promise<void> {
      await db
        .insertInto("review_requests")
        .values({ id, document_id: documentId, requested_by: userId, message, hash })
        .execute();
    },
    reviewRequests: (documentId: string): Promise<ReviewRequestRow[]> =>
      reviewRequests()
        .where("r.document_id", "=", documentId)
        .orderBy("r.created_at", "desc")
        .orderBy("r.id", "desc")
        .limit(20)
        .execute(),
    latestReviewRequest: (documentId: string): Promise<ReviewRequestRow | undefined> =>
      reviewRequests()
        .where("r.document_id", "=", documentId)
        .orderBy("r.created_at", "desc")
        .orderBy("r.id", "desc")
        .limit(1)
        .executeTakeFirst(),
    /** A request for sign-off is open until a release is published after it. */
    openReviewRequestsOfWorkspace: (workspaceId: string): Promise<OpenReviewRequestRow[]> =>
      reviewRequests()
        .innerJoin("documents as d", "d.id", "r.document_id")
        .select("d.title as document_title")
        .where("d.workspace_id", "=", workspaceId)
        .where((eb) =>
          eb(
            "r.created_at",
            ">",
            eb.fn.coalesce(
              eb
                .selectFrom("releases")
                .select((sub) => sub.fn.max("releases.created_at").as("latest"))
                .whereRef("releases.document_id", "=", "r.document_id"),
              eb.val(""),
            ),
          ),
        )
        .orderBy("r.created_at", "desc")
        .orderBy("r.id", "desc")
        .execute(),

    async insertChangeRequest(row: {
      id: string;
      documentId: string;
      approvalId: string;
      scope: "content" | "design";
      requestedBy: string;
      message: string;
      sections: string;
      reviewRequestedBy: string | null;
      versionId: string | null;
    }): Promise<void> {
      await db
        .insertInto("change_requests")
        .values({
          id: row.id,
          document_id: row.documentId,
          approval_id: row.approvalId,
          scope: row.scope,
          requested_by: row.requestedBy,
          message: row.message,
          sections: row.sections,
          review_requested_by: row.reviewRequestedBy,
          version_id: row.versionId,
        })
        .execute();
    },
    changeRequests: (documentId: string) =>
      changeRequests()
        .where("c.document_id", "=", documentId)
        .orderBy("c.created_at", "desc")
        .orderBy("c.id", "desc")
        .limit(50)
        .$castTo<ChangeRequestRow>()
        .execute(),
    changeRequest: (documentId: string, id: string) =>
      changeRequests()
        .where("c.id", "=", id)
        .where("c.document_id", "=", documentId)
        .$castTo<ChangeRequestRow>()
        .executeTakeFirst(),
    openChangeRequestsOfWorkspace: (workspaceId: string) =>
      changeRequests()
        .innerJoin("documents as d", "d.id", "c.document_id")
        .select("d.title as document_title")
        .where("c.status", "=", "open")
        .where("d.workspace_id", "=", workspaceId)
        .orderBy("c.created_at", "desc")
        .orderBy("c.id", "desc")
        .$castTo<ChangeRequestRow & { document_title: string }>()
        .execute(),
    /** Closes the approver's open requests on a scope (their new decision speaks for them now); returns their ids. */
    async closeChangeRequestsBy(
      documentId: string,
      userId: string,
      scope: "content" | "design",
      approvalId: string,
    ): Promise<string[]> {
      const closed = await db
        .updateTable("change_requests")
        .set({ status: "closed", closed_at: nowIso(), closed_by_approval_id: approvalId })
        .where("document_id", "=", documentId)
        .where("requested_by", "=", userId)
        .where("scope", "=", scope)
        .where("status", "=", "open")
        .returning("id")
        .execute();
      return closed.map((row) => row.id);
    },
    /** Records an answer; "done" also marks the request done. False when the request is no longer open. */
    answerChangeRequest(answer: {
      id: string;
      changeRequestId: string;
      kind: "reply" | "done";
      authorId: string;
      note: string;
    }): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        if (answer.kind === "done") {
          const marked = await trx
            .updateTable("change_requests")
            .set({ status: "done", closed_at: nowIso() })
            .where("id", "=", answer.changeRequestId)
            .where("status", "=", "open")
            .executeTakeFirst();
          if (Number(marked.numUpdatedRows) === 0) return false;
        }
        await trx
          .insertInto("change_request_answers")
          .values({
            id: answer.id,
            change_request_id: answer.changeRequestId,
            kind: answer.kind,
            author_id: answer.authorId,
            note: answer.note,
          })
          .execute();
        return true;
      });
    },
    /** Oldest first. */
    changeRequestAnswers: (documentId: string) =>
      db
        .selectFrom("change_request_answers as a")
        .innerJoin("change_requests as c", "c.id", "a.change_request_id")
        .leftJoin("users as u", "u.id", "a.author_id")
        .selectAll("a")
        .select("u.display_name as author_name")
        .where("c.document_id", "=", documentId)
        .orderBy("a.created_at")
        .orderBy("a.id")
        .$castTo<ChangeRequestAnswerRow>()
        .execute(),
    /**
     * Inserts a release with the next number, in one transaction. Publishes of the same document (in any process)
     * take their numbers one after another, so the numbers have no gaps and no repeats.
     */
    insertRelease(row: NewRelease): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await serializeOn(trx, "release:" + row.documentId);
        const latest = await trx
          .selectFrom("releases")
          .select((eb) => eb.fn.max("number").as("number"))
          .where("document_id", "=", row.documentId)
          .executeTakeFirst();
        const number = Number(latest?.number ?? 0) + 1;
        await trx
          .insertInto("releases")
          .values({
            id: row.id,
            document_id: row.documentId,
            workspace_id: row.workspaceId,
            number,
            title: row.title,
            hash: row.hash,
            content_hash: row.contentHash,
            design_hash: row.designHash,
            state: row.state,
            canonical: row.canonical,
            pdf: row.pdf,
            print_pdf: row.printPdf,
            print_notes: row.printNotes,
            html: row.html,
            approvals: row.approvals,
            share_token: row.shareToken,
            released_by: row.releasedBy,
            released_by_name: row.releasedByName,
            source_id: row.sourceId,
            source_hash: row.sourceHash,
          })
          .execute();
        return number;
      });
    },
    releases: (documentId: string): Promise<ReleaseSummaryRow[]> =>
      db
        .selectFrom("releases")
        .select(releaseSummaryColumns)
        .where("document_id", "=", documentId)
        .orderBy("number", "desc")
        .execute(),
    /** Each published document's newest release in a workspace (number and date), for the documents list. */
    latestReleases: (
      workspaceId: string,
    ): Promise<Array<{ id: string; document_id: string; number: number; created_at: string }>> =>
      db
        .selectFrom("releases")
        .select(["id", "document_id", "number", "created_at"])
        .where("workspace_id", "=", workspaceId)
        .where(({ eb, selectFrom }) =>
          eb(
            "number",
            "=",
            selectFrom("releases as newer")
              .select(({ fn }) => fn.max("newer.number").as("number"))
              .whereRef("newer.document_id", "=", "releases.document_id"),
          ),
        )
        .execute(),
    release: (id: string): Promise<ReleaseRow | undefined> =>
      db.selectFrom("releases").selectAll().where("id", "=", id).executeTakeFirst(),
    releaseByShareToken: (token: string): Promise<ReleaseRow | undefined> =>
      db.selectFrom("releases").selectAll().where("share_token", "=", token).executeTakeFirst(),
    /**
     * Gives a release published without a link for readers its share token (the one column of a release that may
     * change, and only from nothing). Returns the release's token: this one, or one another request gave it first.
     */
    async giveReleaseShareToken(id: string, token: string): Promise<string | null> {
      await db
        .updateTable("releases")
        .set({ share_token: token })
        .where("id", "=", id)
        .where("share_token", "is", null)
        .execute();
      const row = await db.selectFrom("releases").select("share_token").where("id", "=", id).executeTakeFirst();
      return row?.share_token ?? null;
    },
  };
}
export type SignoffRepository = ReturnType<typeof createSignoffRepository>;
