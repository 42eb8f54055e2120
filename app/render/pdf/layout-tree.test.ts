import { describe, expect, it } from "vitest";
import { template } from "../../../tests/fixtures/pdf/documents";
import { mmToPt } from "../../domain/page-geometry";
import {
  blankPageLike,
  firstPagesOf,
  imposeTrifold,
  isBlankPage,
  padInsidePages,
  padToMultiple,
  tailOnBackPanel,
  withBleed,
  type LayoutDocument,
  type LayoutNode,
} from "./layout-tree";
import { trifoldFolds, trifoldPageWidths, trifoldPanels } from "./trifold";

const box = (width: number, height = 595) => ({ top: 0, left: 0, width, height });
const page = (name: string, width = 280, children: LayoutNode[] = []): LayoutNode => ({
  type: "PAGE",
  props: { name },
  style: {},
  box: box(width),
  children,
});
const watermark: LayoutNode = { type: "VIEW", props: { fixed: true, artifact: "Pagination" }, box: box(10, 10) };
const documentOf = (...pages: LayoutNode[]): LayoutDocument => ({ type: "DOCUMENT", props: {}, children: pages });
const names = (layout: LayoutDocument) =>
  layout.children.map((node) => (node.props?.name as string | undefined) ?? "blank");

describe("tri-fold panels", () => {
  it("follow docs/trifold.md: reading order with side and position, 97 mm for the two fold-in panels", () => {
    expect(
      trifoldPanels(template("a4-trifold")).map(({ readingIndex, side, position, widthMm, xMm }) => ({
        readingIndex,
        side,
        position,
        widthMm,
        xMm,
      })),
    ).toEqual([
      { readingIndex: 1, side: 1, position: 3, widthMm: 100, xMm: 197 },
      { readingIndex: 2, side: 2, position: 1, widthMm: 100, xMm: 0 },
      { readingIndex: 3, side: 2, position: 2, widthMm: 100, xMm: 100 },
      { readingIndex: 4, side: 2, position: 3, widthMm: 97, xMm: 200 },
      { readingIndex: 5, side: 1, position: 1, widthMm: 97, xMm: 0 },
      { readingIndex: 6, side: 1, position: 2, widthMm: 100, xMm: 97 },
    ]);
  });

  it("lay content out at the narrowest inside panel's width", () => {
    expect(trifoldPageWidths(template("a4-trifold"))).toEqual({
      front: mmToPt(100),
      inside: mmToPt(97),
      back: mmToPt(100),
    });
  });
});

describe("imposeTrifold", () => {
  const widths = trifoldPageWidths(template("a4-trifold"));
  const laidOut = documentOf(
    page("front", widths.front),
    page("inside-1", widths.inside),
    page("inside-2", widths.inside),
    page("inside-3", widths.inside),
    page("inside-4", widths.inside),
    page("back", widths.back),
  );

  it("puts panels on the two sides in print order, each with its reading order for the structure tree", () => {
    const { layout, extraPanels } = imposeTrifold(laidOut, template("a4-trifold"));
    expect(extraPanels).toBe(0);
    expect(layout.children).toHaveLength(2);
    const sides = layout.children.map((side) =>
      side.children!.map((panel) => ({
        name: panel.props!.name,
        readingOrder: panel.props!.readingOrder,
        leftMm: Math.round(((panel.box!.left * 25.4) / 72) * 10) / 10,
      })),
    );
    // Within a side, panels are drawn in reading order; their positions are the print positions.
    expect(sides).toEqual([
      [
        { name: "front", readingOrder: 1, leftMm: 197 },
        { name: "inside-4", readingOrder: 5, leftMm: 0 },
        { name: "back", readingOrder: 6, leftMm: 97 },
      ],
      [
        { name: "inside-1", readingOrder: 2, leftMm: 0 + 1.5 },
        { name: "inside-2", readingOrder: 3, leftMm: 100 + 1.5 },
        { name: "inside-3", readingOrder: 4, leftMm: 200 },
      ],
    ]);
    for (const side of layout.children) {
      expect(side.type).toBe("PAGE");
      expect(side.box!.width).toBeCloseTo(mmToPt(297));
      for (const panel of side.children!) expect(panel.type).toBe("VIEW");
    }
  });

  it("continues inside panels that do not fit on an extra sheet side, before the back panel in reading order", () => {
    const long = documentOf(...laidOut.children.slice(0, 5), page("inside-5", widths.inside), laidOut.children[5]!);
    const { layout, extraPanels } = imposeTrifold(long, template("a4-trifold"));
    expect(extraPanels).toBe(1);
    expect(layout.children).toHaveLength(3);
    expect(layout.children[2]!.children!.map((panel) => [panel.props!.name, panel.props!.readingOrder])).toEqual([
      ["inside-5", 6],
    ]);
    const back = layout.children[0]!.children!.find((panel) => panel.props!.name === "back")!;
    expect(back.props!.readingOrder).toBe(7);
  });
});

describe("tailOnBackPanel (a tri-fold's words carried on above the back panel's contents)", () => {
  const at = (top: number, height: number, props: Record<string, unknown> = {}): LayoutNode => ({
    type: "VIEW",
    props,
    box: { top, left: 0, width: 200, height },
    children: [],
  });
  // Front, four inside panels, one panel of words past the flap (ending 150 pt down), and the back panel: a body
  // 28 pt from the top, 540 pt high, with the contact section (200 pt) at its top and the back matter at its foot.
  const backPanel = (sectionHeight: number, withMatter = true): LayoutNode =>
    page("back", 283, [
      {
        type: "VIEW",
        props: {},
        box: { top: 28, left: 28, width: 227, height: 540 },
        children: [
          at(0, sectionHeight, { "data-section": "s-contact" }),
          ...(withMatter ? [at(480, 60, { "data-back-matter": true })] : []),
        ],
      },
      watermark,
    ]);
  const leaflet = (back: LayoutNode, tailHeight = 122) =>
    documentOf(
      page("front"),
      page("p2"),
      page("p3"),
      page("p4"),
      page("p5"),
      page("tail", 275, [at(28, tailHeight, { "data-section": "s-4" }), watermark]),
      back,
    );

  it("puts the words at the top of the back panel and moves its section down to sit above the back matter", () => {
    const merged = tailOnBackPanel(leaflet(backPanel(200)), 4, 20)!;
    expect(names(merged)).toEqual(["front", "p2", "p3", "p4", "p5", "back"]);
    const back = merged.children[5]!;
    // The words first (read first), then the back page's body; the watermark once.
    expect(back.children!.map((node) => node.props?.["data-section"] ?? node.props?.artifact ?? "body")).toEqual([
      "s-4",
      "body",
      "Pagination",
    ]);
    const [section, matter] = back.children![1]!.children!;
    // The section's foot is 20 pt above the back matter (480 − 20 − 200 = 260); the matter stays at the foot.
    expect(section!.box!.top).toBe(260);
    expect(matter!.box!.top).toBe(480);
  });

  it("pins the section to the foot when there is no back matter", () => {
    const merged = tailOnBackPanel(leaflet(backPanel(200, false)), 4, 20)!;
    expect(merged.children[5]!.children![1]!.children![0]!.box!.top).toBe(340);
  });

  it("refuses when the words would come closer than the gap to the section, or are not one panel over", () => {
    // Words end at 28 + 122 = 150; the section would start at 28 + 260 = 288: room for words ending by 268.
    expect(tailOnBackPanel(leaflet(backPanel(200), 240), 4, 20)).not.toBeNull();
    expect(tailOnBackPanel(leaflet(backPanel(200), 241), 4, 20)).toBeNull();
    expect(tailOnBackPanel(leaflet(backPanel(200)), 3, 20)).toBeNull();
    expect(tailOnBackPanel(leaflet(backPanel(200)), 5, 20)).toBeNull();
  });

  it("never takes words of a section with a content note: the back panel is the outside of the folded leaflet", () => {
    const words = {
      type: "TEXT",
      lines: [{ string: "Domestic abuse" }],
      box: { top: 0, left: 0, width: 200, height: 20 },
    };
    const tail = page("tail", 275, [{ ...at(28, 122, { "data-section": "s-4" }), children: [words] }]);
    const document = documentOf(page("front"), page("p2"), page("p3"), page("p4"), page("p5"), tail, backPanel(200));
    expect(tailOnBackPanel(document, 4, 20, new Set(["s-4"]))).toBeNull();
    expect(tailOnBackPanel(document, 4, 20, new Set(["s-other"]))).not.toBeNull();
  });
});

describe("padding folded leaflets", () => {
  it("adds blank pages before the back page, keeping only the repeated watermark", () => {
    const padded = padInsidePages(
      documentOf(page("cover"), page("inside-1"), page("back", 280, [watermark, { type: "TEXT", props: {} }])),
      3,
    );
    // Blank pages are copies of the back page (which carries no page number), emptied but for the watermark.
    expect(names(padded)).toEqual(["cover", "inside-1", "back", "back", "back"]);
    expect(padded.children[2]!.children).toEqual([watermark]);
    expect(padded.children[3]!.children).toEqual([watermark]);
    expect(padded.children[4]!.children).toHaveLength(2);
    expect(blankPageLike(page("p", 280, [{ type: "VIEW", props: { fixed: true } }, watermark])).children).toEqual([
      watermark,
    ]);
  });

  it("leaves a document that already has enough inside pages alone, and pads a booklet to a multiple of four", () => {
    const full = documentOf(page("cover"), page("a"), page("b"), page("back"));
    expect(padInsidePages(full, 2)).toBe(full);
    expect(
      padToMultiple(documentOf(page("cover"), page("a"), page("b"), page("c"), page("back")), 4).children,
    ).toHaveLength(8);
  });
});

describe("firstPagesOf", () => {
  it("finds the first page each id appears on, however deep", () => {
    const heading = (id: string): LayoutNode => ({
      type: "VIEW",
      props: {},
      children: [{ type: "TEXT", props: { id } }],
    });
    const layout = documentOf(
      page("1"),
      page("2", 280, [heading("s-1")]),
      page("3", 280, [heading("s-1"), heading("s-2")]),
    );
    expect(firstPagesOf(layout, ["s-1", "s-2", "s-3"])).toEqual(
      new Map([
        ["s-1", 2],
        ["s-2", 3],
      ]),
    );
  });
});

describe("isBlankPage", () => {
  const text = (words: string, props: Record<string, unknown> = {}): LayoutNode => ({
    type: "TEXT",
    props,
    style: {},
    box: box(10, 10),
    lines: [{ string: words }],
  });
  const pageOf = (
    children: LayoutNode[],
    style: Record<string, unknown> = { backgroundColor: "#ffffff" },
  ): LayoutNode => ({ type: "PAGE", props: {}, style, box: box(280), children });

  it("sees a page with only page furniture (page number, watermark) as blank, and anything printed as not", () => {
    const pageNumber: LayoutNode = {
      type: "VIEW",
      props: { artifact: "Pagination" },
      style: {},
      box: box(10, 10),
      children: [text("7")],
    };
    expect(isBlankPage(pageOf([watermark, pageNumber]), "#ffffff")).toBe(true);
    expect(isBlankPage(blankPageLike(pageOf([watermark, text("Contact us")])), "#ffffff")).toBe(true);
    expect(isBlankPage(pageOf([{ type: "VIEW", props: {}, style: {}, children: [text("   ")] }]), "#ffffff")).toBe(
      true,
    );
    expect(
      isBlankPage(pageOf([{ type: "VIEW", props: {}, style: {}, children: [text("Contact us")] }]), "#ffffff"),
    ).toBe(false);
    // A notes page is drawn as a Layout artifact: its title and ruled lines are printed, so it is not blank.
    const notes: LayoutNode = {
      type: "VIEW",
      props: { artifact: "Layout" },
      style: {},
      children: [text("Notes"), { type: "VIEW", props: {}, style: { borderBottomWidth: 0.75 } }],
    };
    expect(isBlankPage(pageOf([notes]), "#ffffff")).toBe(false);
    expect(isBlankPage(pageOf([{ type: "VIEW", props: {}, style: { borderBottomWidth: 0.75 } }]), "#ffffff")).toBe(
      false,
    );
    expect(isBlankPage(pageOf([{ type: "IMAGE", props: {}, style: {} }]), "#ffffff")).toBe(false);
    // An inside back cover in the brand colour is printed even with nothing on it.
    expect(isBlankPage(pageOf([], { backgroundColor: "#1d4f91" }), "#FFFFFF")).toBe(false);
  });
});

describe("withBleed (the print-shop file)", () => {
  const page = (children: LayoutNode[]): LayoutNode => ({
    type: "PAGE",
    props: {},
    style: { backgroundColor: "#1d4f91" },
    box: { left: 0, top: 0, width: 100, height: 200 },
    children,
  });
  const band: LayoutNode = {
    type: "VIEW",
    props: {},
    style: { backgroundColor: "#00703c" },
    box: { left: 0, top: 0, width: 100, height: 50 },
    children: [],
  };
  const middle: LayoutNode = {
    type: "VIEW",
    props: {},
    style: { backgroundColor: "#ff0000" },
    box: { left: 20, top: 80, width: 10, height: 10 },
    children: [],
  };

  it("grows each page by bleed and slug, runs colours at the edge into the bleed, and adds crop and fold marks", () => {
    const [printed] = withBleed({ type: "DOCUMENT", children: [page([band, middle])] }, 8, 20, () => [50]).children;
    expect(printed!.box).toMatchObject({ width: 156, height: 256 });
    expect(printed!.style?.backgroundColor).toBe("#ffffff");
    const contentAt = printed!.children!.findIndex((child) => child.children?.includes(middle));
    const backgrounds = (from: number, to?: number) =>
      printed!
        .children!.slice(from, to)
        .filter((child) => child.props?.artifact === "Background")
        .map((child) => [child.style?.backgroundColor, child.box]);
    // Under the page: the page colour fills trim and bleed; the band touching the top and sides runs on; the middle box
    // does not.
    expect(backgrounds(0, contentAt)).toEqual([
      ["#1d4f91", { left: 20, top: 20, width: 116, height: 216 }],
      ["#00703c", { left: 20, top: 20, width: 116, height: 58 }],
    ]);
    // Over it, the band's bleed again, half a point into the trim, so no pale seam shows where its edge meets the trim.
    expect(backgrounds(contentAt + 1, undefined)).toEqual([
      ["#00703c", { left: 20, top: 20, width: 116, height: 8.5 }],
      ["#00703c", { left: 20, top: 20, width: 8.5, height: 58 }],
      ["#00703c", { left: 127.5, top: 20, width: 8.5, height: 58 }],
    ]);
    // The content moved in by bleed and slug, unchanged inside.
    const content = printed!.children![contentAt];
    expect(content!.box).toMatchObject({ left: 28, top: 28, width: 100, height: 200 });
    const marks = printed!.children!.filter((child) => child.props?.artifact === "Layout");
    // Two crop marks at each of four corners, and four fold-mark dashes for the one fold.
    expect(marks).toHaveLength(12);
    // Every mark stays in the slug, outside the bleed.
    for (const mark of marks) {
      const { left, top, width, height } = mark.box!;
      const insideBleed = left + width > 20 && left < 136 && top + height > 20 && top < 236;
      expect(insideBleed, JSON.stringify(mark.box)).toBe(false);
    }
  });

  it("runs a colour that ends at a fold a little past it, so a fold off by a millimetre shows no white", () => {
    const leftPanel: LayoutNode = {
      type: "VIEW",
      props: {},
      style: { backgroundColor: "#00703c" },
      box: { left: 0, top: 0, width: 50, height: 200 },
      children: [],
    };
    const [printed] = withBleed(
      { type: "DOCUMENT", children: [{ ...page([leftPanel]), style: {} }] },
      8,
      20,
      () => [50],
      6,
    ).children;
    const backgrounds = printed!.children!.filter((child) => child.props?.artifact === "Background");
    // Bleed on the three sheet edges it reaches (again over the page, half a point into the trim); then, over the
    // page, 6 past the fold on the fourth (bled too), starting half a point inside the panel so the two fills overlap
    // rather than meet in a seam.
    expect(backgrounds.map((child) => child.box)).toEqual([
      { left: 20, top: 20, width: 58, height: 216 },
      { left: 20, top: 20, width: 58, height: 8.5 },
      { left: 20, top: 227.5, width: 58, height: 8.5 },
      { left: 20, top: 20, width: 8.5, height: 216 },
      { left: 77.5, top: 20, width: 6.5, height: 216 },
    ]);
    const content = printed!.children!.findIndex((child) => child.children?.includes(leftPanel));
    expect(printed!.children!.indexOf(backgrounds[0]!)).toBeLessThan(content);
    for (const over of backgrounds.slice(1)) expect(printed!.children!.indexOf(over)).toBeGreaterThan(content);
    // The paper colour never runs past a fold.
    const white = withBleed(
      {
        type: "DOCUMENT",
        children: [{ ...page([{ ...leftPanel, style: { backgroundColor: "#ffffff" } }]), style: {} }],
      },
      8,
      20,
      () => [50],
      6,
    ).children[0]!;
    expect(white.children!.filter((child) => child.props?.artifact === "Background")).toHaveLength(1);
  });

  it("folds an A4 tri-fold where its panels meet: 97 and 197 mm outside, 100 and 200 mm inside", () => {
    const trifold = template("a4-trifold");
    expect(trifoldFolds(trifold, 0).map((x) => Math.round((x / 72) * 25.4))).toEqual([97, 197]);
    expect(trifoldFolds(trifold, 1).map((x) => Math.round((x / 72) * 25.4))).toEqual([100, 200]);
  });
});
