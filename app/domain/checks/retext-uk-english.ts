/**
 * Two small retext plugins for UK readers:
 * - `retextUkSpelling`: American spellings (color, organize, center, counseling…) with the UK spelling.
 * - `retextUkSimplerWords`: forms retext-simplify does not know (it has "utilise" but not "utilised", and
 *   neither "maximise" nor "endeavour"), so UK text gets the same plain-words tips.
 */
import type { Root, Word } from "nlcst";
import { search, type Handler } from "nlcst-search";
import { toString } from "nlcst-to-string";
import type { Transformer } from "unified";

export const UK_SPELLING_SOURCE = "copress-uk-spelling";
export const UK_SIMPLER_WORDS_SOURCE = "copress-uk-simpler-words";

/** Spellings that no general rule covers. Words that are right in both countries in some senses are left out. */
const AMERICAN_TO_UK: Record<string, string> = {
  color: "colour",
  colors: "colours",
  colored: "coloured",
  colorful: "colourful",
  favor: "favour",
  favors: "favours",
  favorite: "favourite",
  favorites: "favourites",
  favorable: "favourable",
  honor: "honour",
  honors: "honours",
  humor: "humour",
  labor: "labour",
  neighbor: "neighbour",
  neighbors: "neighbours",
  neighborhood: "neighbourhood",
  neighborhoods: "neighbourhoods",
  behavior: "behaviour",
  behaviors: "behaviours",
  behavioral: "behavioural",
  center: "centre",
  centers: "centres",
  centered: "centred",
  theater: "theatre",
  fiber: "fibre",
  liter: "litre",
  liters: "litres",
  defense: "defence",
  offense: "offence",
  offenses: "offences",
  pretense: "pretence",
  analyze: "analyse",
  analyzed: "analysed",
  analyzing: "analysing",
  paralyze: "paralyse",
  paralyzed: "paralysed",
  catalog: "catalogue",
  gray: "grey",
  mom: "mum",
  moms: "mums",
  pediatric: "paediatric",
  pediatrician: "paediatrician",
  anemia: "anaemia",
  anesthetic: "anaesthetic",
  diarrhea: "diarrhoea",
  fetus: "foetus",
  estrogen: "oestrogen",
  hemorrhage: "haemorrhage",
  orthopedic: "orthopaedic",
  counselor: "counsellor",
  counselors: "counsellors",
  counseling: "counselling",
  counseled: "counselled",
  traveled: "travelled",
  traveling: "travelling",
  traveler: "traveller",
  travelers: "travellers",
  canceled: "cancelled",
  canceling: "cancelling",
  labeled: "labelled",
  labeling: "labelling",
  modeling: "modelling",
  fulfill: "fulfil",
  enrollment: "enrolment",
  enroll: "enrol",
  jewelry: "jewellery",
  pajamas: "pyjamas",
  aluminum: "aluminium",
  toward: "towards",
  afterward: "afterwards",
  maneuver: "manoeuvre",
  skeptical: "sceptical",
};

/** Words that end in -ize in UK English too. */
const IZE_IN_UK_TOO = new Set([
  "size",
  "sizes",
  "sized",
  "sizing",
  "resize",
  "resized",
  "resizes",
  "resizing",
  "downsize",
  "downsized",
  "downsizing",
  "oversize",
  "oversized",
  "outsize",
  "prize",
  "prizes",
  "prized",
  "seize",
  "seizes",
  "seized",
  "seizing",
  "capsize",
  "capsized",
  "baize",
  "maize",
  "assize",
  "assizes",
]);

const IZE_ENDING = /^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers)$/;

/** The UK spelling of a word, or undefined when the word is fine (or not American). Keeps a leading capital. */
export function ukSpellingOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  let uk = AMERICAN_TO_UK[lower];
  if (!uk && !IZE_IN_UK_TOO.has(lower)) {
    const match = IZE_ENDING.exec(lower);
    if (match) uk = `${match[1]}is${match[2]}`;
  }
  if (!uk) return undefined;
  return word[0] !== lower[0] ? uk[0]!.toUpperCase() + uk.slice(1) : uk;
}

export function retextUkSpelling(): Transformer<Root, Root> {
  return (tree, file) => {
    const visit = (node: Root | Root["children"][number]) => {
      if (node.type === "WordNode") {
        const word = toString(node as Word);
        const uk = /^[A-Za-z]+$/.test(word) ? ukSpellingOf(word) : undefined;
        const position = node.position;
        if (uk && position) {
          const message = file.message(`‘${word}’ is the American spelling. UK readers expect ‘${uk}’.`, {
            place: position,
            ruleId: word.toLowerCase(),
            source: UK_SPELLING_SOURCE,
          });
          message.actual = word;
          message.expected = [uk];
        }
        return;
      }
      if ("children" in node) for (const child of node.children) visit(child as Root["children"][number]);
    };
    visit(tree);
  };
}

/** Words and forms retext-simplify lacks (checked against its list: none of these is in it). */
const UK_SIMPLER_WORDS: Record<string, string[]> = {
  utilises: ["uses"],
  utilised: ["used"],
  utilising: ["using"],
  utilizes: ["uses"],
  utilized: ["used"],
  utilizing: ["using"],
  prioritised: ["ranked", "put first"],
  finalised: ["finished", "completed"],
  minimised: ["reduced"],
  maximise: ["increase", "make the most of"],
  maximize: ["increase", "make the most of"],
  optimise: ["improve"],
  optimize: ["improve"],
  authorised: ["allowed"],
  endeavour: ["try"],
  endeavours: ["tries"],
};

export function retextUkSimplerWords(): Transformer<Root, Root> {
  const phrases = Object.keys(UK_SIMPLER_WORDS);
  return (tree, file) => {
    const report: Handler = (nodes, _index, parent, phrase) => {
      const start = nodes[0]?.position?.start;
      const end = nodes.at(-1)?.position?.end;
      if (!start || !end) return;
      const actual = toString(nodes);
      const expected = UK_SIMPLER_WORDS[phrase] ?? [];
      const message = file.message(`‘${actual}’ can be hard to read; try ‘${expected.join("’ or ‘")}’.`, {
        ancestors: [parent],
        place: { start, end },
        ruleId: phrase,
        source: UK_SIMPLER_WORDS_SOURCE,
      });
      message.actual = actual;
      message.expected = expected;
    };
    search(tree, phrases, report);
  };
}
