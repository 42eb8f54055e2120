/**
 * What the preview's pages are filled with: each section's title, blocks and list items as units measured one by one
 * (a list flows across pages item by item, as the PDF's does), plus the title band and the colophon.
 */
import { isLeadIn } from "~/domain/lead-in";
import { textOf, type BlockJson, type InlineJson, type SectionJson } from "./document";

export type FlowUnit =
  | { kind: "titleBand"; key: string }
  | { kind: "sectionTitle"; key: string; section: SectionJson; stage: number | null; last: boolean }
  | { kind: "block"; key: string; block: BlockJson; last: boolean; leadIn: boolean }
  | {
      kind: "listItem";
      key: string;
      item: BlockJson;
      label: string;
      numbered: boolean;
      lastInList: boolean;
      last: boolean;
    }
  | { kind: "colophon"; key: string };

export function unitsOfSection(section: SectionJson, index: number, numberedStages: boolean): FlowUnit[] {
  const id = section.attrs?.id ?? `section-${index}`;
  const units: FlowUnit[] = [];
  if ((section.attrs?.title ?? "").trim() || section.attrs?.contentNote) {
    units.push({
      kind: "sectionTitle",
      key: `${id}:title`,
      section,
      stage: numberedStages ? index + 1 : null,
      last: false,
    });
  }
  const blocks = (section.content ?? []).filter(
    (block) => block.type !== "paragraph" || textOf(block as { content?: InlineJson[] }).trim() !== "",
  );
  blocks.forEach((block, blockIndex) => {
    if (block.type === "bulletList" || block.type === "orderedList") {
      const start = typeof block.attrs?.start === "number" ? block.attrs.start : 1;
      const items = block.content ?? [];
      items.forEach((item, itemIndex) =>
        units.push({
          kind: "listItem",
          key: `${id}:${blockIndex}:${itemIndex}`,
          item,
          label: block.type === "orderedList" ? String(start + itemIndex) : "•",
          numbered: block.type === "orderedList",
          lastInList: itemIndex === items.length - 1,
          last: false,
        }),
      );
    } else {
      const leadIn =
        block.type === "paragraph" &&
        isLeadIn(textOf(block as { content?: InlineJson[] }), blocks[blockIndex + 1]?.type);
      units.push({ kind: "block", key: `${id}:${blockIndex}`, block, last: false, leadIn });
    }
  });
  const lastUnit = units[units.length - 1];
  if (lastUnit && lastUnit.kind !== "titleBand" && lastUnit.kind !== "colophon") lastUnit.last = true;
  return units;
}
