/**
 * A retext plugin: finds the workspace's lived-experience words (see `lived-experience-words.ts`) as whole words,
 * any capitals, and reports each with its kinder alternative. Messages carry `source: "copress-lived-experience"`
 * and the entry's phrase key as `ruleId`, so the finding can quote the entry's reason and source.
 */
import type { Root } from "nlcst";
import { search, type Handler } from "nlcst-search";
import { toString } from "nlcst-to-string";
import type { Transformer } from "unified";
import { phraseKey, type WordListEntry } from "./lived-experience-words";

export const LIVED_EXPERIENCE_SOURCE = "copress-lived-experience";

export default function retextLivedExperience(options: { entries: readonly WordListEntry[] }): Transformer<Root, Root> {
  const byKey = new Map(options.entries.map((entry) => [phraseKey(entry.phrase), entry]));
  // As in retext-equality: a phrase with an apostrophe must match it; the others also match "users'" as "users".
  const withApostrophes = [...byKey.keys()].filter((key) => /['’]/.test(key));
  const plain = [...byKey.keys()].filter((key) => !/['’]/.test(key));

  return (tree, file) => {
    const report: Handler = (nodes, _index, parent, phrase) => {
      const entry = byKey.get(phrase);
      const start = nodes[0]?.position?.start;
      const end = nodes.at(-1)?.position?.end;
      if (!entry || !start || !end) return;
      const actual = toString(nodes);
      const message = file.message(`Many people find ‘${actual}’ stigmatising; try ‘${entry.suggestion}’.`, {
        ancestors: [parent],
        place: { start, end },
        ruleId: phrase,
        source: LIVED_EXPERIENCE_SOURCE,
      });
      message.actual = actual;
      message.expected = [entry.suggestion];
      message.note = entry.reason;
    };
    if (plain.length > 0) search(tree, plain, report);
    if (withApostrophes.length > 0) search(tree, withApostrophes, report, { allowApostrophes: true });
  };
}
