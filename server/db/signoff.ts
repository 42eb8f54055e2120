import type { Db } from "./database";

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
  html: string;
  approvals: string;
  share_token: string | null;
  released_by: string | null;
  released_by_name: string;
  created_at: string;
}

export type ReleaseSummaryRow = Omit<ReleaseRow, "state" | "pdf" | "print_pdf" | "html" | "canonical">;

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

const releaseSummaryColumns =
  "id, document_id, workspace_id, number, title, hash, content_hash, design_hash, approvals, share_token, released_by, released_by_name, created_at";

export function createSignoffRepository(db: Db) {
  const policyFor = db.prepare<[string, string], { policy: string }>(
    "SELECT policy FROM approval_policies WHERE workspace_id = ? AND ifnull(document_id, '') = ?",
  );
  const upsertPolicy = db.prepare(
    `INSERT INTO approval_policies (workspace_id, document_id, policy, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(workspace_id, ifnull(document_id, '')) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  );
  const deletePolicy = db.prepare("DELETE FROM approval_policies WHERE workspace_id = ? AND document_id = ?");
  const addContributor = db.prepare(
    `INSERT INTO document_contributors (document_id, user_id, part) VALUES (?, ?, ?)
     ON CONFLICT(document_id, user_id, part) DO UPDATE SET last_edit_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  );
  const contributorsOf = db.prepare<[string], { user_id: string; part: "content" | "design" }>(
    "SELECT user_id, part FROM document_contributors WHERE document_id = ?",
  );
  const insertApproval = db.prepare(
    `INSERT INTO approvals (id, document_id, scope, decision, hash, scope_hash, member_id, user_id, member_name, roles, lived_experience, comment, canonical)
     VALUES (@id, @documentId, @scope, @decision, @hash, @scopeHash, @memberId, @userId, @memberName, @roles, @livedExperience, @comment, @canonical)`,
  );
  const approvalsOf = db.prepare<[string], ApprovalRow>(
    "SELECT * FROM approvals WHERE document_id = ? ORDER BY created_at, rowid",
  );
  const insertRequest = db.prepare(
    "INSERT INTO review_requests (id, document_id, requested_by, message, hash) VALUES (?, ?, ?, ?, ?)",
  );
  const requestsOf = db.prepare<[string], ReviewRequestRow>(
    `SELECT r.*, u.display_name AS requested_by_name FROM review_requests r LEFT JOIN users u ON u.id = r.requested_by
     WHERE r.document_id = ? ORDER BY r.created_at DESC LIMIT 20`,
  );
  const latestRequest = db.prepare<[string], ReviewRequestRow>(
    `SELECT r.*, u.display_name AS requested_by_name FROM review_requests r LEFT JOIN users u ON u.id = r.requested_by
     WHERE r.document_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
  );
  // A request for sign-off is open until a release is published after it.
  const openRequestsOfWorkspace = db.prepare<[string], OpenReviewRequestRow>(
    `SELECT r.*, u.display_name AS requested_by_name, d.title AS document_title
     FROM review_requests r JOIN documents d ON d.id = r.document_id LEFT JOIN users u ON u.id = r.requested_by
     WHERE d.workspace_id = ? AND r.created_at > ifnull((SELECT max(created_at) FROM releases WHERE document_id = r.document_id), '')
     ORDER BY r.created_at DESC, r.rowid DESC`,
  );
  const changeRequestSelect = `SELECT c.*, u.display_name AS requested_by_name FROM change_requests c LEFT JOIN users u ON u.id = c.requested_by`;
  const insertChangeRequest = db.prepare(
    `INSERT INTO change_requests (id, document_id, approval_id, scope, requested_by, message, sections, review_requested_by, version_id)
     VALUES (@id, @documentId, @approvalId, @scope, @requestedBy, @message, @sections, @reviewRequestedBy, @versionId)`,
  );
  const changeRequestsOf = db.prepare<[string], ChangeRequestRow>(
    `${changeRequestSelect} WHERE c.document_id = ? ORDER BY c.created_at DESC, c.rowid DESC LIMIT 50`,
  );
  const changeRequestById = db.prepare<[string, string], ChangeRequestRow>(
    `${changeRequestSelect} WHERE c.id = ? AND c.document_id = ?`,
  );
  const openChangeRequestsOfWorkspace = db.prepare<[string], ChangeRequestRow & { document_title: string }>(
    `SELECT c.*, u.display_name AS requested_by_name, d.title AS document_title
     FROM change_requests c JOIN documents d ON d.id = c.document_id LEFT JOIN users u ON u.id = c.requested_by
     WHERE c.status = 'open' AND d.workspace_id = ? ORDER BY c.created_at DESC, c.rowid DESC`,
  );
  const openChangeRequestsBy = db.prepare<[string, string, string], { id: string }>(
    "SELECT id FROM change_requests WHERE document_id = ? AND requested_by = ? AND scope = ? AND status = 'open'",
  );
  const closeChangeRequest = db.prepare(
    "UPDATE change_requests SET status = 'closed', closed_at = ?, closed_by_approval_id = ? WHERE id = ? AND status = 'open'",
  );
  const markChangeRequestDone = db.prepare(
    "UPDATE change_requests SET status = 'done', closed_at = ? WHERE id = ? AND status = 'open'",
  );
  const insertAnswer = db.prepare(
    "INSERT INTO change_request_answers (id, change_request_id, kind, author_id, note) VALUES (?, ?, ?, ?, ?)",
  );
  const answersOfDocument = db.prepare<[string], ChangeRequestAnswerRow>(
    `SELECT a.*, u.display_name AS author_name FROM change_request_answers a JOIN change_requests c ON c.id = a.change_request_id
     LEFT JOIN users u ON u.id = a.author_id WHERE c.document_id = ? ORDER BY a.created_at, a.rowid`,
  );
  const nextNumber = db.prepare<[string], { n: number }>(
    "SELECT ifnull(max(number), 0) + 1 AS n FROM releases WHERE document_id = ?",
  );
  const insertRelease = db.prepare(
    `INSERT INTO releases (id, document_id, workspace_id, number, title, hash, content_hash, design_hash, state, canonical, pdf, print_pdf, html, approvals, share_token, released_by, released_by_name)
     VALUES (@id, @documentId, @workspaceId, @number, @title, @hash, @contentHash, @designHash, @state, @canonical, @pdf, @printPdf, @html, @approvals, @shareToken, @releasedBy, @releasedByName)`,
  );
  const releasesOf = db.prepare<[string], ReleaseSummaryRow>(
    `SELECT ${releaseSummaryColumns} FROM releases WHERE document_id = ? ORDER BY number DESC`,
  );
  const releaseById = db.prepare<[string], ReleaseRow>("SELECT * FROM releases WHERE id = ?");
  const releaseByShare = db.prepare<[string], ReleaseRow>("SELECT * FROM releases WHERE share_token = ?");

  return {
    getPolicyJson: (workspaceId: string, documentId: string | null) =>
      policyFor.get(workspaceId, documentId ?? "")?.policy,
    savePolicy: (workspaceId: string, documentId: string | null, policy: string, userId: string) =>
      void upsertPolicy.run(workspaceId, documentId, policy, userId),
    removeDocumentPolicy: (workspaceId: string, documentId: string) => void deletePolicy.run(workspaceId, documentId),
    recordContributor: (documentId: string, userId: string, part: "content" | "design") =>
      void addContributor.run(documentId, userId, part),
    contributors: (documentId: string) => contributorsOf.all(documentId),
    insertApproval(row: {
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
    }) {
      insertApproval.run(row);
    },
    approvals: (documentId: string) => approvalsOf.all(documentId),
    insertReviewRequest: (id: string, documentId: string, userId: string, message: string, hash: string) =>
      void insertRequest.run(id, documentId, userId, message, hash),
    reviewRequests: (documentId: string) => requestsOf.all(documentId),
    latestReviewRequest: (documentId: string) => latestRequest.get(documentId),
    openReviewRequestsOfWorkspace: (workspaceId: string) => openRequestsOfWorkspace.all(workspaceId),

    insertChangeRequest(row: {
      id: string;
      documentId: string;
      approvalId: string;
      scope: "content" | "design";
      requestedBy: string;
      message: string;
      sections: string;
      reviewRequestedBy: string | null;
      versionId: string | null;
    }) {
      insertChangeRequest.run(row);
    },
    changeRequests: (documentId: string) => changeRequestsOf.all(documentId),
    changeRequest: (documentId: string, id: string) => changeRequestById.get(id, documentId),
    openChangeRequestsOfWorkspace: (workspaceId: string) => openChangeRequestsOfWorkspace.all(workspaceId),
    /** Closes the approver's open requests on a scope (their new decision speaks for them now); returns their ids. */
    closeChangeRequestsBy(
      documentId: string,
      userId: string,
      scope: "content" | "design",
      approvalId: string,
    ): string[] {
      return db.transaction(() => {
        const ids = openChangeRequestsBy.all(documentId, userId, scope).map((row) => row.id);
        const at = new Date().toISOString();
        for (const id of ids) closeChangeRequest.run(at, approvalId, id);
        return ids;
      })();
    },
    /** Records an answer; "done" also marks the request done. False when the request is no longer open. */
    answerChangeRequest(answer: {
      id: string;
      changeRequestId: string;
      kind: "reply" | "done";
      authorId: string;
      note: string;
    }): boolean {
      return db.transaction(() => {
        if (
          answer.kind === "done" &&
          markChangeRequestDone.run(new Date().toISOString(), answer.changeRequestId).changes === 0
        )
          return false;
        insertAnswer.run(answer.id, answer.changeRequestId, answer.kind, answer.authorId, answer.note);
        return true;
      })();
    },
    changeRequestAnswers: (documentId: string) => answersOfDocument.all(documentId),
    /** Inserts a release with the next number, in one transaction. */
    insertRelease(
      row: Omit<Parameters<typeof insertRelease.run>[0] & Record<string, unknown>, "number"> & { documentId: string },
    ): number {
      return db.transaction(() => {
        const number = nextNumber.get(row.documentId)!.n;
        insertRelease.run({ ...row, number });
        return number;
      })();
    },
    releases: (documentId: string) => releasesOf.all(documentId),
    release: (id: string) => releaseById.get(id),
    releaseByShareToken: (token: string) => releaseByShare.get(token),
  };
}
export type SignoffRepository = ReturnType<typeof createSignoffRepository>;
