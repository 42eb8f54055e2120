// @vitest-environment jsdom
import { generateJSON } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { cleanPastedHtml } from "./paste";
import { documentExtensions, imagesMissingAlt } from "./schema";

const wordHtml = `
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal { color: red }</style>
<script>alert("pasted")</script></head><body>
<!--StartFragment-->
<h1 class="MsoTitle" style="color:red">Your rights</h1>
<p class="MsoNormal" style="font-family:Calibri;color:#ff0000">You can <b>ask for help</b> at any time.<o:p></o:p></p>
<ul><li style="mso-list:l0">First point</li><li>Second point</li></ul>
<p>Visit <a href="https://example.org/help" onclick="steal()" style="color:blue">our help page</a> or <a href="javascript:alert(1)">this</a>.</p>
<img src="x" onerror="alert(2)">
<!--EndFragment--></body></html>`;

describe("cleanPastedHtml", () => {
  const cleaned = cleanPastedHtml(wordHtml);

  it("drops scripts, styles, event handlers and Office markup", () => {
    expect(cleaned).not.toMatch(/script|alert\("pasted"\)|onclick|onerror|style=|class=|MsoNormal|<o:p/i);
  });

  it("keeps headings, lists, bold and safe links — and parses into the schema", () => {
    const json = generateJSON(
      `<section data-section-id="s-1" data-title="Pasted">${cleaned}</section>`,
      documentExtensions(),
    );
    const text = JSON.stringify(json);
    expect(text).toContain('"type":"heading"');
    expect(text).toContain('"level":2'); // an h1 becomes our top inner level
    expect(text).toContain('"type":"bulletList"');
    expect(text).toContain('"type":"bold"');
    expect(text).toContain('"href":"https://example.org/help"');
    expect(text).not.toContain("javascript:");
  });
});

describe("imagesMissingAlt", () => {
  it("reports an image with neither alt text nor a decorative mark", () => {
    const doc = {
      type: "doc",
      content: [
        {
          type: "section",
          content: [
            { type: "image", attrs: { src: "/a.png", alt: "", decorative: false } },
            { type: "image", attrs: { src: "/b.png", alt: "", decorative: true } },
            { type: "image", attrs: { src: "/c.png", alt: "A smiling volunteer", decorative: false } },
          ],
        },
      ],
    };
    expect(imagesMissingAlt(doc)).toEqual([{ src: "/a.png" }]);
  });
});
