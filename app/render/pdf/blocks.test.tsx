import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { template } from "../../../tests/fixtures/pdf/documents";
import { defaultDesign } from "../../domain/design";
import { mapBlock, mapBlocks, mapSection, type MapContext, type ResolvedImage } from "./blocks";
import type { BlockNode, Mark, SectionNode, TextNode } from "./document-model";
import { outlineElement } from "./element-outline";
import { createTheme } from "./theme";

const picture: ResolvedImage = { data: Buffer.from([1, 2, 3]), format: "png", width: 600, height: 400 };

function context(overrides: Partial<MapContext> = {}): MapContext {
  const theme = createTheme(template("a5-booklet"), defaultDesign("a5-booklet"));
  return {
    theme,
    images: new Map([["pic", picture]]),
    draft: false,
    keepBlocksWhole: false,
    numberedStages: false,
    stages: [],
    contentWidth: theme.page.width - theme.margin.left - theme.margin.right,
    warnings: [],
    ...overrides,
  };
}

const text = (value: string, marks?: Mark[]): TextNode => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: TextNode[]): BlockNode => ({ type: "paragraph", content });
const outline = (element: ReactElement | null) => outlineElement(element).join("\n");

describe("block mappers", () => {
  it("maps a paragraph to one P, with bold as a nested run and an allowed link as a Link", () => {
    const block = paragraph(
      text("Call "),
      text("999", [{ type: "bold" }]),
      text(" or see "),
      text("our site", [{ type: "link", attrs: { href: "https://example.org" } }]),
    );
    expect(outline(mapBlock(block, context(), "p"))).toMatchInlineSnapshot(`
      "TEXT tag="P" wrap=true
        "Call "
        TEXT
          "999"
        " or see "
        LINK src=https://example.org
          "our site"
        " (example.org)""
    `);
  });

  it("drops links to anything but http, https, mailto and tel, keeping their text", () => {
    const block = paragraph(text("click", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]));
    const lines = outline(mapBlock(block, context(), "p"));
    expect(lines).not.toContain("LINK");
    expect(lines).toContain('"click"');
  });

  it("leaves out empty paragraphs (spacing typed in the editor)", () => {
    expect(mapBlock({ type: "paragraph", content: [] }, context(), "p")).toBeNull();
    expect(mapBlock(paragraph(text("   ")), context(), "p")).toBeNull();
  });

  it("keeps paragraphs whole where blocks must not continue across a break (tri-fold panels)", () => {
    expect(outline(mapBlock(paragraph(text("x")), context({ keepBlocksWhole: true }), "p"))).toContain("wrap=false");
  });

  it("makes inner headings H3 or H4 whatever level was typed, so the outline never climbs back to H2", () => {
    const heading = (level: number) =>
      mapBlock({ type: "heading", attrs: { level }, content: [text("Title")] }, context(), "h");
    expect(outline(heading(2))).toMatch(/^TEXT tag="H3"/);
    expect(outline(heading(3))).toMatch(/^TEXT tag="H3"/);
    expect(outline(heading(4))).toMatch(/^TEXT tag="H4"/);
  });

  it("maps lists to L › LI › Lbl + LBody, numbering ordered lists from their start", () => {
    const items = (...values: string[]) =>
      values.map((value) => ({ type: "listItem" as const, content: [paragraph(text(value))] }));
    expect(outline(mapBlock({ type: "bulletList", content: items("One", "Two") }, context(), "l")))
      .toMatchInlineSnapshot(`
      "VIEW tag="L"
        VIEW tag="LI" wrap=false
          TEXT tag="Lbl"
            "•"
          VIEW tag="LBody"
            TEXT tag="P" wrap=true
              "One"
        VIEW tag="LI" wrap=false
          TEXT tag="Lbl"
            "•"
          VIEW tag="LBody"
            TEXT tag="P" wrap=true
              "Two""
    `);
    const ordered = outline(
      mapBlock({ type: "orderedList", attrs: { start: 3 }, content: items("Three", "Four") }, context(), "o"),
    );
    expect(ordered).toContain('"3."');
    expect(ordered).toContain('"4."');
  });

  it("draws a guide's numbered steps as badges that are still the list item's label", () => {
    const list = outline(
      mapBlock(
        { type: "orderedList", content: [{ type: "listItem", content: [paragraph(text("Go"))] }] },
        context({ numberedStages: true }),
        "o",
      ),
    );
    expect(list).toMatch(/VIEW tag="Lbl"\n\s+VIEW\n\s+TEXT\n\s+"1"/);
  });

  it("maps a described picture to a Figure with its alt text, and a decorative one to an artifact", () => {
    const described = outline(
      mapBlock({ type: "image", attrs: { src: "pic", alt: "A house", decorative: false } }, context(), "i"),
    );
    expect(described).toBe('IMAGE tag="Figure" alt="A house" src=<png 3 bytes>');
    const decorative = outline(
      mapBlock({ type: "image", attrs: { src: "pic", alt: "", decorative: true } }, context(), "i"),
    );
    expect(decorative).toBe("IMAGE artifact=true src=<png 3 bytes>");
  });

  it("prints a missing picture's description instead, and says so", () => {
    const ctx = context();
    const lines = outline(
      mapBlock({ type: "image", attrs: { src: "gone", alt: "A map", decorative: false } }, ctx, "i"),
    );
    expect(lines).toContain('"Picture: A map"');
    expect(ctx.warnings).toEqual(['A picture could not be found ("A map"); its description is printed instead.']);
  });

  it("never enlarges a picture past 150 pixels per inch", () => {
    const element = mapBlock(
      { type: "image", attrs: { src: "pic", alt: "A house", decorative: false } },
      context(),
      "i",
    ) as ReactElement<{ style: { width: number } }>;
    expect(element.props.style.width).toBeCloseTo((600 * 72) / 150);
  });

  it("puts an Easy Read row's picture on the left of its text", () => {
    const row: BlockNode = {
      type: "easyReadRow",
      attrs: { imageSrc: "pic", imageAlt: "A phone" },
      content: [{ type: "paragraph", content: [text("Call us.")] }],
    };
    expect(outline(mapBlock(row, context(), "r"))).toMatchInlineSnapshot(`
      "VIEW tag="Div" wrap=false
        VIEW
          IMAGE tag="Figure" alt="A phone" src=<png 3 bytes>
        VIEW
          TEXT tag="P" wrap=true
            "Call us.""
    `);
  });

  it("maps key information and contact blocks to Divs of paragraphs", () => {
    const keyInfo = outline(
      mapBlock({ type: "keyInfo", content: [{ type: "paragraph", content: [text("Call 999.")] }] }, context(), "k"),
    );
    expect(keyInfo).toMatch(/^VIEW tag="Div" wrap=false\n {2}TEXT tag="P"/);
    const contact = outline(
      mapBlock(
        { type: "contactBlock", content: [{ type: "paragraph", content: [text("Demo Charity")] }] },
        context(),
        "c",
      ),
    );
    expect(contact).toMatch(/^VIEW tag="Div" wrap=false\n {2}TEXT tag="P"/);
  });

  it("keeps a heading on the same page as the paragraph after it, without adding structure", () => {
    const blocks: BlockNode[] = [
      { type: "heading", attrs: { level: 3 }, content: [text("Equal pay")] },
      paragraph(text("Same pay.")),
    ];
    expect(mapBlocks(blocks, context(), "b").map(outline).join("\n")).toMatchInlineSnapshot(`
      "VIEW wrap=false
        TEXT tag="H3" wrap=false keepWithNext
          "Equal pay"
        TEXT tag="P" wrap=true
          "Same pay.""
    `);
  });
});

describe("mapSection", () => {
  const section: SectionNode = {
    type: "section",
    attrs: {
      id: "s-1",
      title: "Support",
      owner: null,
      status: "drafting",
      contentNote: "This section talks about abuse.",
    },
    content: [paragraph(text("You are not alone."))],
  };

  it("is a Sect with its title as an H2 that the contents page can link to, then the content note", () => {
    expect(outline(mapSection(section, 0, context()))).toMatchInlineSnapshot(`
      "VIEW tag="Sect"
        VIEW wrap=false
          TEXT tag="H2" id="s-1" wrap=false bookmark keepWithNext
            "Support"
          TEXT tag="P" wrap=false
            TEXT
              "Content note: "
            "This section talks about abuse."
          TEXT tag="P" wrap=true
            "You are not alone.""
    `);
  });

  it("numbers sections as stages in a guide, inside the heading so a screen reader hears “Stage 3” first", () => {
    const lines = outline(mapSection(section, 2, context({ numberedStages: true, stages: [1, 2, 3] })));
    expect(lines).toMatch(
      /VIEW tag="H2" id="s-1" wrap=false bookmark keepWithNext\n\s+VIEW\n\s+TEXT tag="Span" actualText="Stage 3: "\n\s+"3"\n\s+TEXT tag="Span"\n\s+"Support"/,
    );
  });
});
