import type { Db } from "./database";
import { isUniqueViolation } from "./database";

export interface SuggestionDecisionRow {
  document_id: string;
  suggestion_id: string;
  decision: "accept" | "reject";
  kind: string;
  author_id: string | null;
  text: string;
  removed: string;
  decided_by: string | null;
  decided_at: string;
}

/** Suggestions once decided (open ones live in the document itself: app/domain/suggestions.ts). */
export function createSuggestionRepository(db: Db) {
  return {
    /** Records a decision; false when this suggestion was decided already (by anyone, in any process). */
    async recordDecision(row: Omit<SuggestionDecisionRow, "decided_at">): Promise<boolean> {
      try {
        await db.insertInto("suggestion_decisions").values(row).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    findDecision: (documentId: string, suggestionId: string) =>
      db
        .selectFrom("suggestion_decisions")
        .selectAll()
        .where("document_id", "=", documentId)
        .where("suggestion_id", "=", suggestionId)
        .$castTo<SuggestionDecisionRow>()
        .executeTakeFirst(),
  };
}

export type SuggestionRepository = ReturnType<typeof createSuggestionRepository>;
