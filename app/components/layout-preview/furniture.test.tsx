import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { defaultDesign } from "~/domain/design";
import { templateSchema } from "~/domain/template";
import { PrintedWords, type RenderContext } from "./blocks";
import type { SectionJson } from "./document";
import { unitsOfSection } from "./flow-units";
import { addressParts } from "~/render/address-breaks";
import { coverArt } from "~/render/cover-art";
import { Colophon, Cover, Units } from "./furniture";
import { previewTheme } from "./theme";

const template = templateSchema.parse(
  JSON.parse(readFileSync(new URL("../../../templates/a5-booklet.json", import.meta.url), "utf8")),
);
const context: RenderContext = {
  theme: previewTheme(template, defaultDesign("a5-booklet")),
  design: defaultDesign("a5-booklet"),
  title: "Women's rights",
  workspaceName: "Demo charity",
  logoUrl: null,
  numberedStages: false,
  stages: [],
  contentWidth: 300,
  headingBase: 3,
  credits: [],
};
const item = (text: string) => ({
  type: "listItem",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});
const section = {
  type: "section",
  attrs: { id: "s-1", title: "Your rights" },
  content: [
    { type: "bulletList", content: [item("Housing"), item("Money")] },
    { type: "paragraph", content: [{ type: "text", text: "Steps to take:" }] },
    { type: "orderedList", content: [item("Call us"), item("Bring a letter")] },
  ],
} as unknown as SectionJson;

describe("the preview's lists, as a screen reader hears them", () => {
  it("reads a page's items of one list as one list, numbers kept and no 'Bullet' said", () => {
    const html = renderToStaticMarkup(createElement(Units, { units: unitsOfSection(section, 0, []), context }));
    const lists = html.split('role="list"').slice(1);
    expect(lists).toHaveLength(2);
    expect(lists[0]!.match(/role="listitem"/g)).toHaveLength(2);
    expect(html).not.toContain("Bullet");
    const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("1. Call us");
    expect(text).toContain("2. Bring a letter");
    // The lead-in line stays outside both lists.
    expect(html.indexOf("Steps to take:")).toBeGreaterThan(html.indexOf("Money"));
    expect(html.indexOf("Steps to take:")).toBeLessThan(html.lastIndexOf('role="list"'));
  });

  it("reads the items on a second page as a list of their own", () => {
    const units = unitsOfSection(section, 0, [])
      .filter((unit) => unit.kind === "listItem")
      .slice(1, 2);
    const html = renderToStaticMarkup(createElement(Units, { units, context }));
    expect(html.match(/role="list"/g)).toHaveLength(1);
    expect(html.match(/role="listitem"/g)).toHaveLength(1);
  });
});

describe("the preview's cover", () => {
  const size = { width: context.theme.page.width, height: context.theme.page.height };
  const shapesIn = (html: string) => html.match(/class="lp-cover-shape" aria-hidden="true"/g) ?? [];

  it("shows the shapes the PDF draws on a cover without a picture, hidden from screen readers", () => {
    const html = renderToStaticMarkup(createElement(Cover, { context, size }));
    expect(shapesIn(html)).toHaveLength(3);
    const [pale] = coverArt({
      size,
      margin: context.theme.margin,
      body: context.theme.type.body,
      titleBottom: size.height * 0.55,
      coverStyle: "band",
      colours: context.design.colours,
      direction: "ltr",
    });
    expect(html).toContain(`left:${pale!.left}pt;top:${pale!.top}pt;width:${pale!.size}pt`);
  });

  it("shows none when the designer turns them off or a cover picture takes their place", () => {
    const off = { ...context, design: { ...context.design, coverArt: "none" as const } };
    expect(shapesIn(renderToStaticMarkup(createElement(Cover, { context: off, size })))).toHaveLength(0);
    const picture = {
      ...context,
      design: { ...context.design, coverPicture: { src: "/uploads/cover-1", alt: "Two women talking" } },
    };
    expect(shapesIn(renderToStaticMarkup(createElement(Cover, { context: picture, size })))).toHaveLength(0);
  });
});

describe("the preview's cover logo", () => {
  it("goes to the side the designer chose on every kind of cover, as in the PDF (a plain cover too)", () => {
    for (const coverStyle of ["band", "full-colour", "plain"] as const) {
      const withLogo = {
        ...context,
        logoUrl: "/uploads/logo-1",
        design: { ...context.design, coverStyle, logoPlacement: "top-right" as const },
      };
      const html = renderToStaticMarkup(createElement(Cover, { context: withLogo, size: { width: 420, height: 595 } }));
      const row = /<div style="([^"]*)"><(?:span|img)[^>]*lp-logo/.exec(html)?.[1];
      expect(row, coverStyle).toContain("justify-content:flex-end");
    }
  });
});

describe("the preview's back matter", () => {
  it("prints the credits the pictures' licences ask for, after the footer text, as the PDF does", () => {
    const withCredits = {
      ...context,
      design: { ...context.design, footerText: "Demo Charity, charity number 123" },
      credits: ["Pictures from OpenMoji (openmoji.org), licence CC BY-SA 4.0"],
    };
    const html = renderToStaticMarkup(createElement(Colophon, { context: withCredits }));
    expect(html).toMatch(/charity number 123<\/p><p lang="en"[^>]*>Pictures from OpenMoji/);
    // Nothing to print: nothing drawn.
    const none = { ...context, design: { ...context.design, footerText: "" } };
    expect(renderToStaticMarkup(createElement(Colophon, { context: none }))).toBe("");
  });
});

describe("words break where the PDF breaks them (PrintedWords)", () => {
  const markup = (text: string) => renderToStaticMarkup(createElement(PrintedWords, { text }));

  it("leaves plain words as they are", () => {
    expect(markup("You can ask for help.")).toBe("You can ask for help.");
  });

  it("never breaks a word after its hyphen, dash or slash, as a browser would and the PDF does not", () => {
    expect(markup("a co-production group, 9am–5pm and/or later")).toBe(
      'a <span class="lp-nobr">co-production</span> group, <span class="lp-nobr">9am–5pm</span> and/or later'.replace(
        "and/or",
        '<span class="lp-nobr">and/or</span>',
      ),
    );
  });

  it("breaks a long address only where the PDF may, only when wider than a line, and copies as the address", () => {
    const html = markup("Visit www.demo-charity.example/families today");
    // Its parts never break inside; between them only as a last resort (overflow-wrap), not at every chance (<wbr>).
    expect(html).toContain('<span class="lp-long-word">');
    expect(html).not.toContain("<wbr/>");
    expect(html.replace(/<[^>]+>/g, "")).toBe("Visit www.demo-charity.example/families today");
    const parts = [...html.matchAll(/<span class="lp-nobr">([^<]*)<\/span>/g)].map((match) => match[1]);
    expect(parts).toEqual(addressParts("www.demo-charity.example/families"));
    // A long word with nothing a browser breaks at is cut where the PDF cuts it too.
    expect(markup("Kinderbetreuungseinrichtungen")).toContain('<span class="lp-long-word">');
  });
});
