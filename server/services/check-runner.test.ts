/**
 * The check runner keeps each section's work (pure rules and axe-core over its HTML), so after an edit only the
 * sections that changed are checked again. Real worker threads; every report is compared with one made from
 * nothing by a new runner, so what is kept can never differ from what a full check finds.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_WORD_LIST } from "../../app/domain/checks/lived-experience-words";
import { defaultDesign } from "../../app/domain/design";
import { hashDocument } from "../../app/domain/document-hash";
import { heading, image, imageWithAltFixture, p, section } from "../../tests/fixtures/checks/documents";
import { longGuide } from "../../tests/fixtures/checks/long-guide";
import { createCheckRunner } from "./checks";
import { sha256Hex } from "./secrets";
import { loadTemplates } from "./templates";

const templates = loadTemplates(new URL("../../templates", import.meta.url).pathname);
const template = templates.get("a4-guide")!;
type Json = Record<string, unknown>;

function input(content: Json, readingAge = template.rules.readingAge) {
  const meta = { title: "A long guide", language: "en-GB", readingAge };
  const document = { content, meta, design: defaultDesign(template.id) as unknown as Json };
  return {
    documentId: "runner-test",
    canonical: { ...document, templateId: template.id, ...hashDocument(document, sha256Hex) },
    template,
    wordList: [...DEFAULT_WORD_LIST],
  };
}

/** What a person sees of a report: everything but when and how long. */
function seen(report: Awaited<ReturnType<ReturnType<typeof createCheckRunner>["run"]>>) {
  const { checkedAt: _at, durationMs: _ms, parts: _parts, reused: _reused, axe, ...rest } = report;
  const { durationMs: _axeMs, ...axeSeen } = axe;
  return {
    ...rest,
    axe: { ...axeSeen, violations: [...axeSeen.violations].sort(), passes: [...axeSeen.passes].sort() },
  };
}

/** Adds blocks at the end of section `index`. */
function withBlocks(content: Json, index: number, blocks: Json[]): Json {
  const sections = [...(content.content as Json[])];
  const target = sections[index]!;
  sections[index] = { ...target, content: [...(target.content as Json[]), ...blocks] };
  return { ...content, content: sections };
}

const runner = createCheckRunner({ threads: 2 });
afterAll(() => runner.close());

/** A report made from nothing, by a runner that has kept nothing. */
async function fresh(value: ReturnType<typeof input>) {
  const other = createCheckRunner({ threads: 1 });
  try {
    return await other.run(value);
  } finally {
    await other.close();
  }
}

describe("check runner: each section's work is kept", () => {
  const guide = longGuide(2).content;

  it("checks a section again only when it changed, and finds exactly what a full check finds", async () => {
    const first = await runner.run(input(guide));
    expect(first.reused).toBe(0);
    expect(first.findings.length).toBeGreaterThan(5);

    const again = await runner.run(input(guide));
    expect(again.reused).toBe(first.sections.length);
    expect(again.parts).toHaveLength(0); // nothing for the threads to do
    expect(seen(again)).toEqual(seen(first));

    // A picture without a description and a jargon word in section 2: every later section moves, and keeps its
    // findings at their new places.
    const edited = withBlocks(guide, 2, [
      image("/api/uploads/example-picture", ""),
      p("The LA will utilise this."),
      heading(3, "More"),
    ]);
    const after = await runner.run(input(edited));
    expect(after.reused).toBe(first.sections.length - 1);
    const picture = after.findings.find((f) => f.rule === "image-alt")!;
    expect(picture).toMatchObject({ sectionId: "s-1-4", alsoFoundBy: ["axe"] }); // axe looked at the new picture
    expect(seen(after)).toEqual(seen(await fresh(input(edited))));
  }, 60_000);

  it("checks everything again when the rules change (the reading age)", async () => {
    const older = await runner.run(input(guide, "14–16"));
    expect(older.reused).toBe(0);
    expect(seen(older)).toEqual(seen(await fresh(input(guide, "14–16"))));
  }, 60_000);

  it("keeps the page's own findings apart: a new section title changes only the contents", async () => {
    const small = imageWithAltFixture.content;
    await runner.run(input(small));
    const renamed = {
      ...small,
      content: [...(small.content as Json[]), section("s-new", "One more thing", [p("Ask us anything.")])],
    };
    const report = await runner.run(input(renamed));
    expect(report.reused).toBe((small.content as Json[]).length);
    expect(seen(report)).toEqual(seen(await fresh(input(renamed))));
    expect(report.sections.map((s) => s.title)).toContain("One more thing");
  }, 60_000);
});
