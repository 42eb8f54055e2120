/**
 * Whether a list is short enough to keep whole — on a folded leaflet's panel, or to go over with a section's short
 * closing line — for the PDF (app/render/pdf/blocks.tsx) and the live preview alike, so both move the same lists: at
 * most a third of the panel or page, estimated at half an em per character of body text (a block other than a
 * paragraph counts four lines). Longer lists break between items, or they could not fit a panel at all.
 *
 * `items`: for each item, its blocks — a paragraph as its number of characters, any other block as null.
 */
export function listFitsAThird(
  items: ReadonlyArray<ReadonlyArray<number | null>>,
  metrics: { body: number; lineHeight: number; contentWidth: number; contentHeight: number },
): boolean {
  const { body, lineHeight, contentWidth, contentHeight } = metrics;
  const lines = items.reduce(
    (count, blocks) =>
      count +
      blocks.reduce<number>(
        (inItem, characters) =>
          inItem + (characters === null ? 4 : Math.ceil((characters * body * 0.5) / contentWidth)),
        0,
      ),
    0,
  );
  return lines * body * lineHeight * 1.3 <= contentHeight / 3;
}
