/**
 * The picture library (issue 16), for Easy Read above all: find a picture by a word and put it in the document with
 * its description filled in. Two sources:
 *
 * - OpenMoji (the `openmoji` package from the npm registry; CC BY-SA 4.0): about 4,000 open-licence pictures with
 *   English names and tags. Names in the document's language come from Unicode's CLDR annotations (the
 *   `emojibase-data` package) where it has that language (Polish, Lithuanian, Portuguese, Spanish, French, Bengali
 *   and others); otherwise people search and read in English. A picture is drawn to PNG once per workspace when first
 *   used (one stored upload, `library_id`), and carries the credit its licence asks for, which the web version and
 *   the PDF's back page print.
 * - The workspace's own uploaded pictures, with the description someone last gave them: reusable in any document.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as z from "zod";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import { languageOf } from "../../app/domain/languages";
import { OPENMOJI_CREDIT } from "../../app/domain/picture-credits";
import type { UploadRepository } from "../db/uploads";
import type { Viewer } from "./auth";
import type { UploadService } from "./uploads";

const require = createRequire(import.meta.url);

export interface LibraryPicture {
  /** "openmoji:1F3E0", or "upload:<id>" for the workspace's own. */
  id: string;
  description: string;
  /** Where the browser shows the picture while choosing. */
  previewUrl: string;
  /** The credit its licence asks for, or null. */
  credit: string | null;
  source: "openmoji" | "workspace";
}

interface Entry {
  hexcode: string;
  /** A screen button: after other pictures that match as well. */
  lesser: boolean;
  /** English name, and the words it is found by (lower case). */
  name: string;
  words: string[];
  /** The name and words in other languages, by primary language subtag. */
  local: Map<string, { name: string; words: string[] }>;
}

/** Languages emojibase-data has names for (its folders), by our primary subtags. */
const CLDR_LOCALES = new Set([
  "bn",
  "da",
  "de",
  "es",
  "et",
  "fi",
  "fr",
  "hi",
  "hu",
  "it",
  "lt",
  "nl",
  "pl",
  "pt",
  "sv",
  "uk",
]);

let index: { entries: Entry[]; byHex: Map<string, Entry> } | null = null;

/** The OpenMoji index, built once per process (about 2,000 pictures without skin-tone variants). */
function openMoji() {
  if (index) return index;
  const raw = JSON.parse(readFileSync(require.resolve("openmoji/data/openmoji.json"), "utf8")) as Array<{
    hexcode: string;
    annotation: string;
    tags: string;
    openmoji_tags: string;
    skintone: string;
    group: string;
    subgroups: string;
  }>;
  const split = (text: string) =>
    text
      .split(",")
      .map((word) => word.trim().toLowerCase())
      .filter(Boolean);
  const entries: Entry[] = raw
    .filter(
      (item) =>
        !item.skintone &&
        item.group !== "component" &&
        item.group !== "flags" &&
        /^[0-9A-F-]+$/.test(item.hexcode) &&
        !NOT_FOR_LEAFLETS.has(item.hexcode),
    )
    .map((item) => ({
      hexcode: item.hexcode,
      lesser: isLesser(item),
      name: item.annotation,
      words: [
        ...new Set([...split(item.annotation.replace(/:/g, ",")), ...split(item.tags), ...split(item.openmoji_tags)]),
      ].filter((word) => !MISLEADING_TAGS[item.hexcode]?.includes(word)),
      local: new Map(),
    }));
  const byHex = new Map(entries.map((entry) => [entry.hexcode, entry]));
  index = { entries, byHex };
  return index;
}

const loadedLocales = new Set<string>();
/** Adds a language's CLDR names to the index the first time someone searches in it. */
function withLocale(primary: string) {
  const { byHex } = openMoji();
  if (!CLDR_LOCALES.has(primary) || loadedLocales.has(primary)) return;
  const data = JSON.parse(readFileSync(require.resolve(`emojibase-data/${primary}/compact.json`), "utf8")) as Array<{
    hexcode: string;
    label: string;
    tags?: string[];
  }>;
  for (const item of data) {
    const entry = byHex.get(item.hexcode);
    if (entry)
      entry.local.set(primary, {
        name: item.label,
        words: [item.label.toLowerCase(), ...(item.tags ?? []).map((tag) => tag.toLowerCase())],
      });
  }
  loadedLocales.add(primary);
}

/**
 * How well a picture matches a query's terms: its name first ("Health worker" for "health"), then its tags ("doctor"
 * tags a pill too), a whole word before the start of one. Every term must match somewhere.
 */
function score(terms: string[], name: string, words: string[]): number {
  const nameWords = name
    .toLowerCase()
    .split(/[\s:,]+/)
    .filter(Boolean);
  const scoreOf = (term: string) => {
    if (name.toLowerCase() === term) return 8;
    if (nameWords.includes(term)) return 6;
    if (words.includes(term)) return 3;
    if (nameWords.some((word) => word.startsWith(term))) return 2;
    if (words.some((word) => word.split(/\s+/).some((part) => part.startsWith(term)))) return 1;
    return 0;
  };
  let total = 0;
  for (const term of terms) {
    // A word the pictures are not named by finds the ones for what it means ("bills": a receipt), a little lower.
    const best = Math.max(scoreOf(term), ...(LEAFLET_WORDS[term] ?? []).map((other) => scoreOf(other) - 1));
    if (best <= 0) return 0;
    total += best;
  }
  return total;
}

/** Words leaflets use that no OpenMoji picture is named or tagged by, and what to look for instead. */
const LEAFLET_WORDS: Record<string, string[]> = {
  bill: ["receipt"],
  bills: ["receipt"],
  court: ["judge", "balance scale"],
  // "home" also tags tools ("home improvement"): a house is what a leaflet means.
  home: ["house"],
  courts: ["judge", "balance scale"],
  law: ["balance scale", "judge"],
  legal: ["balance scale", "judge"],
  rent: ["house"],
};

/**
 * Pictures a serious leaflet would not use for what they are found by: jokes ("Money-mouth face", "Money with
 * wings" for "money"; a TARDIS for "police") and gestures that mean money in one country only. Never offered.
 */
const NOT_FOR_LEAFLETS = new Set(["1F911", "1F4B8", "1FA8E", "E149", "1FAF0"]);

/**
 * Tags that send a search to the wrong picture: a potted plant is tagged "house" (a house plant), so "house" offered
 * it beside the houses. Dropped from those pictures only; they are still found by their other words.
 */
const MISLEADING_TAGS: Record<string, readonly string[]> = { "1FAB4": ["house"] };

/**
 * Screen buttons ("Home button") come after pictures of things that match as well: they are rarely what was meant.
 * (Faces are not put back: Easy Read needs them for feelings, "happy", "worried".)
 */
const isLesser = (item: { subgroups: string }) => item.subgroups === "ui-element";

/**
 * Money is drawn in pounds: Copress's documents are read in the UK, in English or in the community languages it
 * translates into (app/domain/languages.ts). Among pictures that match a search ("money", "cash", "pay"), those that
 * show pounds come first and those that show only dollars, euros or yen last: a leaflet's "money" is not a dollar bag.
 */
function currencyWeight(entry: Entry): number {
  const words = [entry.name.toLowerCase(), ...entry.words];
  const shows = (word: string) => words.some((each) => each.split(/\s+/).includes(word));
  // Only pictures of money: "pound" also tags a fist bump.
  if (!["money", "cash", "currency", "banknote", "coin"].some(shows)) return 0;
  if (shows("pound") || shows("pounds")) return 4;
  if (shows("dollar") || shows("euro") || shows("yen")) return -4;
  return 0;
}

export const searchInput = z.object({
  q: z.string().trim().min(1, "Type a word to look for, for example “house”.").max(60, "Use a few words."),
  language: z.string().max(20).optional(),
});

export const useInput = z.object({
  id: z
    .string({ error: "Say which picture." })
    .regex(/^(openmoji:[0-9A-F-]{2,40}|upload:[0-9a-f-]{36})$/, "That is not a picture from the library."),
  description: z.string().trim().max(300, "Keep the description under 300 characters.").optional(),
});

const MAX_RESULTS = 24;

export function createPictureLibrary(deps: { uploads: UploadRepository; uploadService: UploadService }) {
  const { uploads, uploadService } = deps;

  function requireMayAdd(viewer: Viewer) {
    if (!can(viewer.member, "content:edit") && !can(viewer.member, "design:edit"))
      throw errors.forbidden("Your role doesn't let you add pictures. Ask a coordinator if you need to.");
  }

  return {
    /** An OpenMoji picture's SVG by its code (public: open licence), or null. */
    svg: (hexcode: string) => openMojiSvg(hexcode),

    /** Pictures for a word: the workspace's own first, then OpenMoji, in the document's language where it can. */
    async search(viewer: Viewer, input: unknown): Promise<{ pictures: LibraryPicture[]; language: string }> {
      const parsed = searchInput.safeParse(input);
      if (!parsed.success)
        throw errors.badRequest(parsed.error.issues[0]!.message, { fields: { q: [parsed.error.issues[0]!.message] } });
      const terms = parsed.data.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
      const primary = languageOf(parsed.data.language).code.toLowerCase().split("-")[0]!;
      withLocale(primary);

      const own = (await uploads.describedPictures(viewer.member.workspaceId))
        .map((row) => {
          const description = row.description ?? "";
          const words = description
            .toLowerCase()
            .split(/[^\p{L}\p{N}]+/u)
            .filter(Boolean);
          // A picture taken in from the library is found by the library's words too, as before it was taken in.
          const entry = row.library_id ? openMoji().byHex.get(row.library_id.slice("openmoji:".length)) : undefined;
          const local = entry?.local.get(primary);
          const fromLibrary = entry
            ? Math.max(score(terms, entry.name, entry.words), local ? score(terms, local.name, local.words) : 0)
            : 0;
          return { row, score: Math.max(score(terms, description, words), fromLibrary) };
        })
        .filter((match) => match.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, 8);
      // A library picture the group has taken in is listed once, as the group's own (with their description).
      const taken = new Set(own.map(({ row }) => row.library_id).filter(Boolean));
      const ownPictures = own.map(({ row }): LibraryPicture => ({
        id: `upload:${row.id}`,
        description: row.description ?? "",
        previewUrl: `/uploads/${row.id}`,
        credit: row.credit,
        source: "workspace",
      }));
      const library = openMoji()
        .entries.map((entry) => {
          const local = entry.local.get(primary);
          const localScore = local ? score(terms, local.name, local.words) : 0;
          const englishScore = score(terms, entry.name, entry.words);
          const best = Math.max(localScore, englishScore);
          return {
            entry,
            local: localScore > 0 ? local : undefined,
            matched: best > 0,
            score: best + currencyWeight(entry) - (entry.lesser ? 3 : 0),
          };
        })
        .filter((match) => match.matched && !taken.has(`openmoji:${match.entry.hexcode}`))
        .sort((a, b) => b.score - a.score || a.entry.name.length - b.entry.name.length)
        .slice(0, MAX_RESULTS - ownPictures.length)
        .map(({ entry, local }): LibraryPicture => ({
          id: `openmoji:${entry.hexcode}`,
          description: capitalise((local ?? entry.local.get(primary))?.name ?? entry.name),
          previewUrl: `/pictures/openmoji/${entry.hexcode}.svg`,
          credit: OPENMOJI_CREDIT,
          source: "openmoji",
        }));
      return { pictures: [...ownPictures, ...library], language: primary };
    },

    /**
     * Makes a library picture the workspace's own (drawn and stored once), or remembers a new description of one of
     * the workspace's pictures; answers where it is, its description and its credit for the document.
     */
    async use(viewer: Viewer, input: unknown): Promise<{ url: string; description: string; credit: string | null }> {
      requireMayAdd(viewer);
      const parsed = useInput.safeParse(input);
      if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]!.message);
      const { id, description } = parsed.data;
      if (id.startsWith("upload:")) {
        const row = await uploadService.requireUpload(viewer, id.slice("upload:".length));
        if (row.purpose !== "image") throw errors.badRequest("That is a logo, not a picture for the text.");
        if (description) await uploads.describe(row.id, description);
        return { url: `/uploads/${row.id}`, description: description ?? row.description ?? "", credit: row.credit };
      }
      const hexcode = id.slice("openmoji:".length);
      const entry = openMoji().byHex.get(hexcode);
      if (!entry) throw errors.notFound("That picture");
      const existing = await uploads.libraryUpload(viewer.member.workspaceId, id);
      if (existing)
        return {
          url: `/uploads/${existing.id}`,
          description: description ?? capitalise(entry.name),
          credit: existing.credit,
        };
      const stored = await uploadService.storeUpload(viewer, {
        bytes: openMojiSvg(hexcode)!,
        fileName: `${entry.name}.svg`,
        purpose: "image",
        library: { id, description: description ?? capitalise(entry.name), credit: OPENMOJI_CREDIT },
      });
      return { url: stored.url, description: description ?? capitalise(entry.name), credit: OPENMOJI_CREDIT };
    },
  };
}

/** An OpenMoji picture's SVG, for a known code only (never a path someone sent), or null. */
export function openMojiSvg(hexcode: string): Buffer | null {
  if (!/^[0-9A-F-]{2,40}$/.test(hexcode) || !openMoji().byHex.has(hexcode)) return null;
  return readFileSync(require.resolve(`openmoji/color/svg/${hexcode}.svg`));
}

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

export type PictureLibrary = ReturnType<typeof createPictureLibrary>;
