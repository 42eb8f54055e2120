/**
 * Which template a design map says, with no validation library: what pages need before the rest of the design
 * (the editor, to start typing) reads it. `readDesign` in design.ts reads the whole design the same way.
 */

/** The template that makes a document large print: A4 pages, body text 18 pt, never made smaller to fit. */
export const LARGE_PRINT_TEMPLATE_ID = "large-print";

/**
 * The template a design map's JSON asks for. Large print is one setting, the "Large print" template: documents from
 * before that decision may still store `largePrint: true` (a tick box that scaled any template to 18 pt), and are
 * read as large print documents so what people asked for is what prints.
 */
export function templateIdOf(raw: Readonly<Record<string, unknown>>, fallbackTemplateId = "a5-booklet"): string {
  const stored = typeof raw.templateId === "string" ? raw.templateId : fallbackTemplateId;
  return raw.largePrint === true ? LARGE_PRINT_TEMPLATE_ID : stored;
}
