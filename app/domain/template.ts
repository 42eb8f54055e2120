/**
 * Print templates (`templates/*.json`), validated by zod when the server starts. A template says how a document
 * is laid out on paper; the document itself stays the same when a designer switches templates.
 */
import * as z from "zod";
import { BLOCK_TYPES } from "./blocks";

const points = z.number().positive();

/** The blocks a template may allow or start a section with: every block type (app/domain/blocks.ts). */
const blockNames = BLOCK_TYPES;

/** Starter content of a section, as ProseMirror JSON block nodes (see app/editor/schema.ts). */
const starterBlock = z.record(z.string(), z.unknown()).and(z.object({ type: z.enum(blockNames) }));

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "Template ids use lower-case letters, digits and dashes."),
    name: z.string().min(1),
    description: z.string().min(1),
    kind: z.enum(["leaflet", "guide", "easy-read"]),
    /** How pages are put on paper: a folded booklet, an A4 sheet folded in three, or plain pages. */
    imposition: z.enum(["booklet", "trifold", "pages"]),
    page: z.object({
      size: z.enum(["A4", "A5"]),
      orientation: z.enum(["portrait", "landscape"]),
      /** Number of pages the layout is made for (a booklet is a multiple of 4); null = as many as needed. */
      count: z.number().int().positive().nullable(),
    }),
    /**
     * Tri-fold only: the six panels in reading order, each with the sheet side (1 = outside, 2 = inside) and its
     * position on that side from the left (1..3). See docs/trifold.md for the folding diagram.
     */
    panels: z
      .array(
        z.object({
          name: z.string(),
          side: z.union([z.literal(1), z.literal(2)]),
          position: z.number().int().min(1).max(3),
        }),
      )
      .optional(),
    margins: z.object({
      top: z.number().min(5),
      right: z.number().min(5),
      bottom: z.number().min(5),
      left: z.number().min(5),
    }),
    typeScale: z.object({
      body: points,
      h1: points,
      h2: points,
      h3: points,
      small: points,
      lineHeight: z.number().min(1.2),
    }),
    rules: z.object({
      minBodyPt: z.number().min(12, "Body text is never below 12 pt (RNIB Clear Print)."),
      maxSentenceWords: z.number().int().positive(),
      readingAge: z.string().regex(/^\d+(–\d+)?$/),
      headingLevels: z.array(z.union([z.literal(2), z.literal(3), z.literal(4)])).min(1),
      textAlign: z.literal("left"),
      contentsPage: z.boolean(),
      numberedStages: z.boolean(),
    }),
    allowedBlocks: z.array(z.enum(blockNames)).min(1),
    starterSections: z.array(z.object({ title: z.string().min(1), blocks: z.array(starterBlock).min(1) })).min(1),
  })
  .superRefine((template, ctx) => {
    if (template.typeScale.body < template.rules.minBodyPt) {
      ctx.addIssue({
        code: "custom",
        message: "Body size is below the template's own minimum.",
        path: ["typeScale", "body"],
      });
    }
    if (template.typeScale.small < 12) {
      ctx.addIssue({ code: "custom", message: "No text may be set below 12 pt.", path: ["typeScale", "small"] });
    }
    if (template.imposition === "trifold" && template.panels?.length !== 6) {
      ctx.addIssue({ code: "custom", message: "A tri-fold has exactly six panels.", path: ["panels"] });
    }
    if (template.imposition === "booklet" && (template.page.count ?? 0) % 4 !== 0) {
      ctx.addIssue({
        code: "custom",
        message: "A folded booklet has a multiple of four pages.",
        path: ["page", "count"],
      });
    }
  });

export type Template = z.infer<typeof templateSchema>;

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  kind: Template["kind"];
  page: Template["page"];
}

/** Whether the template has a cover: folded leaflets and guides (the others open with a title band). */
export function hasCover(template: { imposition: string; rules: { contentsPage: boolean } }): boolean {
  return template.imposition !== "pages" || template.rules.contentsPage;
}

export function summariseTemplate(template: Template): TemplateSummary {
  const { id, name, description, kind, page } = template;
  return { id, name, description, kind, page };
}
