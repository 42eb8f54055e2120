import { nowIso, type Db } from "./database";

export interface DecisionRow {
  id: string;
  document_id: string;
  area: string;
  question: string;
  options: string;
  source_kind: string | null;
  source_id: string | null;
  raised_by: string | null;
  raised_by_name: string;
  raised_at: string;
  outcome: number | null;
  reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  overridden: number;
  decided_at: string | null;
}

export interface DecisionViewRow {
  decision_id: string;
  user_id: string;
  name: string;
  option: number | null;
  note: string;
  at: string;
}

/** Decisions and the views on them (app/domain/decisions.ts). */
export function createDecisionRepository(db: Db) {
  return {
    async raise(
      row: Omit<
        DecisionRow,
        "raised_at" | "outcome" | "reason" | "decided_by" | "decided_by_name" | "overridden" | "decided_at"
      >,
    ) {
      await db.insertInto("decisions").values(row).execute();
    },
    getDecision: (documentId: string, id: string) =>
      db
        .selectFrom("decisions")
        .selectAll()
        .where("document_id", "=", documentId)
        .where("id", "=", id)
        .$castTo<DecisionRow>()
        .executeTakeFirst(),
    /** The document's decisions, open ones first, then the latest decided (at most 100). */
    listDecisions: (documentId: string) =>
      db
        .selectFrom("decisions")
        .selectAll()
        .where("document_id", "=", documentId)
        .orderBy("raised_at", "desc")
        .limit(100)
        .$castTo<DecisionRow>()
        .execute(),
    views: (decisionIds: string[]) =>
      decisionIds.length === 0
        ? Promise.resolve([] as DecisionViewRow[])
        : db
            .selectFrom("decision_views")
            .selectAll()
            .where("decision_id", "in", decisionIds)
            .orderBy("at")
            .$castTo<DecisionViewRow>()
            .execute(),
    /** Each person has one view per decision; a new one replaces theirs. */
    async setView(row: Omit<DecisionViewRow, "at">) {
      await db
        .insertInto("decision_views")
        .values({ ...row, at: nowIso() })
        .onConflict((oc) =>
          oc
            .columns(["decision_id", "user_id"])
            .doUpdateSet({ option: row.option, note: row.note, name: row.name, at: nowIso() }),
        )
        .execute();
    },
    /** Records the outcome; false when it was decided already (by anyone, in any process). */
    async decide(row: {
      documentId: string;
      id: string;
      outcome: number;
      reason: string;
      decidedBy: string;
      decidedByName: string;
      overridden: boolean;
    }): Promise<boolean> {
      const result = await db
        .updateTable("decisions")
        .set({
          outcome: row.outcome,
          reason: row.reason,
          decided_by: row.decidedBy,
          decided_by_name: row.decidedByName,
          overridden: row.overridden ? 1 : 0,
          decided_at: nowIso(),
        })
        .where("document_id", "=", row.documentId)
        .where("id", "=", row.id)
        .where("outcome", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** An open decision raised about this comment or suggestion, if any. */
    openAbout: (documentId: string, kind: string, id: string) =>
      db
        .selectFrom("decisions")
        .selectAll()
        .where("document_id", "=", documentId)
        .where("source_kind", "=", kind)
        .where("source_id", "=", id)
        .where("outcome", "is", null)
        .$castTo<DecisionRow>()
        .executeTakeFirst(),
    /** Open decisions of the document (to tell a question asked twice). */
    openQuestions: async (documentId: string) =>
      (
        await db
          .selectFrom("decisions")
          .select("question")
          .where("document_id", "=", documentId)
          .where("outcome", "is", null)
          .execute()
      ).map((row) => row.question),
    async openCount(documentId: string): Promise<number> {
      const row = await db
        .selectFrom("decisions")
        .select(db.fn.countAll<number>().as("n"))
        .where("document_id", "=", documentId)
        .where("outcome", "is", null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type DecisionRepository = ReturnType<typeof createDecisionRepository>;
