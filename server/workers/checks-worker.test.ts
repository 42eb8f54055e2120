/** The worker's task, called directly (the pool itself is exercised by tests/integration/checks.test.ts). */
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORD_LIST } from "../../app/domain/checks/lived-experience-words";
import { documentSchema } from "../../app/editor/schema.server";
import { loadTemplates } from "../services/templates";
import {
  cleanFixture,
  headingJumpFixture,
  imageWithAltFixture,
  imageWithoutAltFixture,
  type CheckFixture,
} from "../../tests/fixtures/checks/documents";
import checkDocumentChunk, { findJustifiedText, runAxeOnHtml, AXE_RULES_NEEDING_A_BROWSER } from "./checks-worker";

const templates = loadTemplates(new URL("../../templates", import.meta.url).pathname);

function task(fixture: CheckFixture, sections = [0, 1, 2], page = true) {
  return checkDocumentChunk({
    content: fixture.content,
    meta: { title: fixture.title, language: "en-GB", readingAge: fixture.readingAge },
    template: templates.get(fixture.templateId)!,
    design: fixture.design,
    wordList: [...DEFAULT_WORD_LIST],
    sections,
    page,
    runAxe: true,
  });
}

describe("axe-core in jsdom", () => {
  it("truly runs: the picture without alt text fails image-alt, and with alt text it passes", async () => {
    const failing = await task(imageWithoutAltFixture);
    expect(failing.axe!.violations).toEqual(["image-alt"]);
    const finding = failing.axe!.findings.find((f) => f.rule === "axe-image-alt")!;
    expect(finding).toMatchObject({ source: "axe", severity: "blocker", sectionId: "s-intro" });
    const doc = documentSchema.nodeFromJSON(imageWithoutAltFixture.content);
    expect(doc.nodeAt(finding.range!.from)!.type.name).toBe("image");

    const fixed = await task(imageWithAltFixture);
    expect(fixed.axe!.violations).toEqual([]);
    expect(fixed.axe!.passes).toContain("image-alt");
    expect(fixed.axe!.rulesRun).toBeGreaterThan(50);
  }, 30_000);

  it("finds nothing in the clean document, and lists what it could not check instead of passing it", async () => {
    const result = await task(cleanFixture);
    expect(result.axe!.findings).toEqual([]);
    expect(result.axe!.passes).toEqual(
      expect.arrayContaining([
        "document-title",
        "html-has-lang",
        "landmark-one-main",
        "page-has-heading-one",
        "region",
        "heading-order",
      ]),
    );
    expect(result.axe!.passes).not.toContain("color-contrast");
    expect(result.axe!.notChecked.map((item) => item.rule)).toEqual(
      expect.arrayContaining(Object.keys(AXE_RULES_NEEDING_A_BROWSER)),
    );
    expect(result.sections.flatMap((section) => section.findings)).toEqual([]);
  }, 30_000);

  it("runs the heading and landmark rules (document.elementsFromPoint is stubbed)", async () => {
    const result = await task(headingJumpFixture);
    expect(result.axe!.violations).toEqual(["heading-order"]);
    expect(result.axe!.findings[0]).toMatchObject({
      rule: "axe-heading-order",
      sectionId: "s-help",
      severity: "warning",
    });
  }, 30_000);

  it("checks only its part of a long document, with whole-document positions", async () => {
    const whole = await task(imageWithoutAltFixture);
    const first = await task(imageWithoutAltFixture, [0]);
    const rest = await task(imageWithoutAltFixture, [1, 2], false);
    const apart = await task(imageWithoutAltFixture, [0, 2], false);
    expect(first.sections.map((s) => s.sectionId)).toEqual(["s-intro"]);
    expect(rest.sections.map((s) => s.sectionId)).toEqual(["s-meeting", "s-help"]);
    expect(apart.sections.map((s) => s.sectionId)).toEqual(["s-intro", "s-help"]);
    expect(first.axe!.findings.map((f) => f.range)).toEqual(whole.axe!.findings.map((f) => f.range));
    expect(apart.axe!.findings.map((f) => f.range)).toEqual(whole.axe!.findings.map((f) => f.range));
    expect(rest.axe!.findings).toEqual([]);
  }, 30_000);

  it("runs p-as-heading (enabled on top of the tags) and reports axe's undecided results as not checked, never passed", async () => {
    // jsdom computes inline styles only: our own bold paragraphs are found by the pure rule "bold-as-heading".
    const html = `<!doctype html><html lang="en"><head><title>T</title></head><body><main><h1>T</h1>
      <p style="font-weight:700;font-size:24px;font-style:italic">Looks like a heading</p>
      <p style="font-size:16px;font-weight:400">Some ordinary text that follows it in the page.</p>
      <p style="font-size:16px;font-weight:400">More ordinary text.</p>
      <video src="film.mp4" controls></video><a href="#main"></a></main></body></html>`;
    const result = await runAxeOnHtml(html);
    expect(result.violations).toEqual(expect.arrayContaining(["p-as-heading", "link-name"]));
    expect(result.findings.find((f) => f.rule === "axe-link-name")!.message).toMatch(/no words/);
    expect(result.findings.find((f) => f.rule === "axe-p-as-heading")!.severity).toBe("warning"); // experimental: never a blocker
    const captions = result.notChecked.find((item) => item.rule === "video-caption")!;
    expect(captions.places).toBe(1);
    expect(result.undecided["video-caption"]).toEqual({ "": 1 }); // outside any section
    expect(captions.reason).toMatch(/A person should look\.$/);
    expect(result.passes).not.toContain("video-caption");
  }, 30_000);
});

describe("justified text", () => {
  it("finds text justified by a style rule, inside @media print, or inline, and nothing in our own pages", () => {
    const page = (style: string, body: string) =>
      new JSDOM(`<!doctype html><html><head><style>${style}</style></head><body>${body}</body></html>`).window.document;
    expect(
      findJustifiedText(page("p{text-align:justify}", "<p>One</p><h2>Two</h2>")).map((e) => e.textContent),
    ).toEqual(["One"]);
    expect(
      findJustifiedText(
        page("@media print{.x{text-align:justify}}", '<div class="x"><p>One</p><li>Two</li></div>'),
      ).map((e) => e.textContent),
    ).toEqual(["One", "Two"]);
    expect(
      findJustifiedText(page("", '<p style="text-align: justify">Inline</p><p>Not</p>')).map((e) => e.textContent),
    ).toEqual(["Inline"]);
    expect(
      findJustifiedText(page("p{text-align:justify} p.left{text-align:left}", '<p class="left">Left</p>')),
    ).toEqual([]);
  });

  it("reports justified text as a finding with its place", async () => {
    const html = `<!doctype html><html lang="en"><head><title>T</title><style>p{text-align:justify}</style></head><body><main><h1>T</h1>
      <section data-section-id="s-1" data-pm-range="0-20"><p data-pm-range="1-10">Justified words here.</p></section></main></body></html>`;
    const result = await runAxeOnHtml(html);
    expect(result.findings.filter((f) => f.rule === "justified-text")).toEqual([
      expect.objectContaining({
        sectionId: "s-1",
        range: { from: 1, to: 10 },
        severity: "warning",
        source: "template",
      }),
    ]);
  }, 30_000);
});

describe("jsdom's styles, which axe asks for every element (patches/jsdom: the browser's own rules found by name)", () => {
  it("still applies the browser's default rules by element, nesting, attribute and inline style", () => {
    const { window } = new JSDOM(
      `<!doctype html><body><section><h1 id=a>A</h1><article><h1 id=b>B</h1></article></section><p id=p hidden>h</p>` +
        `<ul><li id=li>x<ul id=ul2><li>y</li></ul></li></ul><input id=ih type=hidden><dialog id=d>d</dialog>` +
        `<span id=s style="display:block">s</span><div id=c style="color:rgb(1, 2, 3)"><em id=e>e</em></div>` +
        `<svg><title id=t>t</title></svg></body>`,
    );
    const style = (id: string, property: string) =>
      window.getComputedStyle(window.document.getElementById(id)!).getPropertyValue(property);
    expect([style("a", "display"), style("a", "font-size"), style("b", "font-size")]).toEqual([
      "block",
      "1.5em",
      "1.17em",
    ]);
    expect([style("p", "display"), style("ih", "display"), style("d", "display")]).toEqual(["none", "none", "none"]);
    expect([style("li", "display"), style("ul2", "list-style-type"), style("s", "display")]).toEqual([
      "list-item",
      "circle",
      "block",
    ]);
    // Inherited and currentcolor values, worked out once per element and forgotten when the page changes.
    expect([style("e", "color"), style("e", "border-top-color"), style("e", "visibility")]).toEqual([
      "rgb(1, 2, 3)",
      "rgb(1, 2, 3)",
      "visible",
    ]);
    // Names match in any case and namespace, as jsdom's selector engine matched them before.
    expect(style("t", "display")).toBe("none");
    window.document.getElementById("c")!.setAttribute("hidden", "");
    expect(style("c", "display")).toBe("none");
    window.document.getElementById("c")!.appendChild(window.document.createElement("b")).id = "bold";
    expect(style("bold", "color")).toBe("rgb(1, 2, 3)");
  });
});
