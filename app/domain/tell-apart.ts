/**
 * Words that tell documents with the same title apart in the document list.
 */
const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "Europe/London" });
const shortDateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

/**
 * For documents that share a title, words that tell each apart inside its link: the template and the day it last
 * changed, then the time, then who started it, and as a last resort its place in the list ("2 of 2").
 */
export function tellApart(
  documents: Array<{ id: string; title: string; templateName: string; updatedAt: string }>,
  makers: Record<string, string>,
): Map<string, string> {
  const result = new Map<string, string>();
  const byTitle = new Map<string, typeof documents>();
  for (const d of documents)
    byTitle.set(d.title.trim().toLowerCase(), [...(byTitle.get(d.title.trim().toLowerCase()) ?? []), d]);
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    const ways = [
      (d: (typeof group)[number]) => `${d.templateName}, changed ${shortDate.format(new Date(d.updatedAt))}`,
      (d: (typeof group)[number]) => `${d.templateName}, changed ${shortDateTime.format(new Date(d.updatedAt))}`,
      (d: (typeof group)[number]) =>
        `${d.templateName}, changed ${shortDateTime.format(new Date(d.updatedAt))}, started by ${makers[d.id] ?? "a former member"}`,
    ];
    const way = ways.find((tell) => new Set(group.map(tell)).size === group.length);
    group.forEach((d, index) => result.set(d.id, way ? way(d) : `${ways[2]!(d)} (${index + 1} of ${group.length})`));
  }
  return result;
}
