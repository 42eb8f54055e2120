import type { Db } from "./database";
import { atomically, isUniqueViolation } from "./database";

export interface TranslationRow {
  document_id: string;
  source_id: string;
  language: string;
  created_by: string | null;
  created_at: string;
}

export interface TranslationSectionRow {
  document_id: string;
  section_id: string;
  source_hash: string;
  source_text: string;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: string;
}

/** Links between a document and its translations, and each translated section's last check against its source. */
export function createTranslationRepository(db: Db) {
  return {
    /** Records a new translation and its sections' starting point; false when that language exists already. */
    async link(
      row: { documentId: string; sourceId: string; language: string; createdBy: string },
      sections: Array<{ sectionId: string; sourceHash: string; sourceText: string }>,
    ): Promise<boolean> {
      try {
        await atomically(db, async (trx) => {
          await trx
            .insertInto("translations")
            .values({
              document_id: row.documentId,
              source_id: row.sourceId,
              language: row.language,
              created_by: row.createdBy,
            })
            .execute();
          if (sections.length > 0)
            await trx
              .insertInto("translation_sections")
              .values(
                sections.map((section) => ({
                  document_id: row.documentId,
                  section_id: section.sectionId,
                  source_hash: section.sourceHash,
                  source_text: section.sourceText,
                })),
              )
              .execute();
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    /** The translation row of a document that is a translation, if it is one. */
    translationOf: (documentId: string) =>
      db
        .selectFrom("translations")
        .selectAll()
        .where("document_id", "=", documentId)
        .$castTo<TranslationRow>()
        .executeTakeFirst(),
    /** A document's translations, oldest first. */
    translationsOf: (sourceId: string) =>
      db
        .selectFrom("translations")
        .selectAll()
        .where("source_id", "=", sourceId)
        .orderBy("created_at")
        .orderBy("document_id")
        .$castTo<TranslationRow>()
        .execute(),
    /** Every translation in a workspace, oldest first. */
    inWorkspace: (workspaceId: string) =>
      db
        .selectFrom("translations as t")
        .innerJoin("documents as d", "d.id", "t.document_id")
        .selectAll("t")
        .where("d.workspace_id", "=", workspaceId)
        .orderBy("t.created_at")
        .orderBy("t.document_id")
        .$castTo<TranslationRow>()
        .execute(),
    sections: (documentId: string) =>
      db
        .selectFrom("translation_sections")
        .selectAll()
        .where("document_id", "=", documentId)
        .$castTo<TranslationSectionRow>()
        .execute(),
    /** Records that a translated section was checked against its source as it is now. */
    async confirm(row: {
      documentId: string;
      sectionId: string;
      sourceHash: string;
      sourceText: string;
      userId: string;
      name: string;
    }): Promise<void> {
      const values = {
        source_hash: row.sourceHash,
        source_text: row.sourceText,
        confirmed_by: row.userId,
        confirmed_by_name: row.name,
        confirmed_at: new Date().toISOString(),
      };
      await db
        .insertInto("translation_sections")
        .values({ document_id: row.documentId, section_id: row.sectionId, ...values })
        .onConflict((oc) => oc.columns(["document_id", "section_id"]).doUpdateSet(values))
        .execute();
    },
  };
}

export type TranslationRepository = ReturnType<typeof createTranslationRepository>;
