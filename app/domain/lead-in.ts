/**
 * A lead-in line: a paragraph ending in a colon right before a list ("The court can also decide that:"). The PDF
 * and the live preview both keep it on the same page as the list's first item, never at the foot of a page with
 * its list overleaf.
 */
export function isLeadIn(paragraphText: string, nextBlockType: string | undefined): boolean {
  return (nextBlockType === "bulletList" || nextBlockType === "orderedList") && /:\s*$/.test(paragraphText);
}
