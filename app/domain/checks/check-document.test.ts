import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { documentSchema } from "../../editor/schema.server";
import { loadTemplates } from "../../../server/services/templates";
import {
  addictsFixture,
  ADDICTS_SENTENCE,
  cleanFixture,
  clickHereFixture,
  FAILING_ON_PRIMARY,
  failingColoursFixture,
  FORTY_WORD_SENTENCE,
  headingJumpFixture,
  imageWithAltFixture,
  imageWithoutAltFixture,
  longSentenceFixture,
  p,
  quotedLabelFixture,
  section,
  type CheckFixture,
} from "../../../tests/fixtures/checks/documents";
import {
  applyDismissals,
  blockingFindings,
  checkDocument,
  mergeAxeFindings,
  SectionCheckCache,
  suggestionImpact,
  type PureCheckOptions,
} from "./check-document";
import { DEFAULT_WORD_LIST } from "./lived-experience-words";
import type { Finding } from "./types";

const templates = loadTemplates(new URL("../../../templates", import.meta.url).pathname);

function optionsFor(fixture: CheckFixture): PureCheckOptions {
  return {
    template: templates.get(fixture.templateId)!,
    design: fixture.design,
    readingAge: fixture.readingAge,
    wordList: DEFAULT_WORD_LIST,
  };
}

function run(fixture: CheckFixture) {
  const doc = documentSchema.nodeFromJSON(fixture.content);
  return { doc, report: checkDocument(doc, optionsFor(fixture)) };
}

/** Where `needle` is in the document, found by walking text nodes (independently of the checks' own mapping). */
function positionOf(doc: ProseMirrorNode, needle: string): { from: number; to: number } {
  let found: { from: number; to: number } | undefined;
  doc.descendants((node, pos) => {
    if (found || !node.isText) return !found;
    const index = node.text!.indexOf(needle);
    if (index >= 0) found = { from: pos + index, to: pos + index + needle.length };
    return false;
  });
  if (!found) throw new Error(`"${needle}" is not in the document`);
  return found;
}

function nodeRangeOf(doc: ProseMirrorNode, type: string): { from: number; to: number } {
  let found: { from: number; to: number } | undefined;
  doc.descendants((node, pos) => {
    if (!found && node.type.name === type) found = { from: pos, to: pos + node.nodeSize };
    return !found;
  });
  if (!found) throw new Error(`No ${type} in the document`);
  return found;
}

const shape = (finding: Finding) => ({
  rule: finding.rule,
  source: finding.source,
  severity: finding.severity,
  sectionId: finding.sectionId,
  range: finding.range,
});

describe("fixture documents with known problems", () => {
  it("finds nothing at all in the clean document", () => {
    const { report } = run(cleanFixture);
    expect(report.findings).toEqual([]);
    expect(report.counts).toEqual({ blocker: 0, warning: 0, tip: 0 });
  });

  it("finds the heading that jumps a level, on that heading", () => {
    const { doc, report } = run(headingJumpFixture);
    const heading = positionOf(doc, "Our phone line");
    expect(report.findings.map(shape)).toEqual([
      {
        rule: "heading-order",
        source: "template",
        severity: "warning",
        sectionId: "s-help",
        range: { from: heading.from - 1, to: heading.to + 1 },
      },
    ]);
    expect(report.findings[0]!.message).toContain("from level 2 to level 4");
  });

  it("finds the picture without alt text as a blocker, on the picture", () => {
    const { doc, report } = run(imageWithoutAltFixture);
    expect(report.findings.map(shape)).toEqual([
      {
        rule: "image-alt",
        source: "template",
        severity: "blocker",
        sectionId: "s-intro",
        range: nodeRangeOf(doc, "image"),
      },
    ]);
    expect(doc.nodeAt(report.findings[0]!.range!.from)?.type.name).toBe("image");
    expect(run(imageWithAltFixture).report.findings).toEqual([]);
  });

  it("finds “click here” as link text, on the link's words", () => {
    const { doc, report } = run(clickHereFixture);
    expect(report.findings.map(shape)).toEqual([
      {
        rule: "link-text",
        source: "template",
        severity: "warning",
        sectionId: "s-help",
        range: positionOf(doc, "click here"),
      },
    ]);
  });

  it("finds the 40-word sentence once (long, not also “hard”), over the whole sentence", () => {
    const { doc, report } = run(longSentenceFixture);
    expect(report.findings.map(shape)).toEqual([
      {
        rule: "long-sentence",
        source: "readability",
        severity: "warning",
        sectionId: "s-intro",
        range: positionOf(doc, FORTY_WORD_SENTENCE),
      },
    ]);
    expect(report.findings[0]!.message).toContain("40 words");
    expect(report.findings[0]!.message).toContain("up to 20 words");
  });

  it("finds “addicts” with a kind message, its alternative and its source (and not twice via retext-equality)", () => {
    const { doc, report } = run(addictsFixture);
    const word = positionOf(doc, "addicts");
    expect(report.findings.map(shape)).toEqual([
      { rule: "lived-experience", source: "language", severity: "warning", sectionId: "s-help", range: word },
    ]);
    const [finding] = report.findings;
    expect(finding!.message).toBe("Many people find ‘addicts’ stigmatising; try ‘people with an addiction’.");
    expect(finding!.suggestions).toEqual(["people with an addiction"]);
    expect(finding!.sourceNote).toMatch(/Scottish Drugs Forum/);
    expect(doc.textBetween(word.from, word.to)).toBe("addicts");
    expect(ADDICTS_SENTENCE).toContain("addicts");
  });

  it("offers no one-tap swap for a label quoted beside the better words already", () => {
    const { report } = run(quotedLabelFixture);
    const found = report.findings.filter((finding) => finding.rule === "lived-experience");
    expect(found.map((finding) => finding.text)).toEqual(["addicts", "addicts"]);
    // In the first sentence the better words are there already: swapping would repeat them.
    expect(found[0]!.suggestions).toBeUndefined();
    expect(found[1]!.suggestions).toEqual(["people with an addiction"]);
  });

  it("finds the failing colour pair for the whole document, with a passing suggestion", () => {
    const { report } = run(failingColoursFixture);
    expect(report.findings.map(shape)).toEqual([
      { rule: "colour-contrast", source: "contrast", severity: "blocker", sectionId: null, range: null },
    ]);
    expect(report.findings[0]!.message).toContain(FAILING_ON_PRIMARY);
    expect(report.findings[0]!.message).toMatch(/needs at least 4.5:1/);
  });
});

describe("scores", () => {
  it("scores each section and the whole document from the same counts", () => {
    const { report } = run(cleanFixture);
    const total = report.sections.reduce((sum, s) => sum + s.scores.words, 0);
    expect(report.document.words).toBe(total);
    expect(report.document.sentences).toBe(report.sections.reduce((sum, s) => sum + s.scores.sentences, 0));
    expect(report.document.readingAge).not.toBeNull();
    expect(report.readingAgeStatus).toBe("within");
    // Headings and contact details are not counted: "Where to get help" scores its three sentences only.
    expect(report.sections.find((s) => s.sectionId === "s-help")!.scores.sentences).toBe(3);
  });

  it("marks a section above the target reading age", () => {
    const hard = {
      ...cleanFixture,
      content: {
        type: "doc",
        content: [
          section("s-hard", "Legal terms", [
            p(
              "Notwithstanding jurisdictional considerations, interlocutory applications necessitate comprehensive documentation.",
            ),
          ]),
        ],
      },
    };
    const { report } = run(hard);
    expect(report.sections[0]!.readingAgeStatus).toBe("above");
    expect(report.sections[0]!.scores.readingAge).toBeGreaterThan(11);
  });
});

describe("ids, live re-checks, dismissals and the gate", () => {
  it("keeps a finding's id when other parts of the document change", () => {
    const before = run(addictsFixture).report.findings[0]!;
    const edited = structuredClone(addictsFixture);
    const intro = (edited.content.content as Array<{ content: unknown[] }>)[0]!;
    intro.content.unshift(p("A new first sentence moves everything along."));
    const after = run(edited).report.findings.find((finding) => finding.rule === "lived-experience")!;
    expect(after.range!.from).toBeGreaterThan(before.range!.from);
    expect(after.id).toBe(before.id);
  });

  it("re-checks only the section that changed", () => {
    const options = optionsFor(addictsFixture);
    const cache = new SectionCheckCache();
    const first = documentSchema.nodeFromJSON(addictsFixture.content);
    checkDocument(first, options, cache);
    expect(cache.misses).toBe(3);
    // Typing in the first section makes a new document in which sections 2 and 3 are the very same nodes.
    const intro = first.child(0);
    const typedParagraph = documentSchema.nodes.paragraph!.create(null, documentSchema.text("Hello. We help addicts."));
    const withTyping = first.copy(
      first.content.replaceChild(0, intro.copy(intro.content.replaceChild(0, typedParagraph))),
    );
    const report = checkDocument(withTyping, options, cache);
    expect(cache.misses).toBe(4);
    expect(cache.hits).toBe(2);
    // The finding in section 3 moved with the new text in section 1, and one more was found in section 1.
    expect(
      report.findings.filter((finding) => finding.rule === "lived-experience").map((finding) => finding.sectionId),
    ).toEqual(["s-intro", "s-help"]);
  });

  it("dismisses warnings but never blockers, and the gate counts what is left", () => {
    const findings: Finding[] = [
      ...run(imageWithoutAltFixture).report.findings,
      ...run(addictsFixture).report.findings,
    ];
    const dismissals = findings.map((finding) => ({
      findingId: finding.id,
      reason: "We checked",
      dismissedBy: "u",
      dismissedByName: "Wren",
      dismissedAt: "2026-01-01T00:00:00Z",
    }));
    const reported = applyDismissals(findings, dismissals);
    expect(reported.find((finding) => finding.severity === "blocker")!.dismissal).toBeUndefined();
    expect(reported.find((finding) => finding.severity === "warning")!.dismissal?.reason).toBe("We checked");
    expect(blockingFindings({ findings: reported }, ["blocker"]).map((finding) => finding.rule)).toEqual(["image-alt"]);
    expect(blockingFindings({ findings: reported }, ["blocker", "warning"]).map((finding) => finding.rule)).toEqual([
      "image-alt",
    ]);
    expect(
      blockingFindings({ findings: applyDismissals(findings, []) }, ["blocker", "warning"]).map(
        (finding) => finding.rule,
      ),
    ).toEqual(["image-alt", "lived-experience"]);
    expect(blockingFindings({ findings: reported }, [])).toEqual([]);
  });

  it("merges axe's finding into ours when both found the same problem, and keeps axe's others", () => {
    const { report } = run(imageWithoutAltFixture);
    const ours = report.findings[0]!;
    const merged = mergeAxeFindings(
      report.findings,
      [
        { ...ours, rule: "axe-image-alt", source: "axe", message: "Images must have alternative text." },
        {
          rule: "axe-region",
          source: "axe",
          severity: "warning",
          sectionId: null,
          range: null,
          target: "node",
          text: "x",
          message: "m",
          help: "h",
        },
      ],
      ["s-intro", "s-meeting", "s-help"],
    );
    expect(merged.map((finding) => [finding.rule, finding.alsoFoundBy])).toEqual([
      ["axe-region", undefined],
      ["image-alt", ["axe"]],
    ]);
    expect(merged.find((finding) => finding.rule === "image-alt")!.id).toBe(ours.id);
  });
});

describe("suggestions and the checks", () => {
  const mark = (type: "insertion" | "deletion", id: string) => ({
    type,
    attrs: { id, authorId: "abi", createdAt: "2026-12-05T10:00:00.000Z", reason: null },
  });
  /** The addicts fixture with "addicts" marked for removal and a replacement suggested (id sg-1). */
  function withSuggestion(inserted: string) {
    const content = JSON.parse(
      JSON.stringify(addictsFixture.content).replace(
        JSON.stringify({ type: "text", text: ADDICTS_SENTENCE }),
        JSON.stringify([
          { type: "text", text: "We help " },
          { type: "text", text: "addicts", marks: [mark("deletion", "sg-1")] },
          { type: "text", text: inserted, marks: [mark("insertion", "sg-1")] },
          { type: "text", text: " and their families." },
        ]).slice(1, -1),
      ),
    ) as CheckFixture["content"];
    return { ...addictsFixture, content };
  }

  it("read the text as if every suggestion were taken, with findings still at the right words", () => {
    expect(run(addictsFixture).report.findings.map((f) => f.text)).toContain("addicts");
    const { doc, report } = run(withSuggestion("people who use drugs"));
    expect(report.findings.map((f) => f.text)).not.toContain("addicts");
    // A finding in the suggested words is placed on them, past the words marked for removal.
    const { report: caused, doc: causedDoc } = run(withSuggestion("junkies"));
    const junkies = caused.findings.find((f) => f.text === "junkies")!;
    expect(junkies.range).toEqual(positionOf(causedDoc, "junkies"));
    expect(doc.textContent).toContain("addictspeople who use drugs"); // both still in the document itself
  });

  it("say which findings one suggestion fixes and which it causes", () => {
    const options = optionsFor(addictsFixture);
    const sectionOf = (fixture: CheckFixture) => {
      const doc = documentSchema.nodeFromJSON(fixture.content);
      let found: ProseMirrorNode | null = null;
      doc.forEach((node) => {
        if (node.attrs.id === "s-help") found = node;
      });
      return found!;
    };
    const good = suggestionImpact(sectionOf(withSuggestion("people who use drugs")), "sg-1", options);
    expect(good.fixes.map((f) => [f.rule, f.text])).toEqual([["lived-experience", "addicts"]]);
    expect(good.causes).toEqual([]);
    const bad = suggestionImpact(sectionOf(withSuggestion("junkies")), "sg-1", options);
    expect(bad.fixes.map((f) => f.text)).toEqual(["addicts"]);
    expect(bad.causes.map((f) => f.text)).toEqual(["junkies"]);
  });
});
