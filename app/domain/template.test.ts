import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { documentSchema } from "../editor/schema.server";
import { templateSchema, type Template } from "./template";

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), "../../templates");
const files = readdirSync(templatesDir)
  .filter((name) => name.endsWith(".json"))
  .sort();

function readRaw(file: string): unknown {
  return JSON.parse(readFileSync(join(templatesDir, file), "utf8"));
}

const parsed: Array<{ file: string; template: Template }> = files.map((file) => ({
  file,
  template: templateSchema.parse(readRaw(file)),
}));

function template(id: string): Template {
  const found = parsed.find((entry) => entry.template.id === id);
  if (!found) throw new Error(`No template ${id}`);
  return found.template;
}

/** Templates whose body text must be at least 16 pt. */
const isLargeText = (t: Template) => t.kind === "easy-read" || t.id === "large-print";

function sectionDoc(title: string, blocks: unknown[]) {
  return { type: "doc", content: [{ type: "section", attrs: { id: "s-1", title }, content: blocks }] };
}

function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (!node || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  visit(record);
  if (Array.isArray(record.content)) for (const child of record.content) walk(child, visit);
}

describe("templates/*.json", () => {
  it("has the five templates from the brief", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "a4-easy-read.json",
        "a4-guide.json",
        "a4-trifold.json",
        "a5-booklet.json",
        "large-print.json",
      ]),
    );
  });

  it.each(files)("%s validates against the template schema", (file) => {
    const result = templateSchema.safeParse(readRaw(file));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("ids are unique and equal the file names", () => {
    const ids = parsed.map((entry) => entry.template.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { file, template: t } of parsed) expect(t.id).toBe(basename(file, ".json"));
  });

  it.each(files)("%s respects the minimum text sizes", (file) => {
    const t = parsed.find((entry) => entry.file === file)!.template;
    expect(t.rules.minBodyPt).toBeGreaterThanOrEqual(12);
    expect(t.typeScale.body).toBeGreaterThanOrEqual(t.rules.minBodyPt);
    expect(t.typeScale.small).toBeGreaterThanOrEqual(12);
    if (isLargeText(t)) {
      expect(t.rules.minBodyPt).toBeGreaterThanOrEqual(16);
      expect(t.typeScale.body).toBeGreaterThanOrEqual(16);
      expect(t.typeScale.small).toBeGreaterThanOrEqual(16);
    } else {
      expect(t.typeScale.body).toBeGreaterThanOrEqual(14);
    }
    // Headings are bigger than body text and get smaller level by level.
    expect(t.typeScale.h1).toBeGreaterThan(t.typeScale.h2);
    expect(t.typeScale.h2).toBeGreaterThan(t.typeScale.h3);
    expect(t.typeScale.h3).toBeGreaterThan(t.typeScale.body);
    expect(t.rules.textAlign).toBe("left");
  });

  it.each(files)("%s uses inner heading levels and an en-dash reading age", (file) => {
    const t = parsed.find((entry) => entry.file === file)!.template;
    // Sections are rendered as H2, so starter content starts at H3.
    expect(t.rules.headingLevels).not.toContain(2);
    expect(t.rules.headingLevels).toContain(3);
    expect(t.rules.readingAge).toMatch(/^\d+–\d+$/);
  });

  it("the A5 booklet is an 8-page portrait leaflet", () => {
    const t = template("a5-booklet");
    expect(t).toMatchObject({
      kind: "leaflet",
      imposition: "booklet",
      page: { size: "A5", orientation: "portrait", count: 8 },
    });
    expect(t.rules.readingAge).toBe("9–11");
  });

  it("the guide has a contents page, numbered stages and level 4 headings", () => {
    const t = template("a4-guide");
    expect(t).toMatchObject({ kind: "guide", page: { size: "A4", orientation: "portrait" } });
    expect(t.rules.contentsPage).toBe(true);
    expect(t.rules.numberedStages).toBe(true);
    expect(t.rules.headingLevels).toEqual([3, 4]);
    expect(t.allowedBlocks).toContain("orderedList");
  });

  it("Easy Read keeps sentences to 15 words or fewer and allows picture rows", () => {
    const t = template("a4-easy-read");
    expect(t.kind).toBe("easy-read");
    expect(t.rules.maxSentenceWords).toBeLessThanOrEqual(15);
    expect(t.rules.readingAge).toBe("7–9");
    expect(t.allowedBlocks).toContain("easyReadRow");
    expect(t.starterSections.flatMap((s) => s.blocks).some((b) => b.type === "easyReadRow")).toBe(true);
  });

  it("large print is A4 portrait pages and allows every block, so any document can switch to it", () => {
    const t = template("large-print");
    expect(t).toMatchObject({ imposition: "pages", page: { size: "A4", orientation: "portrait" } });
    const allBlocks = new Set(parsed.flatMap((entry) => entry.template.allowedBlocks));
    expect(new Set(t.allowedBlocks)).toEqual(allBlocks);
    const allLevels = new Set(parsed.flatMap((entry) => entry.template.rules.headingLevels));
    expect(new Set(t.rules.headingLevels)).toEqual(allLevels);
  });

  it("the tri-fold panels follow the folding diagram in docs/trifold.md", () => {
    const t = template("a4-trifold");
    expect(t).toMatchObject({ kind: "leaflet", imposition: "trifold", page: { size: "A4", orientation: "landscape" } });
    expect(t.panels?.map(({ side, position }) => [side, position])).toEqual([
      [1, 3], // front cover
      [2, 1], // inside left (inside of the front cover)
      [2, 2], // inside middle
      [2, 3], // inside right, the panel that folds in
      [1, 1], // fold-in flap (outside of the panel that folds in)
      [1, 2], // back cover
    ]);
    expect(t.panels?.[0]?.name).toBe("Front cover");
    expect(t.panels?.[5]?.name).toBe("Back cover");
    // Every place on both sides of the sheet is used exactly once.
    const places = new Set(t.panels?.map(({ side, position }) => `${side}/${position}`));
    expect(places.size).toBe(6);
  });

  it("refuses a template with 10 pt body text, with a clear message", () => {
    const base = readRaw("a5-booklet.json") as Template;

    const smallBody = templateSchema.safeParse({ ...base, typeScale: { ...base.typeScale, body: 10 } });
    expect(smallBody.success).toBe(false);
    expect(smallBody.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ["typeScale", "body"],
        message: "Body size is below the template's own minimum.",
      }),
    );

    const lowMinimum = templateSchema.safeParse({
      ...base,
      typeScale: { ...base.typeScale, body: 10 },
      rules: { ...base.rules, minBodyPt: 10 },
    });
    expect(lowMinimum.success).toBe(false);
    expect(lowMinimum.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ["rules", "minBodyPt"],
        message: "Body text is never below 12 pt (RNIB Clear Print).",
      }),
    );
  });

  it("has 3 to 6 starter sections in each template", () => {
    for (const { template: t } of parsed) {
      expect(t.starterSections.length, t.id).toBeGreaterThanOrEqual(3);
      expect(t.starterSections.length, t.id).toBeLessThanOrEqual(6);
    }
  });

  describe.each(parsed.map((entry) => [entry.template.id, entry.template] as const))(
    "%s starter sections",
    (_id, t) => {
      it.each(t.starterSections.map((section) => [section.title, section] as const))(
        "%s is valid ProseMirror content",
        (title, section) => {
          const node = documentSchema.nodeFromJSON(sectionDoc(title, section.blocks));
          expect(() => node.check()).not.toThrow();
        },
      );

      it("uses only the template's allowed blocks and heading levels", () => {
        for (const section of t.starterSections) {
          for (const block of section.blocks) expect(t.allowedBlocks, section.title).toContain(block.type);
          walk({ content: section.blocks }, (node) => {
            if (node.type === "heading") {
              const level = (node.attrs as { level?: number } | undefined)?.level;
              expect(t.rules.headingLevels as number[], section.title).toContain(level);
            }
          });
        }
      });
    },
  );
});
