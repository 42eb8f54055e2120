import { describe, expect, it } from "vitest";
import { documentSchema } from "../../editor/schema.server";
import { loadTemplates } from "../../../server/services/templates";
import { doc, p, section } from "../../../tests/fixtures/checks/documents";
import { defaultDesign } from "../design";
import { checkDocument } from "./check-document";
import { DEFAULT_WORD_LIST } from "./lived-experience-words";

const templates = loadTemplates(new URL("../../../templates", import.meta.url).pathname);
const easyRead = templates.get("a4-easy-read")!;
const booklet = templates.get("a5-booklet")!;

const row = (imageSrc: string | null, imageAlt: string, text: string) => ({
  type: "easyReadRow",
  attrs: { imageSrc, imageAlt },
  content: [p(text)],
});

function rules(blocks: unknown[], template = easyRead, language = "en-GB") {
  const node = documentSchema.nodeFromJSON(doc(section("s-1", "Your rights", blocks as never[])));
  return checkDocument(node, {
    template,
    design: defaultDesign(template.id),
    readingAge: "7–9",
    wordList: DEFAULT_WORD_LIST,
    language,
  }).findings;
}

describe("Easy Read rules", () => {
  it("asks for a picture in every row; a row with one (and a description) is fine", () => {
    const findings = rules([row(null, "", "You can get help."), row("/uploads/x", "A helper", "We can help you.")]);
    expect(findings.filter((f) => f.rule === "easy-read-picture")).toHaveLength(1);
    // A picture without a description is the picture rule's: a must-fix.
    const undescribed = rules([row("/uploads/x", "", "We can help you.")]);
    expect(undescribed.find((f) => f.rule === "image-alt")?.severity).toBe("blocker");
  });

  it("says when a section has no rows and no pictures at all: it would print as plain text", async () => {
    const plain = rules([p("You can get help."), p("We can help you.")]);
    const found = plain.filter((f) => f.rule === "easy-read-no-pictures");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "warning", text: "Easy Read section with no pictures" });
    // Pointed at the first words of the section, not its heading.
    const node = documentSchema.nodeFromJSON(doc(section("s-1", "Your rights", [p("You can get help.")])));
    expect(node.textBetween(found[0]!.range!.from, found[0]!.range!.to)).toBe("You can get help.");
    // A row (with or without its picture yet) or a picture: not this rule's (the row rule asks for the picture).
    expect(
      rules([row(null, "", "You can get help."), p("More words.")]).some((f) => f.rule === "easy-read-no-pictures"),
    ).toBe(false);
    expect(
      rules([p("You can get help."), { type: "image", attrs: { src: "/uploads/x", alt: "Help" } }]).some(
        (f) => f.rule === "easy-read-no-pictures",
      ),
    ).toBe(false);
    // Not in other templates.
    expect(rules([p("You can get help.")], booklet).some((f) => f.rule === "easy-read-no-pictures")).toBe(false);
  });

  it("flags a sentence with more than one idea, and leaves one idea alone", () => {
    const findings = rules([
      p("You can ask for help and we will listen, but you must tell us first."),
      p("You can ask for help."),
    ]);
    const oneIdea = findings.filter((f) => f.rule === "easy-read-one-idea");
    expect(oneIdea.map((f) => f.text)).toEqual([
      "You can ask for help and we will listen, but you must tell us first.",
    ]);
  });

  it("flags a hard word unless the same or the next sentence explains it", () => {
    const findings = rules([
      p("You can go to a tribunal."),
      p("You can ask for an advocate. An advocate is someone who speaks up for you."),
      p("Your solicitor (a lawyer) can help."),
    ]);
    expect(findings.filter((f) => f.rule === "easy-read-hard-word").map((f) => f.text)).toEqual(["tribunal"]);
    // Said once a section, where the word is first used; "This is called …" explains it too.
    const again = rules([
      p("The court looks at the proceedings."),
      p("The proceedings take a long time."),
      p("Someone visits you. This is called an assessment. The assessment takes an hour."),
    ]);
    expect(again.filter((f) => f.rule === "easy-read-hard-word").map((f) => f.text)).toEqual(["proceedings"]);
  });

  it("runs only for Easy Read templates, and reads words only in English", () => {
    expect(
      rules([p("You can go to a tribunal and ask; we help.")], booklet).some((f) => f.rule.startsWith("easy-read")),
    ).toBe(false);
    const welsh = rules([row(null, "", "Gallwch gael help."), p("Tribunal; a apêl.")], easyRead, "cy");
    expect(welsh.map((f) => f.rule).filter((rule) => rule.startsWith("easy-read"))).toEqual(["easy-read-picture"]);
  });
});
