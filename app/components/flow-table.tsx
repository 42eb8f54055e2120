/**
 * "How the sections compare" (issue 15): every section side by side — reading age, sentence length and tone — so the
 * flow editor (or anyone) can make the writing consistent. From the live checks, so it follows the typing.
 */
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { Finding, SectionSummary } from "~/domain/checks/types";

export interface FlowRow {
  sectionId: string;
  title: string;
  readingAge: number | null;
  readingAgeAbove: boolean;
  averageSentenceWords: number | null;
  longestSentenceWords: number;
  /** Times the section speaks to the reader ("you", "your") per 100 words. */
  youPer100: number | null;
  passive: number;
  hardWords: number;
  /** Its sentences are clearly longer on average than the other sections'. */
  longerThanTheRest: boolean;
  /** It does not speak to the reader while most sections do (or the other way round). */
  toneUnlikeTheRest: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const YOU = /\b(you|your|yours|yourself)\b/gi;

/** One row per section, from the live report and the text itself. */
export function flowRows(
  doc: ProseMirrorNode,
  sections: readonly SectionSummary[],
  findings: readonly Finding[],
): FlowRow[] {
  const texts = new Map<string, string>();
  doc.forEach((node) => texts.set(String(node.attrs.id ?? ""), node.textContent));
  const rows = sections.map((section) => {
    const words = section.scores.words;
    const you = (texts.get(section.sectionId) ?? "").match(YOU)?.length ?? 0;
    const here = findings.filter((finding) => finding.sectionId === section.sectionId);
    return {
      sectionId: section.sectionId,
      title: section.title,
      readingAge: section.scores.readingAge,
      readingAgeAbove: section.readingAgeStatus === "above",
      averageSentenceWords: section.scores.averageSentenceWords,
      longestSentenceWords: section.scores.longestSentenceWords,
      youPer100: words > 0 ? Math.round((you / words) * 100) : null,
      passive: here.filter((finding) => finding.rule === "passive-voice").length,
      hardWords: here.filter((finding) => finding.rule === "simpler-words" || finding.rule === "hard-sentence").length,
      longerThanTheRest: false,
      toneUnlikeTheRest: false,
    };
  });
  // What stands out against the others: the flow editor's first places to look.
  const typical = median(rows.flatMap((row) => (row.averageSentenceWords === null ? [] : [row.averageSentenceWords])));
  const speaking = rows.filter((row) => row.youPer100 !== null);
  const mostSpeak = speaking.filter((row) => row.youPer100! >= 2).length * 2 > speaking.length;
  for (const row of rows) {
    row.longerThanTheRest =
      typical !== null &&
      row.averageSentenceWords !== null &&
      rows.length > 2 &&
      row.averageSentenceWords > Math.max(typical * 1.3, typical + 3);
    row.toneUnlikeTheRest = row.youPer100 !== null && speaking.length > 2 && row.youPer100 >= 2 !== mostSpeak;
  }
  return rows;
}

/** "Speaks to the reader; 1 passive sentence" — the tone in a few plain words. */
export function toneWords(row: FlowRow): string {
  const parts: string[] = [];
  if (row.youPer100 === null) return "No text yet";
  parts.push(row.youPer100 >= 2 ? "Speaks to the reader" : "Does not say “you”");
  if (row.passive > 0) parts.push(`${row.passive} passive ${row.passive === 1 ? "sentence" : "sentences"}`);
  if (row.hardWords > 0)
    parts.push(`${row.hardWords} harder ${row.hardWords === 1 ? "word or sentence" : "words or sentences"}`);
  return parts.join("; ");
}

export function FlowTable({ rows, targetAge }: { rows: FlowRow[]; targetAge: string }) {
  if (rows.length === 0) return null;
  return (
    <section className="flow" aria-labelledby="flow-heading">
      <h3 id="flow-heading">How the sections compare</h3>
      <p className="hint">
        To make the writing flow, look for a section that reads older than the rest, has much longer sentences, or
        speaks to the reader differently. Aim for a reading age of {targetAge}.
      </p>
      <div className="table-scroll">
        <table className="table table--stack flow__table">
          <caption className="visually-hidden">Each section's reading age, sentence length and tone</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Reading age</th>
              <th scope="col">Sentence length</th>
              <th scope="col">Tone</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.sectionId}>
                <th scope="row" data-label="Section">
                  {row.title || "Untitled section"}
                </th>
                <td data-label="Reading age" className={row.readingAgeAbove ? "flow__above" : undefined}>
                  {row.readingAge === null ? "—" : `${row.readingAge}`}
                  {row.readingAgeAbove ? <span className="flow__note"> (older than the aim)</span> : null}
                </td>
                <td data-label="Sentence length" className={row.longerThanTheRest ? "flow__above" : undefined}>
                  {row.averageSentenceWords === null
                    ? "—"
                    : `${row.averageSentenceWords} words on average, longest ${row.longestSentenceWords}`}
                  {row.longerThanTheRest ? <span className="flow__note"> (longer than the rest)</span> : null}
                </td>
                <td data-label="Tone" className={row.toneUnlikeTheRest ? "flow__above" : undefined}>
                  {toneWords(row)}
                  {row.toneUnlikeTheRest ? <span className="flow__note"> (unlike the rest)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
