/**
 * Cleans HTML pasted from Word, Google Docs or a web page before the editor parses it with the document schema.
 * The schema already keeps only what it knows (headings, lists, links, bold…); this removes what would otherwise
 * leak through or confuse it: scripts and styles, Office markup, ids, classes and inline styles, and headings
 * outside the levels we use.
 */
const DROP =
  "script, style, meta, link, title, iframe, object, embed, form, input, button, select, textarea, svg, canvas, template, noscript";

export function cleanPastedHtml(html: string, parser: DOMParser = new DOMParser()): string {
  const doc = parser.parseFromString(html, "text/html");
  doc.querySelectorAll(DROP).forEach((el) => el.remove());
  // Office's namespaced elements (<o:p>, <w:sdt>) keep their text but lose the wrapper.
  for (const el of [...doc.body.querySelectorAll("*")]) {
    if (el.tagName.includes(":")) el.replaceWith(...el.childNodes);
  }
  const walker = doc.createTreeWalker(doc.body, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode?.removeChild(c));
  for (const el of doc.body.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const keep =
        (el.tagName === "A" && attr.name === "href") ||
        (el.tagName === "IMG" && (attr.name === "src" || attr.name === "alt"));
      // Google Docs marks non-bold wrappers with font-weight:normal; keep that single fact so they stay non-bold.
      const googleWrapper = el.tagName === "B" && attr.name === "style" && /font-weight:\s*normal/.test(attr.value);
      if (!keep && !googleWrapper) el.removeAttribute(attr.name);
    }
    if (el.tagName === "A" && !/^(https?:|mailto:|tel:)/i.test(el.getAttribute("href") ?? ""))
      el.removeAttribute("href");
  }
  for (const el of [...doc.body.querySelectorAll("h1, h5, h6")]) {
    const replacement = doc.createElement(el.tagName === "H1" ? "h2" : "h4");
    replacement.append(...el.childNodes);
    el.replaceWith(replacement);
  }
  return doc.body.innerHTML;
}
