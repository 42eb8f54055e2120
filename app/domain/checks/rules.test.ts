/** The single rules, one section at a time (the fixture documents are tested in check-document.test.ts). */
import { describe, expect, it } from "vitest";
import { documentSchema } from "../../editor/schema.server";
import { loadTemplates } from "../../../server/services/templates";
import {
  bold,
  bullets,
  contact,
  doc,
  heading,
  image,
  link,
  p,
  section,
  text,
} from "../../../tests/fixtures/checks/documents";
import { defaultDesign, DEFAULT_COLOURS } from "../design";
import type { Template } from "../template";
import { checkDocument, type PureCheckOptions } from "./check-document";
import { starterTextsOf } from "../placeholders";
import { checkTypeSizes } from "./design-rules";
import { checkFit, checkPrintedPages, fitReport } from "./layout-rules";
import { DEFAULT_WORD_LIST, type WordListEntry } from "./lived-experience-words";
import { ukSpellingOf } from "./retext-uk-english";
import { isVagueLinkText } from "./structure-rules";
import { mapTextRange, readSection } from "./text-model";

const templates = loadTemplates(new URL("../../../templates", import.meta.url).pathname);
const guide = templates.get("a4-guide")!;
const booklet = templates.get("a5-booklet")!;

function check(
  blocks: unknown[],
  options: Partial<PureCheckOptions> & { title?: string; contentNote?: string | null } = {},
) {
  const json = doc(
    section("s-1", options.title ?? "A section", blocks as Record<string, unknown>[], options.contentNote ?? null),
  );
  const node = documentSchema.nodeFromJSON(json);
  const template = options.template ?? guide;
  const report = checkDocument(node, {
    template,
    design: options.design ?? defaultDesign(template.id),
    readingAge: options.readingAge ?? "9–11",
    wordList: options.wordList ?? DEFAULT_WORD_LIST,
    starterTexts: options.starterTexts,
  });
  const texts = report.findings.map((finding) => ({
    rule: finding.rule,
    severity: finding.severity,
    words:
      finding.range && finding.target === "text"
        ? node.textBetween(finding.range.from, finding.range.to)
        : finding.text,
  }));
  return { node, report, texts, rules: report.findings.map((finding) => finding.rule) };
}

describe("text model", () => {
  it("maps text offsets back to ProseMirror positions, block by block", () => {
    const node = documentSchema.nodeFromJSON(
      section("s-1", "Title", [p("One. ", bold("Two.")), heading(3, "Three"), bullets("Four")]),
    );
    const model = readSection(node);
    expect(model.text).toBe("Title\n\nOne. Two.\n\nThree\n\nFour");
    const two = model.text.indexOf("Two");
    const range = mapTextRange(model, two, two + 3)!;
    expect(node.textBetween(range.from - 1, range.to - 1)).toBe("Two"); // section-relative: the section itself is at 0
    expect(mapTextRange(model, 0, 5)).toEqual({ from: 0, to: node.nodeSize, kind: "title" });
    expect(model.segments.map((segment) => segment.kind)).toEqual(["title", "body", "heading", "body"]);
  });

  it("never reads a template hint as words: it is listed as a hint, with its block's range", () => {
    const node = documentSchema.nodeFromJSON(
      section("s-1", "Title", [
        p("Real words."),
        { type: "paragraph", attrs: { placeholder: "Say who this leaflet is for." } },
        { type: "heading", attrs: { level: 3, placeholder: "Add a short heading" } },
      ]),
    );
    const model = readSection(node);
    expect(model.text).not.toMatch(/Say who|Add a short heading/);
    expect(model.text.trim().split(/\n\n/).filter(Boolean)).toEqual(["Title", "Real words."]);
    // Section-relative positions: the section itself is at 0.
    expect(model.hints.map((hint) => [hint.hint, node.nodeAt(hint.from - 1)!.type.name, hint.to - hint.from])).toEqual([
      ["Say who this leaflet is for.", "paragraph", 2],
      ["Add a short heading", "heading", 2],
    ]);
    expect(model.bodyTextLength).toBe("Realwords.".length);
  });

  it("counts a link split by bold as one link", () => {
    const node = documentSchema.nodeFromJSON(
      section("s-1", "T", [
        p(
          { type: "text", text: "Read ", marks: [{ type: "link", attrs: { href: "https://a.example" } }] },
          {
            type: "text",
            text: "this",
            marks: [{ type: "link", attrs: { href: "https://a.example" } }, { type: "bold" }],
          },
        ),
      ]),
    );
    expect(readSection(node).links.map((l) => l.text)).toEqual(["Read this"]);
  });
});

describe("readability and plain language", () => {
  it("uses the template's sentence length: 15 words is fine in a guide, too long for Easy Read", () => {
    const sixteen = "You can ask the council to give you a copy of the plan and the notes today.";
    expect(sixteen.split(" ")).toHaveLength(17);
    expect(check([p(sixteen)]).rules).not.toContain("long-sentence");
    const easyRead = templates.get("a4-easy-read")!;
    expect(check([p(sixteen)], { template: easyRead }).rules).toContain("long-sentence");
  });

  it("flags hard sentences at the document's target age, not easy ones", () => {
    const hard =
      "Notwithstanding jurisdictional considerations, interlocutory applications necessitate comprehensive documentation.";
    expect(check([p(hard)]).texts).toContainEqual({ rule: "hard-sentence", severity: "tip", words: hard });
    expect(check([p("You can bring a friend to the meeting.")]).rules).toEqual([]);
  });

  it("suggests simpler words, in US and UK spelling", () => {
    const { texts } = check([
      p("You can utilise the form. We utilised it and will utilize it too. You may obtain help."),
    ]);
    expect(texts.filter((t) => t.rule === "simpler-words").map((t) => t.words)).toEqual([
      "utilise",
      "utilised",
      "utilize",
      "obtain",
    ]);
  });

  it("points out American spellings for UK readers", () => {
    expect(ukSpellingOf("color")).toBe("colour");
    expect(ukSpellingOf("Organization")).toBe("Organisation");
    expect(ukSpellingOf("recognized")).toBe("recognised");
    expect(ukSpellingOf("size")).toBeUndefined();
    expect(ukSpellingOf("seized")).toBeUndefined();
    expect(ukSpellingOf("colour")).toBeUndefined();
    const { texts } = check([p("Our center has a counseling room.")]);
    expect(texts.filter((t) => t.rule === "uk-spelling").map((t) => t.words)).toEqual(["center", "counseling"]);
  });

  it("notes passive sentences", () => {
    expect(check([p("The letter was written by the council.")]).texts).toContainEqual({
      rule: "passive-voice",
      severity: "tip",
      words: "written",
    });
  });

  it("asks for acronyms to be explained at first use, across sections, and knows common ones", () => {
    expect(check([p("Ask the LA for help.")]).texts).toContainEqual({
      rule: "acronym",
      severity: "warning",
      words: "LA",
    });
    expect(check([p("Your local authority (LA) can help. The LA is the council.")]).rules).not.toContain("acronym");
    expect(check([p("CAMHS (child and adolescent mental health services) can help.")]).rules).not.toContain("acronym");
    expect(check([p("See GOV.UK or ask your GP or the NHS.")]).rules).not.toContain("acronym");
    const used = check([p("Ask the LA. Your local authority (LA) can help.")]);
    expect(used.report.findings.filter((f) => f.rule === "acronym")).toHaveLength(1);
  });
});

describe("lived-experience and inclusive language", () => {
  it("matches the word list as whole words, any capitals, keeping the capital in the suggestion", () => {
    const { report, texts } = check([p("Addicts can get help. The homeless need homes. Service users said so.")]);
    expect(texts.filter((t) => t.rule === "lived-experience").map((t) => t.words)).toEqual([
      "Addicts",
      "The homeless",
      "Service users",
    ]);
    expect(report.findings[0]!.suggestions).toEqual(["People with an addiction"]);
    expect(report.findings.find((f) => f.text === "The homeless")!.message).toBe(
      "Many people find ‘The homeless’ stigmatising; try ‘People experiencing homelessness’.",
    );
    expect(check([p("Addiction services can help.")]).rules).not.toContain("lived-experience");
  });

  it("offers simpler words for verbs, not for nouns: ‘email address’ is not ‘discuss’", () => {
    const simpler = (words: string) =>
      check([p(words)])
        .report.findings.filter((f) => f.rule === "simpler-words")
        .map((f) => [f.text, f.suggestions]);
    expect(simpler("Email: add your email address.")).toEqual([]);
    expect(simpler("Website: add your web address.")).toEqual([]);
    expect(simpler("Write your home address on the form.")).toEqual([]);
    expect(simpler("Address: 1 Example Street.")).toEqual([]);
    expect(simpler("Your employer must think about your request.")).toEqual([]);
    // A request people make by its name: "subject access ask" would be wrong.
    expect(simpler("You can make a subject access request.")).toEqual([]);
    expect(simpler("Send a flexible working request in writing.")).toEqual([]);
    expect(simpler("We will address your worries.")).toEqual([["address", ["discuss"]]]);
    expect(simpler("You can request a copy.")).toEqual([["request", ["ask"]]]);
    expect(simpler("Please attempt the form.")).toEqual([["attempt", ["try"]]]);
    // A tip whose words are an instruction, not a replacement, carries no suggestion to tap.
    const aforementioned = check([p("Bring the aforementioned letter.")]).report.findings.find(
      (f) => f.rule === "simpler-words",
    );
    expect(aforementioned?.suggestions).toBeUndefined();
  });

  it("uses the workspace's own list, with its source", () => {
    const wordList: WordListEntry[] = [
      {
        phrase: "frequent flyer",
        suggestion: "person who often comes to us",
        reason: "It sounds like a joke about people.",
        source: "Our panel, May 2026",
      },
    ];
    const { report } = check([p("He is a frequent flyer at the hospital.")], { wordList });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      rule: "lived-experience",
      sourceNote: "Our panel, May 2026",
      text: "frequent flyer",
    });
    expect(check([p("We help addicts.")], { wordList }).rules).not.toContain("lived-experience");
  });

  it("keeps retext-equality's explained patterns, but not gendered words that are right in women's services", () => {
    expect(check([p("He is crazy about it.")]).rules).toContain("equality");
    const womens = check([p("This leaflet is for women. You can get maternity pay from your landlord or employer.")]);
    expect(womens.rules).toEqual([]);
    expect(check([p("Ask for a special guardianship order.")]).rules).toEqual([]);
  });

  it("flags the UK list's entries (committed suicide, domestic violence) with their sources", () => {
    const { report } = check([p("Her brother committed suicide after domestic violence at home.")], {
      contentNote: "This section talks about suicide.",
    });
    const lived = report.findings.filter((f) => f.rule === "lived-experience");
    expect(lived.map((f) => [f.text, f.suggestions])).toEqual([
      ["committed suicide", ["died by suicide"]],
      ["domestic violence", ["domestic abuse"]],
    ]);
    expect(lived[0]!.sourceNote).toMatch(/Samaritans/);
    expect(report.findings.filter((f) => f.rule === "equality")).toEqual([]);
  });
});

describe("structure and template rules", () => {
  it("asks for a content note when a section is about a sensitive topic, and not for a passing mention", () => {
    expect(check([p("Some people think about suicide.")]).texts).toContainEqual({
      rule: "content-note",
      severity: "warning",
      words: "suicide",
    });
    expect(
      check([p("Some people think about suicide.")], { contentNote: "This section talks about suicide." }).rules,
    ).not.toContain("content-note");
    expect(check([p("Get help if you are being abused.")]).rules).not.toContain("content-note");
    expect(check([p("Abuse can be hidden. Abuse can happen at home.")]).rules).toContain("content-note");
  });

  it("finds untitled and empty sections; an empty section must be fixed", () => {
    expect(check([p("")], { title: "" }).rules).toEqual(["empty-section", "untitled-section"]);
    const empty = check([p("")], { title: "Your rights" }).report.findings;
    expect(empty).toMatchObject([
      {
        rule: "empty-section",
        severity: "blocker",
        text: "Your rights",
        target: "node",
        message: "This section is empty, so it would print as a heading with nothing under it.",
      },
    ]);
    expect(check([image("/pic.png", "A map")]).rules).toEqual([]);
  });

  it("finds vague link words and unusable link addresses", () => {
    expect(["click here", "Click here!", "Read more", "here", "click here to apply"].every(isVagueLinkText)).toBe(true);
    expect(["Women’s Aid website", "the council's housing page"].some(isVagueLinkText)).toBe(false);
    const { texts } = check([p("Visit ", link("our site", "javascript:alert(1)"), " today.")]);
    expect(texts).toEqual([{ rule: "link-address", severity: "warning", words: "our site" }]);
  });

  it("finds headings the template does not use, empty headings and bold lines used as headings", () => {
    expect(check([heading(4, "Small"), p("Text.")], { template: booklet }).rules).toEqual(["heading-order"]);
    expect(check([heading(3, "Fine"), heading(4, "Small"), p("Text.")], { template: booklet }).rules).toEqual([
      "heading-level",
    ]);
    expect(check([heading(3, ""), p("Text.")]).rules).toEqual(["empty-heading"]);
    expect(check([p(bold("Your rights")), p("You can ask.")]).rules).toEqual(["bold-as-heading"]);
    expect(check([p(bold("You must go to the meeting.")), p("You can ask.")]).rules).toEqual([]);
    expect(check([p(bold("Your rights"), text(" are here")), p("You can ask.")]).rules).toEqual([]);
  });

  it("finds blocks the template has no place for", () => {
    const easyRow = { type: "easyReadRow", attrs: { imageSrc: null, imageAlt: "" }, content: [p("A short line.")] };
    expect(check([easyRow], { template: booklet }).rules).toEqual(["block-not-in-template"]);
    expect(check([contact("Phone: 0808 157 0101")]).rules).toEqual([]);
  });

  it("needs alt text on Easy Read pictures too", () => {
    const easyRead = templates.get("a4-easy-read")!;
    const row = (alt: string) => ({
      type: "easyReadRow",
      attrs: { imageSrc: "/pic.png", imageAlt: alt },
      content: [p("You can ask for help.")],
    });
    expect(check([row("")], { template: easyRead }).rules).toEqual(["image-alt"]);
    expect(check([row("A person asking for help")], { template: easyRead }).rules).toEqual([]);
  });
});

describe("template text (nothing unfinished is published)", () => {
  const hint = (words: string, type: "paragraph" | "heading" = "paragraph") => ({
    type,
    attrs: { ...(type === "heading" ? { level: 3 } : {}), placeholder: words },
  });

  it("finds every hint nobody wrote over, as a must-fix on that very block, and not the section or heading as empty too", () => {
    const blocks = [
      p("We help women in the UK."),
      hint("Keep this to two or three short sentences."),
      hint("Add a short heading for each new idea", "heading"),
      bullets("Written."),
    ];
    const { node, report } = check(blocks, { template: booklet });
    const found = report.findings.filter((f) => f.rule === "template-text");
    expect(found.map((f) => ({ severity: f.severity, target: f.target, text: f.text }))).toEqual([
      { severity: "blocker", target: "node", text: "Keep this to two or three short sentences." },
      { severity: "blocker", target: "node", text: "Add a short heading for each new idea" },
    ]);
    // Exact ranges: the hinted paragraph and heading themselves.
    expect(found.map((f) => node.nodeAt(f.range!.from)?.attrs.placeholder)).toEqual([
      "Keep this to two or three short sentences.",
      "Add a short heading for each new idea",
    ]);
    expect(found.map((f) => f.range!.to - f.range!.from)).toEqual([2, 2]);
    expect(found[0]!.message).toBe(
      "Nothing is written here yet. “Keep this to two or three short sentences.” is a hint from the template, and hints are never printed.",
    );
    expect(report.findings.map((f) => f.rule)).not.toContain("empty-heading");

    const onlyHints = check([hint("Say who this leaflet is for."), hint("Keep it short.")], { template: booklet });
    expect(onlyHints.rules).toEqual(["template-text", "template-text"]);
    // Written over, a hint is just the words someone wrote.
    expect(
      check([{ ...hint("Say who this leaflet is for."), content: [text("For women in the UK.")] }], {
        template: booklet,
      }).rules,
    ).toEqual([]);
  });

  it("finds the template's example words left as text (documents made before hints), with the exact words' range", () => {
    const { node, report } = check(
      [
        p("We are open every day."),
        contact("Demo Charity", "Phone: add your phone number and when you are open", "Email: help@example.org"),
      ],
      { template: booklet },
    );
    const found = report.findings.filter((f) => f.rule === "template-text");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: "blocker",
      target: "text",
      text: "Phone: add your phone number and when you are open",
    });
    expect(node.textBetween(found[0]!.range!.from, found[0]!.range!.to)).toBe(
      "Phone: add your phone number and when you are open",
    );
    // Any template's starter words when the server passes them all (a document whose template was switched).
    const trifoldOnly = "A panel is small, so keep this short.";
    expect(check([p(trifoldOnly)], { template: booklet }).rules).toEqual([]);
    const all = starterTextsOf(templates.values());
    expect(check([p(trifoldOnly)], { template: booklet, starterTexts: all }).rules).toEqual(["template-text"]);
    // Words that only start like the example are the writer's own.
    expect(check([p("Phone: 0808 157 0000, and we are open 9 to 5.")], { template: booklet }).rules).not.toContain(
      "template-text",
    );
  });
});

describe("pages as printed (from the PDF's layout)", () => {
  it("reports each blank page with its number, as a must-fix, and nothing for notes pages or a back cover", () => {
    const pages = [
      { number: 1, kind: "cover", blank: false },
      { number: 2, kind: "content", blank: false },
      { number: 3, kind: "notes", blank: false },
      { number: 4, kind: "back-cover", blank: false },
      { number: 5, kind: "content", blank: true },
      { number: 6, kind: "back", blank: true },
    ] as const;
    const found = checkPrintedPages({ unit: "page", pages: [...pages] });
    expect(found.map((f) => [f.rule, f.severity, f.sectionId, f.range, f.text, f.message])).toEqual([
      [
        "blank-page",
        "blocker",
        null,
        null,
        "Page 5 of 6",
        "Page 5 of 6 is blank. A blank page makes the leaflet look unfinished.",
      ],
      [
        "blank-page",
        "blocker",
        null,
        null,
        "Page 6 of 6",
        "Page 6 of 6 (the back page) is blank. A blank page makes the leaflet look unfinished.",
      ],
    ]);
    expect(found[1]!.help).toMatch(/contact box in the last section/);
    expect(
      checkPrintedPages({
        unit: "panel",
        pages: [
          { number: 5, kind: "notes", blank: true, name: "Fold-in flap" },
          { number: 6, kind: "back", blank: false },
        ],
      })[0]!.message,
    ).toBe("Panel 5 of 2 (Fold-in flap) is blank. A blank panel makes the leaflet look unfinished.");
    expect(checkPrintedPages({ unit: "page", pages: pages.slice(0, 4).map((page) => ({ ...page })) })).toEqual([]);
  });
});

describe("the fit report (from the PDF's copy fitting)", () => {
  const trifold = { name: "A4 tri-fold leaflet", imposition: "trifold" as const };
  const booklet = { name: "A5 booklet", imposition: "booklet" as const };

  it("says nothing when the content fits at the template's own size", () => {
    expect(fitReport({ unit: "panel", pages: [], template: trifold, fit: [] })).toEqual([]);
    expect(checkFit({ unit: "page", pages: [] })).toEqual([]);
  });

  it("makes a tri-fold that needs another sheet a must-fix, naming a template with more room", () => {
    const found = checkFit({
      unit: "panel",
      pages: [],
      template: trifold,
      fit: [
        { kind: "text-shrunk", bodyPt: 12.5, templateBodyPt: 14 },
        { kind: "extra-panels", extra: 2 },
      ],
    });
    expect(found.map((finding) => [finding.rule, finding.severity, finding.sectionId, finding.text])).toEqual([
      ["text-shrunk", "warning", null, "Panels"],
      ["does-not-fit", "blocker", null, "Panels"],
    ]);
    expect(found[0]!.message).toBe(
      "To fit the A4 tri-fold leaflet, the text is set at 12.5 pt instead of 14 pt. That is still within the template's rules.",
    );
    expect(found[1]!.message).toBe(
      "The content does not fit the six panels of the A4 tri-fold leaflet: 2 more panels are printed on another sheet, which cannot be folded with it.",
    );
    expect(found[1]!.help).toBe(
      "Shorten the text until it fits, or choose a template with more room: the A5 booklet (8 pages), or the A4 guide, which has as many pages as it needs.",
    );
  });

  it("lets a booklet with added pages through as a should-fix, saying how many pages it became", () => {
    const [item] = fitReport({
      unit: "page",
      pages: [],
      template: booklet,
      fit: [{ kind: "extra-pages", needed: 12, available: 8 }],
    });
    expect(item).toMatchObject({
      rule: "does-not-fit",
      severity: "warning",
      message: "The content needs 12 pages but the A5 booklet has 8: 4 pages were added.",
    });
    expect(item!.help).toMatch(/the A4 guide, which has as many pages as it needs/);
  });
});

describe("the fit report of a tri-fold with panels the words do not reach", () => {
  const trifold = { name: "A4 tri-fold leaflet", imposition: "trifold" as const };
  const report = (spare: number, flap: "notes" | "back-cover") =>
    fitReport({
      unit: "panel",
      pages: [],
      template: trifold,
      fit: [{ kind: "spare-panels", spare, insidePanels: 4, flap }],
    });

  it("says how many are notes panels, and warns of a notes panel on the flap readers see first, as a tip", () => {
    const [item] = report(3, "notes");
    expect(item).toMatchObject({ rule: "spare-panels", severity: "tip" });
    expect(item!.message).toBe(
      "The words fill 1 of the A4 tri-fold leaflet's 4 inside panels: the other 3 are printed as notes panels. " +
        "The flap is the first panel readers see when they open the leaflet, so a notes panel there can look unfinished.",
    );
    expect(item!.help).toBe(
      "Add more words to fill them, or put the flap in your colours (Design, “Spare panels”, “Inside back cover”).",
    );
  });

  it("says when the flap is in the main colour, and then asks for nothing more", () => {
    const [many] = report(2, "back-cover");
    expect(many!.message).toBe(
      "The words fill 2 of the A4 tri-fold leaflet's 4 inside panels: the other 2 are printed as a notes panel and, " +
        "on the fold-in flap, a panel in your main colour.",
    );
    expect(many!.help).toBe("Add more words to fill them; nothing else needs doing.");
    const [one] = report(1, "back-cover");
    expect(one!.message).toBe(
      "The words fill 3 of the A4 tri-fold leaflet's 4 inside panels: the other one, the fold-in flap, is printed in your main colour.",
    );
  });
});

describe("design rules", () => {
  it("refuses body text below what the kind of document needs", () => {
    const easyRead = templates.get("a4-easy-read")!;
    const smallEasyRead: Template = {
      ...easyRead,
      typeScale: { ...easyRead.typeScale, body: 14 },
      rules: { ...easyRead.rules, minBodyPt: 14 },
    };
    expect(checkTypeSizes(smallEasyRead, defaultDesign(easyRead.id)).map((f) => f.message)).toEqual([
      "Body text is set at 14 pt, but Easy Read needs at least 16 pt so people can read it.",
    ]);
    expect(checkTypeSizes(easyRead, defaultDesign(easyRead.id))).toEqual([]);
    // Large print scales the type up, so it passes its own 16 pt minimum.
    expect(checkTypeSizes(booklet, { ...defaultDesign(booklet.id), largePrint: true })).toEqual([]);
    const smallBooklet: Template = { ...booklet, typeScale: { ...booklet.typeScale, body: 12 } };
    expect(checkTypeSizes(smallBooklet, { ...defaultDesign(booklet.id), largePrint: false })).toEqual([]);
  });

  it("asks what a cover picture shows when it has no description, where the template has a cover", () => {
    const picture = (alt: string) => ({ ...defaultDesign(booklet.id), coverPicture: { src: "/uploads/a", alt } });
    const cover = (design: ReturnType<typeof picture>, template: Template = booklet) =>
      check([p("Words.")], { template, design }).report.findings.filter((f) => f.text === "Cover picture");
    expect(cover(picture("")).map((f) => [f.rule, f.severity, f.message])).toEqual([
      [
        "image-alt",
        "warning",
        "The cover picture has no description, so people who cannot see it will not know what it shows.",
      ],
    ]);
    expect(cover(picture("Two women talking at a table"))).toEqual([]);
    // Easy Read opens with a title band: no cover, no picture on it.
    const easyRead = templates.get("a4-easy-read")!;
    expect(cover({ ...picture(""), templateId: easyRead.id }, easyRead)).toEqual([]);
  });

  it("checks every colour pair the templates print", () => {
    const design = { ...defaultDesign(guide.id), colours: { ...DEFAULT_COLOURS, primary: "#8fa8cc" } };
    const { report } = check([p("Fine text.")], { design });
    // The pale main colour fails under headings and links, and as the background of light title text.
    expect(report.findings.map((f) => f.rule)).toEqual(["colour-contrast", "colour-contrast"]);
    expect(report.findings.every((f) => f.severity === "blocker" && f.sectionId === null)).toBe(true);
  });
});
