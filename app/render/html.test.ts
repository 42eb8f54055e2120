import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../server/services/templates";
import {
  bold,
  bullets,
  contact,
  doc,
  heading,
  image,
  keyInfo,
  link,
  p,
  section,
  text,
} from "../../tests/fixtures/checks/documents";
import { defaultDesign, DEFAULT_COLOURS } from "../domain/design";
import { documentSchema } from "../editor/schema.server";
import { isAllowedImageSource } from "../domain/links";
import { escapeHtml, nodeSize, QUICK_EXIT_URL, renderDocumentHtml } from "./html";

const templates = loadTemplates(new URL("../../templates", import.meta.url).pathname);
const guide = templates.get("a4-guide")!;
const booklet = templates.get("a5-booklet")!;

const sample = doc(
  section("s-one", "Your rights", [
    p("You can ", bold("ask"), " for help. ", link("Women's Aid", "https://example.org/aid"), " can help."),
    heading(3, "At work"),
    bullets("Keep letters.", "Write down dates."),
    keyInfo(p("Call 999 in an emergency.")),
    image("/api/uploads/pic", "Two people talking"),
  ]),
  section("s-two", "Contact us", [contact("Phone: 0808 157 0101")], "This section talks about domestic abuse."),
);
const meta = { title: "Women's Rights", language: "en-GB", readingAge: "9–11" };

function render(content = sample, options: Partial<Parameters<typeof renderDocumentHtml>[1]> = {}) {
  const html = renderDocumentHtml(
    { content, meta },
    { template: booklet, design: defaultDesign(booklet.id), standalone: true, ...options },
  );
  return { html, document: new JSDOM(html).window.document };
}

describe("renderDocumentHtml", () => {
  it("makes a complete accessible page: lang, title, skip link, landmarks, one H1, a named section per H2", () => {
    const { document } = render();
    expect(document.documentElement.lang).toBe("en-GB");
    expect(document.title).toBe("Women's Rights");
    const skip = document.querySelector("a.cp-skip-link")!;
    expect(skip.getAttribute("href")).toBe("#cp-main");
    expect(document.querySelector("main#cp-main")).not.toBeNull();
    expect(document.querySelectorAll("header h1")).toHaveLength(1);
    expect(document.querySelector("h1")!.textContent).toBe("Women's Rights");
    const sections = [...document.querySelectorAll("main > section")];
    expect(sections.map((s) => document.getElementById(s.getAttribute("aria-labelledby")!)!.textContent)).toEqual([
      "Your rights",
      "Contact us",
    ]);
    expect(document.querySelector("section h3")!.textContent).toBe("At work");
    expect([...document.querySelectorAll("ul li")].map((li) => li.textContent)).toEqual([
      "Keep letters.",
      "Write down dates.",
    ]);
    expect(document.querySelector('[role="note"].cp-key-info')!.textContent).toBe("Call 999 in an emergency.");
    // A phone number is never broken over two lines: no-break spaces join its groups (`keepTogether`).
    expect(document.querySelector("address.cp-contact")!.textContent).toBe("Phone: 0808\u00a0157\u00a00101");
    expect(document.querySelector("#section-s-two .cp-content-note")!.textContent).toBe(
      "Content note: This section talks about domestic abuse.",
    );
  });

  it("puts the brand colours and type sizes in the style block, with a print stylesheet", () => {
    const design = {
      ...defaultDesign(booklet.id),
      colours: { ...DEFAULT_COLOURS, primary: "#5a2d82", text: "#1a1a1a" },
    };
    const { document } = render(sample, { design });
    const css = document.querySelector("style")!.textContent!;
    expect(css).toContain("color:#1a1a1a");
    expect(css).toContain("background:#5a2d82");
    expect(css).toContain("font-size:14pt"); // A5 booklet body
    expect(css).toContain("@page{size:A5 portrait;margin:15mm 15mm 18mm 15mm}");
    expect(css).toContain("@media print");
    expect(css).toContain("text-align:start");
    expect(css).not.toMatch(/justify/);
  });

  it("links the same document's PDF from the footer when it has one, and only by a path on this site", () => {
    const page = render(sample, { pdfHref: "/r/abc_DEF-123/pdf" }).document;
    const link = page.querySelector("footer a[download]");
    expect(link?.getAttribute("href")).toBe("/r/abc_DEF-123/pdf");
    expect(link?.textContent).toBe("Download this as a PDF");
    expect(link?.closest("[lang]")?.getAttribute("lang")).toMatch(/^en/); // said in English (marked so on other pages)
    for (const pdfHref of ["javascript:alert(1)", "https://elsewhere.example/x.pdf", '/x" onclick="alert(1)'])
      expect(render(sample, { pdfHref }).document.querySelector("a[download]")).toBeNull();
    expect(render().document.querySelector("a[download]")).toBeNull();
  });

  it("escapes every piece of text and attribute", () => {
    const nasty = doc(
      section(
        's-"><script>',
        "<img src=x onerror=alert(1)>",
        [p("<script>alert('x')</script> & friends"), image('/a.png" onerror="alert(1)', 'He said "hi" <b>')],
        '"><script>',
      ),
    );
    const { html, document } = render(nasty, { sourcePositions: true });
    expect(document.querySelectorAll("script")).toHaveLength(0);
    expect(document.querySelectorAll("[onerror]")).toHaveLength(0);
    expect(document.querySelector("main p:not(.cp-content-note)")!.textContent).toBe(
      "<script>alert('x')</script> & friends",
    );
    expect(document.querySelector(".cp-content-note")!.textContent).toBe('Content note: "><script>');
    expect(document.querySelector("h2")!.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(document.querySelector("img")!.getAttribute("alt")).toBe('He said "hi" <b>');
    expect(html).not.toContain("<script>");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("keeps links only for http, https, mailto and tel, and image sources only from safe places", () => {
    const links = doc(
      section("s-1", "Links", [
        p(
          link("web", "https://example.org"),
          " ",
          link("mail", "mailto:help@example.org"),
          " ",
          link("phone", "tel:08081570101"),
          " ",
          link("bad", "javascript:alert(1)"),
          " ",
          link("data", "data:text/html,hi"),
        ),
      ]),
    );
    const { document } = render(links);
    expect([...document.querySelectorAll("main a")].map((a) => a.getAttribute("href"))).toEqual([
      "https://example.org",
      "mailto:help@example.org",
      "tel:08081570101",
    ]);
    expect(document.querySelector("main p")!.textContent).toBe("web mail phone bad data");
    expect(isAllowedImageSource("/api/uploads/1")).toBe(true);
    expect(isAllowedImageSource("data:image/png;base64,iVBORw0KGgo=")).toBe(true);
    expect(isAllowedImageSource("//evil.example/x.png")).toBe(false);
    expect(isAllowedImageSource("javascript:alert(1)")).toBe(false);
    expect(isAllowedImageSource("data:image/svg+xml;base64,PHN2Zz4=")).toBe(false);
  });

  it('renders a picture without a description without alt (so the checks see it), and a decorative one with alt=""', () => {
    const pictures = doc(
      section("s-1", "Pictures", [image("/a.png", ""), image("/b.png", "", true), image("/c.png", "A map")]),
    );
    const images = [...render(pictures).document.querySelectorAll("img")];
    expect(images.map((img) => img.getAttribute("alt"))).toEqual([null, "", "A map"]);
  });

  it("makes written email addresses, and phone numbers in contact details, links a reader can tap", () => {
    const { document } = render(
      doc(
        section("s-one", "Help", [
          p("Write to help@demo-charity.example. Case 0123\u00a0456\u00a07890 is not a phone link here."),
          contact("Phone: 0808 157 0101", "Email: help@demo-charity.example"),
        ]),
      ),
    );
    const links = [...document.querySelectorAll("main a")].map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual([
      ["help@demo-charity.example", "mailto:help@demo-charity.example"],
      ["0808\u00a0157\u00a00101", "tel:08081570101"],
      ["help@demo-charity.example", "mailto:help@demo-charity.example"],
    ]);
    expect(document.querySelector("main p")!.textContent).toBe(
      "Write to help@demo-charity.example. Case 0123\u00a0456\u00a07890 is not a phone link here.",
    );
    // On a narrow screen the address breaks only before a dot, dash or @ (a browser would break after the dash,
    // which reads as a hyphen), and only when wider than a line: each part is kept whole, the address goes over whole
    // when it fits on a line (overflow-wrap, not a break offered between every part).
    const email = document.querySelector("main p a")!;
    expect([...email.querySelectorAll(".cp-nobr")].map((part) => part.textContent)).toEqual([
      "help",
      "@demo",
      "-charity",
      ".example",
    ]);
    expect(email.querySelectorAll("wbr")).toHaveLength(0);
    expect(email.querySelector(".cp-address")!.textContent).toBe("help@demo-charity.example");
  });

  it("joins text nodes of one link into one link, with bold inside", () => {
    const split = doc(
      section("s-1", "T", [
        p(
          text("Read ", [{ type: "link", attrs: { href: "https://a.example" } }]),
          text("this", [{ type: "link", attrs: { href: "https://a.example" } }, { type: "bold" }]),
        ),
      ]),
    );
    const { document } = render(split);
    expect(document.querySelectorAll("main a")).toHaveLength(1);
    expect(document.querySelector("main a")!.innerHTML).toBe("Read <strong>this</strong>");
  });

  it("marks blocks with the same ProseMirror positions the checks use", () => {
    const { document } = render(sample, { sourcePositions: true });
    const node = documentSchema.nodeFromJSON(sample);
    expect(nodeSize(sample)).toBe(node.nodeSize);
    const blocks = [...document.querySelectorAll("[data-pm-range]:not(section)")];
    expect(blocks.length).toBeGreaterThan(6);
    for (const element of blocks) {
      const [from, to] = element.getAttribute("data-pm-range")!.split("-").map(Number) as [number, number];
      const pmNode = node.nodeAt(from)!;
      expect(from + pmNode.nodeSize).toBe(to);
      // The same words: only postcodes' and phone numbers' spaces are no-break spaces on the page.
      expect(pmNode.textContent).toBe(element.textContent!.replaceAll("\u00a0", " "));
    }
    for (const element of document.querySelectorAll("section[data-pm-range]")) {
      const [from, to] = element.getAttribute("data-pm-range")!.split("-").map(Number) as [number, number];
      expect(node.nodeAt(from)!.attrs.id).toBe(element.getAttribute("data-section-id"));
      expect(from + node.nodeAt(from)!.nodeSize).toBe(to);
    }
    expect(document.querySelectorAll("[data-section-id]")).toHaveLength(2);
    expect(render().document.querySelectorAll("[data-pm-range]")).toHaveLength(0);
  });

  it("gives copied sections with the same id different HTML ids", () => {
    const copied = doc(section("s-1", "First", [p("A.")]), section("s-1", "Second", [p("B.")]));
    const ids = [...render(copied).document.querySelectorAll("section")].map((s) => s.id);
    expect(ids).toEqual(["section-s-1", "section-s-1-2"]);
  });

  it("sets a right-to-left language's direction, its script's font and Copress's own words in that language", () => {
    const arabic = { title: "حقوق المرأة", language: "ar", readingAge: "9–11" };
    const html = renderDocumentHtml(
      { content: sample, meta: arabic },
      { template: guide, design: defaultDesign(guide.id), standalone: true, quickExit: true },
    );
    const page = new JSDOM(html).window.document;
    expect(page.documentElement.getAttribute("lang")).toBe("ar");
    expect(page.documentElement.getAttribute("dir")).toBe("rtl");
    const css = page.querySelector("style")!.textContent!;
    expect(css).toMatch(
      /@font-face\{font-family:"Noto Naskh Arabic"[^}]*src:url\(\/fonts\/noto-naskh-arabic-arabic-400-normal\.woff\)/,
    );
    expect(css).toMatch(/\.cp-doc\{[^}]*font-family:"Noto Naskh Arabic", "Atkinson Hyperlegible"/);
    expect(css).toContain("border-inline-start:6px solid");
    expect(page.querySelector("#cp-contents-title")!.textContent).toBe("المحتويات");
    expect(page.querySelector("a.cp-quick-exit")!.getAttribute("lang")).toBe("en");
    expect(page.querySelector("a.cp-skip-link")!.getAttribute("lang")).toBe("en");
    // A paragraph still in English reads left to right, with its full stop at its end.
    const mixed = new JSDOM(
      renderDocumentHtml(
        {
          content: doc(section("s-one", "حقوقك", [p("This leaflet is for women."), p("هذه النشرة للنساء.")])),
          meta: arabic,
        },
        { template: guide, design: defaultDesign(guide.id), standalone: true },
      ),
    ).window.document;
    expect([...mixed.querySelectorAll(".cp-section p")].map((el) => el.getAttribute("dir"))).toEqual(["ltr", null]);
    // Inside another page, the document's box carries its language and direction.
    const markup = renderDocumentHtml(
      { content: sample, meta: { ...arabic, language: "ur" } },
      { template: booklet, design: defaultDesign(booklet.id), standalone: false },
    );
    expect(markup).toMatch(/^<div class="cp-doc" lang="ur" dir="rtl">/);
    // English stays left to right, with no language marks on Copress's words.
    const { document: english } = render(sample, { quickExit: true });
    expect(english.documentElement.getAttribute("dir")).toBe("ltr");
    expect(english.querySelector("a.cp-quick-exit")!.hasAttribute("lang")).toBe(false);
  });

  it("marks words in another language with their own lang and direction, and ignores unknown languages", () => {
    const mixed = doc(
      section("s-one", "Cysylltwch", [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Ffoniwch " },
            { type: "text", text: "Women's Aid", marks: [{ type: "language", attrs: { lang: "en-GB" } }] },
            { type: "text", text: " neu " },
            { type: "text", text: "حقوق المرأة", marks: [{ type: "language", attrs: { lang: "ar" } }] },
            { type: "text", text: " heddiw", marks: [{ type: "language", attrs: { lang: 'x-evil" onclick' } }] },
          ],
        },
      ]),
    );
    const { document } = render(mixed);
    const spans = [...document.querySelectorAll(".cp-section p span[lang]")];
    expect(spans.map((span) => [span.getAttribute("lang"), span.getAttribute("dir"), span.textContent])).toEqual([
      ["en-GB", "ltr", "Women's Aid"],
      ["ar", "rtl", "حقوق المرأة"],
    ]);
    expect(document.querySelector("[onclick]")).toBeNull();
  });

  it("credits library pictures in the footer, as their licence asks", () => {
    const withPicture = doc(
      section("s-one", "Your rights", [
        {
          type: "image",
          attrs: { src: "/uploads/a", alt: "A house", decorative: false, credit: "Pictures from OpenMoji" },
        },
      ]),
    );
    const { document } = render(withPicture);
    expect(document.querySelector("footer .cp-credit")!.textContent).toBe("Pictures from OpenMoji");
    expect(render(sample).document.querySelector(".cp-credit")).toBeNull();
  });

  it("adds a contents list and stage numbers for guides, a draft note and watermark, a quick exit and the footer", () => {
    const design = { ...defaultDesign(guide.id), footerText: "Demo Charity, charity 123" };
    const { document } = render(sample, { template: guide, design, draftWatermark: true, quickExit: true });
    expect(
      [...document.querySelectorAll("nav.cp-contents a")].map((a) => [a.textContent, a.getAttribute("href")]),
    ).toEqual([
      ["Your rights", "#section-s-one"],
      ["Contact us", "#section-s-two"],
    ]);
    expect(document.querySelector("#section-s-one h2")!.textContent).toBe("Stage 1 Your rights");
    // The closing section with the contact details is how to reach someone, not a stage.
    expect(document.querySelector("#section-s-two h2")!.textContent).toBe("Contact us");
    expect(document.querySelector(".cp-draft-note")!.textContent).toMatch(/not been signed off/);
    expect(document.querySelector(".cp-draft-mark")!.getAttribute("aria-hidden")).toBe("true");
    expect(document.querySelector(".cp-draft-mark")!.textContent).toBe("");
    expect(document.querySelector("header a.cp-quick-exit")!.getAttribute("href")).toBe(QUICK_EXIT_URL);
    expect(document.querySelector("footer.cp-footer")!.textContent).toBe("Demo Charity, charity 123");
  });

  it("shows the organisation's logo where the design places it, described by the organisation's name", () => {
    const logo = { src: "/uploads/logo-1", alt: "Demo Charity logo" };
    const topLeft = render(sample, { logo }).document;
    const image = topLeft.querySelector("header.cp-cover img.cp-logo")!;
    expect(image.getAttribute("src")).toBe("/uploads/logo-1");
    expect(image.getAttribute("alt")).toBe("Demo Charity logo");
    expect(image.classList.contains("cp-logo-right")).toBe(false);
    // Before the title, so it is read first, as on the PDF's cover.
    expect(image.compareDocumentPosition(topLeft.querySelector("h1")!) & 4).toBeTruthy();

    const right = render(sample, {
      logo,
      design: { ...defaultDesign(booklet.id), logoPlacement: "top-right" },
    }).document;
    expect(right.querySelector("header img.cp-logo")!.classList.contains("cp-logo-right")).toBe(true);

    const back = render(sample, {
      logo,
      design: { ...defaultDesign(booklet.id), logoPlacement: "back-page" },
    }).document;
    expect(back.querySelector("header img")).toBeNull();
    expect(back.querySelector("footer.cp-footer img.cp-logo")!.getAttribute("alt")).toBe("Demo Charity logo");

    // Without a logo nothing is added, and a source we would never load is left out.
    expect(render().document.querySelector("img.cp-logo")).toBeNull();
    expect(render(sample, { logo: { src: "javascript:alert(1)", alt: "x" } }).html).not.toContain("javascript:");
  });

  it("names who publishes it under the title, as the PDF's cover does, and only when told", () => {
    const { document } = render(sample, { publisher: "Demo <Charity>" });
    const publisher = document.querySelector("header.cp-cover p.cp-publisher")!;
    expect(publisher.textContent).toBe("Demo <Charity>");
    expect(document.querySelector("header.cp-cover h1")!.compareDocumentPosition(publisher) & 4).toBeTruthy();
    expect(render().document.querySelector(".cp-publisher")).toBeNull();
    expect(render(sample, { publisher: "  " }).document.querySelector(".cp-publisher")).toBeNull();
  });

  it("renders only some sections for the checks, keeping whole-document positions", () => {
    const threeStages = doc(
      section("s-a", "First", [p("One.")]),
      section("s-b", "Second", [p("Two.")]),
      section("s-c", "Third", [p("Three.")]),
    );
    const second = render(threeStages, { template: guide, onlySections: { indices: [1], contents: false } }).document;
    expect(second.querySelector("#section-s-b h2")!.textContent).toBe("Stage 2 Second");
    const { document } = render(sample, {
      template: guide,
      onlySections: { indices: [1], contents: false },
      sourcePositions: true,
    });
    expect([...document.querySelectorAll("main section")].map((s) => s.id)).toEqual(["section-s-two"]);
    expect(document.querySelector("nav.cp-contents")).toBeNull();
    // The part that takes the page around the sections lists every section in its contents.
    const withPage = render(sample, { template: guide, onlySections: { indices: [], contents: true } }).document;
    expect(withPage.querySelectorAll("main section")).toHaveLength(0);
    expect([...withPage.querySelectorAll("nav.cp-contents a")].map((a) => a.getAttribute("href"))).toEqual(
      [...render(sample, { template: guide }).document.querySelectorAll("main section")].map((s) => `#${s.id}`),
    );
    const full = render(sample, { template: guide, sourcePositions: true }).document;
    expect(document.querySelector("#section-s-two")!.getAttribute("data-pm-range")).toBe(
      full.querySelector("#section-s-two")!.getAttribute("data-pm-range"),
    );
  });

  it("renders markup alone to place inside another page: no landmarks of its own", () => {
    const html = renderDocumentHtml(
      { content: sample, meta },
      { template: booklet, design: defaultDesign(booklet.id), standalone: false },
    );
    const fragment = JSDOM.fragment(html);
    expect(fragment.querySelector(".cp-doc")!.getAttribute("lang")).toBe("en-GB");
    expect(fragment.querySelectorAll("main, header, footer, style")).toHaveLength(0);
    expect(fragment.querySelector("h1")!.textContent).toBe("Women's Rights");
  });

  it("falls back to a safe language code and a title for untitled documents", () => {
    const html = renderDocumentHtml(
      { content: sample, meta: { title: "  ", language: 'en"><script>', readingAge: "9–11" } },
      { template: booklet, design: defaultDesign(booklet.id), standalone: true },
    );
    const document = new JSDOM(html).window.document;
    expect(document.documentElement.lang).toBe("en-GB");
    expect(document.title).toBe("Untitled document");
  });

  it("never writes a template hint: not the hint, nor a list, box or row of nothing but hints; positions stay the document's", () => {
    const hint = (words: string) => ({ type: "paragraph", attrs: { placeholder: words } });
    const content = doc(
      section("s-one", "Who this is for", [
        hint("Say who this leaflet is for."),
        p("For women in the UK."),
        keyInfo(hint("Put the one thing people must remember here.")),
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [hint("Keep each point short.")] },
            { type: "listItem", content: [p("Bring your letter.")] },
          ],
        },
        { type: "heading", attrs: { level: 3, placeholder: "Add a short heading for each new idea" } },
      ]),
      section("s-two", "Get help", [
        { type: "contactBlock", content: [hint("Your organisation's name"), hint("Phone: add your phone number")] },
      ]),
    );
    const { html, document } = render(content, { sourcePositions: true });
    for (const words of [
      "Say who",
      "Put the one thing",
      "Keep each point",
      "Add a short heading",
      "Your organisation",
      "add your phone",
    ])
      expect(html).not.toContain(words);
    expect(document.querySelectorAll(".cp-key-info, address, h3")).toHaveLength(0);
    expect([...document.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["Bring your letter."]);
    const node = documentSchema.nodeFromJSON(content);
    const paragraph = document.querySelector("p[data-pm-range]")!;
    const [from, to] = paragraph.getAttribute("data-pm-range")!.split("-").map(Number) as [number, number];
    expect(node.textBetween(from, to)).toBe("For women in the UK.");
  });

  it("leaves out the words of an open suggestion and keeps the words suggested for removal", () => {
    const mark = (type: string) => [{ type, attrs: { id: "sg-1", authorId: "abi", createdAt: null, reason: null } }];
    const { document } = render(
      doc(
        section("s-one", "Support", [
          p(
            "We help ",
            { type: "text", text: "addicts", marks: mark("deletion") },
            {
              type: "text",
              text: "people who use drugs",
              marks: mark("insertion"),
            },
            " and families.",
          ),
        ]),
      ),
    );
    expect(document.querySelector("main p")!.textContent).toBe("We help addicts and families.");
    expect(document.querySelectorAll("ins, del")).toHaveLength(0);
  });
});
