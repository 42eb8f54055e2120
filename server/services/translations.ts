/**
 * Linked translations (issue 16; docs/ARCHITECTURE.md, "Translations"). A translation is a document of its own —
 * its own sections, approvals, releases and hash, signed off under the same policy as any document — linked to the
 * document it was translated from. It starts as a copy of the source's sections (same ids), design and template, in
 * the language chosen; each section then remembers the source's words when it was last checked against them, so a
 * later change to the source marks that section until someone confirms the translation again.
 */
import { createHash, randomUUID } from "node:crypto";
import * as z from "zod";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import { sectionTexts } from "../../app/domain/document-diff";
import { withoutOpenSuggestions } from "../../app/domain/suggestions";
import { isKnownLanguage, languageLabel, languageOf } from "../../app/domain/languages";
import { sectionWords, translationStatus, type TranslationSectionStatus } from "../../app/domain/translations";
import { readDesign } from "../../app/domain/design";
import type { Template } from "../../app/domain/template";
import type { SectionStatus } from "../../app/editor/schema";
import type { DocumentRepository, DocumentRow } from "../db/documents";
import type { TranslationRepository } from "../db/translations";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import { buildInitialState, hashCanonical, readCanonical } from "./document-state";

export const newTranslationInput = z.object({
  language: z
    .string({ error: "Choose a language." })
    .trim()
    .min(1, "Choose a language.")
    .refine(isKnownLanguage, "Choose a language from the list."),
});

export const confirmSectionInput = z.object({
  sectionId: z.string({ error: "Say which section." }).min(1, "Say which section.").max(100),
});

export interface TranslationSummary {
  id: string;
  title: string;
  language: string;
  languageName: string;
  direction: "ltr" | "rtl";
  /** Sections that need a translator (source changed, not translated yet, new or removed in the source). */
  needsWork: number;
  sections: TranslationSectionStatus[];
}

export interface TranslationFamily {
  source: { id: string; title: string; language: string; languageName: string };
  translations: TranslationSummary[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type Json = { type?: string; attrs?: Record<string, unknown>; content?: Json[] };

export function createTranslationService(deps: {
  translations: TranslationRepository;
  documentRows: DocumentRepository;
  templates: Map<string, Template>;
  sync: SyncServer;
  audit: AuditLog;
}) {
  const { translations, documentRows, templates, sync, audit } = deps;

  async function readable(viewer: Viewer, id: string): Promise<DocumentRow> {
    const row = await documentRows.getDocumentRow(id);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id }))
      throw errors.notFound("That document");
    return row;
  }

  /** The live document as canonical JSON, with open suggestions left out (what it says until they are accepted). */
  async function liveSections(documentId: string) {
    const room = await sync.getRoom(documentId);
    const canonical = readCanonical(room.doc);
    return { canonical, sections: sectionTexts(withoutOpenSuggestions(canonical.content)) };
  }

  /** The document a family hangs from: the source itself, or the source of a translation. */
  async function rootOf(row: DocumentRow): Promise<DocumentRow> {
    const link = await translations.translationOf(row.id);
    if (!link) return row;
    const source = await documentRows.getDocumentRow(link.source_id);
    if (!source) throw errors.notFound("The document this was translated from");
    return source;
  }

  async function summarise(row: DocumentRow, sourceSections: ReturnType<typeof sectionTexts>) {
    const [{ sections }, records] = await Promise.all([liveSections(row.id), translations.sections(row.id)]);
    const statuses = translationStatus(
      sourceSections,
      sections,
      records.map((record) => ({
        sectionId: record.section_id,
        sourceText: record.source_text,
        confirmedByName: record.confirmed_by_name,
        confirmedAt: record.confirmed_at,
      })),
    );
    const language = languageOf(row.language);
    return {
      id: row.id,
      title: row.title,
      language: row.language,
      languageName: languageLabel(row.language),
      direction: language.direction,
      needsWork: statuses.filter((status) => status.state !== "up-to-date").length,
      sections: statuses,
    } satisfies TranslationSummary;
  }

  return {
    /** Makes a translation of a document (or of the source of a translation) in another language. */
    async create(viewer: Viewer, documentId: string, input: unknown): Promise<{ id: string }> {
      const row = await readable(viewer, documentId);
      if (!can(viewer.member, "manage", { workspaceId: row.workspace_id }))
        throw errors.forbidden("Only coordinators can add a language. Ask a coordinator to add it for you.");
      const parsed = newTranslationInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
      const source = await rootOf(row);
      const language = languageOf(parsed.data.language);
      if (languageOf(source.language).code === language.code)
        throw errors.badRequest(
          `This document is already in ${languageLabel(language.code)}. Choose another language.`,
          {
            fields: { language: ["Same as the document"] },
          },
        );
      const existing = (await translations.translationsOf(source.id)).find(
        (link) => languageOf(link.language).code === language.code,
      );
      if (existing)
        throw errors.conflict(
          "translation_exists",
          `There is already a translation into ${language.name}. Open it from the list of languages.`,
          {
            id: existing.document_id,
          },
        );

      const { canonical, sections } = await liveSections(source.id);
      const design = readDesign(canonical.design, source.template_id);
      const template = templates.get(design.templateId) ?? templates.get(source.template_id);
      if (!template) throw errors.badRequest("The document's template is missing, so it can't be translated.");
      // The translation starts as the source's own sections (same ids: they link the two), which translators then
      // write over in the new language. Comments and open suggestions stay with the source.
      const content = withoutOpenSuggestions(canonical.content) as Json;
      const starters = (content.content ?? [])
        .filter((node) => node.type === "section")
        .map((node) => ({
          id: String(node.attrs?.id ?? ""),
          title: String(node.attrs?.title ?? ""),
          owner: null,
          status: "drafting" as SectionStatus,
          contentNote: typeof node.attrs?.contentNote === "string" ? node.attrs.contentNote : null,
          blocks: node.content ?? [],
        }));
      const id = randomUUID();
      const title = `${canonical.meta.title} (${language.nativeName})`.slice(0, 200);
      const meta = { title, language: language.code, readingAge: canonical.meta.readingAge };
      await documentRows.createDocumentRow(
        {
          id,
          workspaceId: source.workspace_id,
          title,
          templateId: template.id,
          language: language.code,
          readingAge: meta.readingAge,
          createdBy: viewer.userId,
        },
        buildInitialState(meta, canonical.design, starters),
      );
      const linked = await translations.link(
        { documentId: id, sourceId: source.id, language: language.code, createdBy: viewer.userId },
        sections.map((section) => ({
          sectionId: section.id,
          sourceHash: sha256(sectionWords(section)),
          sourceText: sectionWords(section),
        })),
      );
      if (!linked)
        throw errors.conflict(
          "translation_exists",
          `There is already a translation into ${language.name}. Open it from the list of languages.`,
        );
      await audit.record({
        workspaceId: source.workspace_id,
        documentId: id,
        type: "translation.created",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { sourceId: source.id, language: language.code },
      });
      return { id };
    },

    /** The document's family: its source and every translation, each with where its sections stand. */
    async family(viewer: Viewer, documentId: string): Promise<TranslationFamily> {
      const row = await readable(viewer, documentId);
      const source = await rootOf(row);
      const { sections } = await liveSections(source.id);
      const links = await translations.translationsOf(source.id);
      const rows = (await Promise.all(links.map((link) => documentRows.getDocumentRow(link.document_id)))).filter(
        (found): found is DocumentRow => found !== undefined,
      );
      return {
        source: {
          id: source.id,
          title: source.title,
          language: source.language,
          languageName: languageLabel(source.language),
        },
        translations: await Promise.all(rows.map((translation) => summarise(translation, sections))),
      };
    },

    /** For a translation: its source and its own sections' states (null for a document that is not a translation). */
    async ofTranslation(viewer: Viewer, documentId: string) {
      const row = await readable(viewer, documentId);
      const link = await translations.translationOf(row.id);
      if (!link) return null;
      const source = await documentRows.getDocumentRow(link.source_id);
      if (!source) return null;
      const { sections } = await liveSections(source.id);
      return {
        source: {
          id: source.id,
          title: source.title,
          language: source.language,
          languageName: languageOf(source.language).name,
        },
        translation: await summarise(row, sections),
      };
    },

    /** For a translation: the document it was translated from (null for a document that is not a translation). */
    async sourceOf(viewer: Viewer, documentId: string) {
      const row = await readable(viewer, documentId);
      const link = await translations.translationOf(row.id);
      const source = link ? await documentRows.getDocumentRow(link.source_id) : undefined;
      if (!source) return null;
      const language = languageOf(source.language);
      return { id: source.id, title: source.title, language: language.code, languageName: language.name };
    },

    /** For "For you": the workspace's translations with sections waiting, for people who may write. */
    async workFor(viewer: Viewer) {
      if (!can(viewer.member, "content:edit")) return [];
      const work = [];
      for (const link of await translations.inWorkspace(viewer.member.workspaceId)) {
        const row = await documentRows.getDocumentRow(link.document_id);
        if (!row) continue;
        const { sections } = await liveSections(link.source_id);
        const { needsWork } = await summarise(row, sections);
        if (needsWork > 0)
          work.push({
            documentId: row.id,
            documentTitle: row.title,
            languageName: languageLabel(row.language),
            waiting: needsWork,
            link: `/documents/${row.id}`,
          });
      }
      return work;
    },

    /** For a translation: how many sections need a translator (0 for a document that is not a translation). */
    async sectionsWaiting(documentId: string): Promise<number> {
      const link = await translations.translationOf(documentId);
      const row = link ? await documentRows.getDocumentRow(documentId) : undefined;
      if (!link || !row) return 0;
      const { sections } = await liveSections(link.source_id);
      return (await summarise(row, sections)).needsWork;
    },

    /** The source and its hash now, for a translation being released ("translated from"). */
    async sourceVersion(documentId: string): Promise<{ sourceId: string; sourceHash: string } | null> {
      const link = await translations.translationOf(documentId);
      if (!link) return null;
      const room = await sync.getRoom(link.source_id);
      await room.flush();
      return { sourceId: link.source_id, sourceHash: hashCanonical(readCanonical(room.doc)).hash };
    },

    /** A translator checked a section against the source as it is now. */
    async confirmSection(viewer: Viewer, documentId: string, input: unknown) {
      const row = await readable(viewer, documentId);
      if (!can(viewer.member, "content:edit", { workspaceId: row.workspace_id }))
        throw errors.forbidden("Only people who write this document can confirm its translation.");
      const parsed = confirmSectionInput.safeParse(input);
      if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message);
      const link = await translations.translationOf(row.id);
      if (!link) throw errors.badRequest("This document is not a translation, so there is nothing to confirm.");
      const { sections } = await liveSections(link.source_id);
      const section = sections.find((candidate) => candidate.id === parsed.data.sectionId);
      if (!section) throw errors.notFound("That section in the source");
      const words = sectionWords(section);
      await translations.confirm({
        documentId: row.id,
        sectionId: section.id,
        sourceHash: sha256(words),
        sourceText: words,
        userId: viewer.userId,
        name: viewer.displayName,
      });
      await audit.record({
        workspaceId: row.workspace_id,
        documentId: row.id,
        type: "translation.section_confirmed",
        actor: { id: viewer.userId, name: viewer.displayName },
        data: { sectionId: section.id, sourceHash: sha256(words) },
      });
      const ofTranslation = await this.ofTranslation(viewer, row.id);
      return ofTranslation!.translation.sections.find((status) => status.id === section.id)!;
    },
  };
}

export type TranslationService = ReturnType<typeof createTranslationService>;
