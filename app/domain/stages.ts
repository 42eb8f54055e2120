/**
 * A guide numbers its sections as stages ("1 About this guide", "2 What social workers do"…). The sections at its end
 * that hold contact details ("Contact us", "Where to get support") are how to reach someone, not a stage of what
 * happens: they keep their title without a number. One rule for the editor's preview, the PDF (its headings and its
 * contents page) and the web version.
 */

/** A section as ProseMirror JSON or a node's JSON view: only its blocks' types are read. */
interface SectionBlocks {
  content?: unknown;
}

const holdsContact = (section: SectionBlocks) =>
  Array.isArray(section.content) &&
  section.content.some((block: unknown) => (block as { type?: unknown } | null)?.type === "contactBlock");

/** Each section's stage number, or null where it has none (not a guide, or a closing section with contacts). */
export function stageNumbers(sections: readonly SectionBlocks[], numberedStages: boolean): Array<number | null> {
  if (!numberedStages) return sections.map(() => null);
  let closing = sections.length;
  while (closing > 0 && holdsContact(sections[closing - 1]!)) closing--;
  return sections.map((_, index) => (index < closing ? index + 1 : null));
}
