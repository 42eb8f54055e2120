/**
 * The one renderer from a canonical document (ProseMirror JSON of the one schema + meta) to semantic, accessible
 * HTML. It serves the checks (axe-core runs over exactly this), and the public web version of a document.
 *
 * What the page gets: `lang`, a `<title>`, a skip link, banner / navigation / main / contentinfo landmarks, the
 * title as the only H1, each section as a `<section>` named by its H2 title, the brand colours and fonts in one
 * `<style>` block (screen and print), and optionally a draft watermark and a quick-exit link.
 *
 * Safety: every piece of text and every attribute is escaped; links are kept only for http, https, mailto and
 * tel (`isAllowedHref`); image sources only for site paths, http(s) and raster `data:` images. Nothing from the
 * document is ever written as markup or CSS. Colours and fonts come from the validated design (`readDesign`).
 *
 * The renderer never fixes the document: a picture without alt text is rendered without `alt`, so the checks see
 * exactly what a reader would get. Template hints nobody filled in (app/editor/placeholders.ts) are not words: they
 * are left out, with any list, box or row that holds nothing else.
 */
import { suggestionMarkOf } from "../domain/suggestions";
import { isBlockType, type BlockType } from "../domain/blocks";
import type { DocumentMeta } from "../domain/document-hash";
import { accentTint } from "../domain/colour";
import type { Design } from "../domain/design";
import { fontFaceCss, fontStack } from "../domain/fonts";
import {
  isEnglish,
  isKnownLanguage,
  languageOf,
  scriptFontFaceCss,
  scriptFontFor,
  firstStrongDirection,
  type Direction,
} from "../domain/languages";
import { pageWordsFor, type PageWords } from "../domain/page-words";
import type { Template } from "../domain/template";
import { printsNothing } from "../domain/placeholders";
import { documentCredits } from "../domain/picture-credits";
import { stageNumbers } from "../domain/stages";
import { addressParts } from "./address-breaks";
import { keepTogether } from "./keep-together";
import { addressesIn, isAllowedHref, isAllowedImageSource } from "../domain/links";
import { pageGeometry } from "../domain/page-geometry";
import { isObject, type Json } from "../domain/json";

export interface RenderableDocument {
  /** ProseMirror JSON of the `content` fragment. */
  content: unknown;
  meta: DocumentMeta;
}

export interface RenderHtmlOptions {
  template: Template;
  design: Design;
  /** A whole page (`<!doctype html>` … `</html>`), or the document's markup alone to place inside another page. */
  standalone: boolean;
  /** Marks every page "Draft — not signed off" (screen and print). */
  draftWatermark?: boolean;
  /** Adds an "Exit this page" link to a neutral website. Defaults to the design's choice. */
  quickExit?: boolean;
  /** Adds `data-pm-range="from-to"` (ProseMirror positions) to blocks, so the checks can point at the text. */
  sourcePositions?: boolean;
  /** Nonce for the `<style>` element, for pages served under a Content Security Policy. */
  styleNonce?: string;
  /**
   * The organisation's logo (a site path, or a data URL for pages that must stand alone), placed as the design says:
   * at the top of the cover, or in the footer for "back page". `alt` names the organisation.
   */
  logo?: { src: string; alt: string };
  /**
   * The cover picture's address when it must differ from the design's (a data URL, for pages that must stand alone);
   * otherwise the design's own upload address is used. Shown under the title, as on the PDF's cover.
   */
  coverPictureSrc?: string;
  /** Who publishes it (the workspace's name), under the title as on the PDF's cover. */
  publisher?: string;
  /** Load the bundled fonts from `/fonts/` (standalone pages served by Copress). */
  includeFontFaces?: boolean;
  /** Where the same document can be downloaded as a PDF (a release's web version links its own PDF). */
  pdfHref?: string;
  /**
   * Only some sections (by index, in order), for the checks, which check a long document in parts on worker
   * threads and again only the sections that changed. Positions stay those of the whole document; the contents
   * list comes only with `contents: true` (one part of a check takes the page around the sections).
   */
  onlySections?: { indices: readonly number[]; contents: boolean };
}

/** Where "Exit this page" goes: a neutral, everyday page (as GOV.UK's exit-this-page pattern suggests). */
export const QUICK_EXIT_URL = "https://www.bbc.co.uk/weather";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function safeLanguage(language: string): string {
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language) ? language : "en-GB";
}

const childrenOf = (node: Json): Json[] => (Array.isArray(node.content) ? node.content.filter(isObject) : []);
const attrsOf = (node: Json): Json => (isObject(node.attrs) ? node.attrs : {});
const stringOf = (value: unknown): string => (typeof value === "string" ? value : "");

/** Leaf nodes of the schema: one position each, no content. */
const LEAF_TYPES = new Set(["image", "hardBreak"]);

/** ProseMirror's size of a JSON node: text length, 1 for a leaf, else its content plus its two boundaries. */
export function nodeSize(node: Json): number {
  if (node.type === "text") return stringOf(node.text).length;
  if (LEAF_TYPES.has(String(node.type))) return 1;
  return 2 + childrenOf(node).reduce((sum, child) => sum + nodeSize(child), 0);
}

interface RenderContext {
  /** Copress's own words in the document's language ("Content note:"). */
  words: PageWords;
  /** The document's direction: a paragraph that reads the other way says so. */
  direction: Direction;
  /** Inside contact details: phone numbers become tel: links too. */
  contact?: boolean;
  positions: boolean;
  numberedStages: boolean;
  /** Each section's stage number in a guide (null where it has none: app/domain/stages.ts). */
  stages: Array<number | null>;
  usedIds: Set<string>;
}

function positionAttribute(context: RenderContext, from: number, node: Json): string {
  return context.positions ? ` data-pm-range="${from}-${from + nodeSize(node)}"` : "";
}

/** A unique, safe HTML id from a section id (copied sections can share an id). */
function uniqueId(context: RenderContext, base: string): string {
  const clean = `section-${base.replace(/[^A-Za-z0-9_-]/g, "") || "untitled"}`;
  let id = clean;
  for (let n = 2; context.usedIds.has(id); n++) id = `${clean}-${n}`;
  context.usedIds.add(id);
  return id;
}

/**
 * Plain text as HTML with the email and web addresses (and, in contact details, phone numbers) it holds made links
 * (`addressesIn`, shared with the PDF), so a reader on a phone can tap them.
 */
function linkAddresses(text: string, phones: boolean): string {
  // Found in the text as written; shown with postcodes and phone numbers kept whole (same positions).
  const shown = keepTogether(text);
  let html = "";
  let at = 0;
  for (const { start, end, href } of addressesIn(text, { phones })) {
    html += `${escapeHtml(shown.slice(at, start))}<a href="${escapeHtml(href)}">${addressHtml(shown.slice(start, end))}</a>`;
    at = end;
  }
  return html + escapeHtml(shown.slice(at));
}

/**
 * An address that may break over two lines where a typesetter would break it (`addressParts`: before a dot, dash or @,
 * so a line never ends in what reads as a hyphen), and nowhere else: a browser would break after its hyphens. Each
 * part stays whole, and the address breaks between them only when it is wider than a line (`overflow-wrap`); otherwise
 * it goes to the next line whole, as on paper. Copying it gives the address exactly.
 */
function addressHtml(address: string): string {
  const parts = addressParts(address);
  if (parts.length === 1) return escapeHtml(address);
  return `<span class="cp-address">${parts.map((part) => `<span class="cp-nobr">${escapeHtml(part)}</span>`).join("")}</span>`;
}

function renderInline(all: Json[], context?: RenderContext): string {
  // Words someone suggested adding are not part of the document until they are taken (app/domain/suggestions.ts).
  const nodes = all.filter((node) => suggestionMarkOf(node.marks)?.kind !== "insertion");
  let html = "";
  let index = 0;
  // Consecutive text nodes with the same link are one link (bold inside a link splits the text node).
  while (index < nodes.length) {
    const node = nodes[index]!;
    const href = linkOf(node);
    if (href === null) {
      html += renderInlineNode(node, context?.contact ?? false);
      index++;
      continue;
    }
    let inner = "";
    while (index < nodes.length && linkOf(nodes[index]!) === href) inner += renderInlineNode(nodes[index++]!);
    html += isAllowedHref(href) ? `<a href="${escapeHtml(href.trim())}">${inner}</a>` : inner;
  }
  return html;
}

function linkOf(node: Json): string | null {
  if (node.type !== "text" || !Array.isArray(node.marks)) return null;
  const link = node.marks.find((mark) => isObject(mark) && mark.type === "link") as Json | undefined;
  return link ? stringOf(attrsOf(link).href) : null;
}

/**
 * One inline node as HTML. Outside a link (`phones` given), the email addresses in its text become links, and its
 * phone numbers too when `phones` is true; inside a link (`phones` undefined), its text stays text.
 */
function renderInlineNode(node: Json, phones?: boolean): string {
  if (node.type === "hardBreak") return "<br>";
  if (node.type !== "text") return "";
  const text =
    phones === undefined ? escapeHtml(keepTogether(stringOf(node.text))) : linkAddresses(stringOf(node.text), phones);
  const bold = Array.isArray(node.marks) && node.marks.some((mark) => isObject(mark) && mark.type === "bold");
  const strong = bold ? `<strong>${text}</strong>` : text;
  // Words in another language than the document's: screen readers switch voice, and their direction is kept.
  const language = Array.isArray(node.marks)
    ? (node.marks.find((mark) => isObject(mark) && mark.type === "language") as Json | undefined)
    : undefined;
  const code = language ? stringOf(attrsOf(language).lang) : "";
  if (!code || !isKnownLanguage(code)) return strong;
  const { code: lang, direction } = languageOf(code);
  return `<span lang="${escapeHtml(lang)}" dir="${direction}">${strong}</span>`;
}

function renderImage(src: string, alt: string, decorative: boolean, extra = ""): string {
  if (!isAllowedImageSource(src)) return "";
  // A picture with no description and not marked decorative keeps its missing alt: the checks must see it.
  const altAttribute = decorative ? ' alt=""' : alt.trim() ? ` alt="${escapeHtml(alt.trim())}"` : "";
  return `<img src="${escapeHtml(src.trim())}"${altAttribute}${extra}>`;
}

/**
 * ` dir="…"` for a paragraph whose first letter reads the other way from the document (English in an Arabic leaflet),
 * as the PDF sets it; nothing otherwise.
 */
function ownDirection(node: Json, context: RenderContext): string {
  const text = childrenOf(node)
    .map((child) => stringOf(child.text))
    .join("");
  const direction = firstStrongDirection(text, context.direction);
  return direction === context.direction ? "" : ` dir="${direction}"`;
}

/** How the web version writes one block (`at`: its position attribute; `contentPos`: where its content starts). */
type HtmlBlockRenderer = (node: Json, at: string, contentPos: number, context: RenderContext) => string;

/** Every block type's HTML: a type declared in app/domain/blocks.ts without a renderer here does not compile. */
const HTML_BLOCKS: Record<BlockType, HtmlBlockRenderer> = {
  paragraph: (node, at, _pos, context) =>
    `<p${at}${ownDirection(node, context)}>${renderInline(childrenOf(node), context)}</p>`,
  heading: (node, at, _pos, context) => {
    const level = Math.min(6, Math.max(2, Number(attrsOf(node).level) || 3));
    return `<h${level}${at}${ownDirection(node, context)}>${renderInline(childrenOf(node), context)}</h${level}>`;
  },
  bulletList: (node, at, contentPos, context) => `<ul${at}>${renderChildren(node, contentPos, context)}</ul>`,
  orderedList: (node, at, contentPos, context) => {
    const start = Number(attrsOf(node).start);
    const startAttribute = Number.isInteger(start) && start !== 1 ? ` start="${start}"` : "";
    return `<ol${at}${startAttribute}>${renderChildren(node, contentPos, context)}</ol>`;
  },
  image: (node, at) => {
    const attrs = attrsOf(node);
    const image = renderImage(stringOf(attrs.src), stringOf(attrs.alt), attrs.decorative === true, at);
    return image ? `<p class="cp-picture">${image}</p>` : "";
  },
  keyInfo: (node, at, contentPos, context) =>
    `<div class="cp-key-info" role="note"${at}>${renderChildren(node, contentPos, context)}</div>`,
  contactBlock: (node, at, contentPos, context) =>
    `<address class="cp-contact"${at}>${renderChildren(node, contentPos, { ...context, contact: true })}</address>`,
  easyReadRow: (node, at, contentPos, context) => {
    const attrs = attrsOf(node);
    const src = stringOf(attrs.imageSrc);
    const picture = src ? renderImage(src, stringOf(attrs.imageAlt), false) : "";
    return (
      `<div class="cp-easy-read-row"${at}>` +
      `<div class="cp-easy-read-row__picture">${picture}</div>` +
      `<div class="cp-easy-read-row__text">${renderChildren(node, contentPos, context)}</div></div>`
    );
  },
};

/** A list's item (not a block of its own): one paragraph is written without the <p>, as people write lists. */
function renderListItem(node: Json, at: string, contentPos: number, context: RenderContext): string {
  const children = childrenOf(node);
  if (children.length === 1 && children[0]!.type === "paragraph") {
    // The words read in their own direction; the bullet stays on the list's side (inside the page).
    const dir = ownDirection(children[0]!, context);
    const words = renderInline(childrenOf(children[0]!), context);
    return `<li${at}>${dir ? `<span${dir}>${words}</span>` : words}</li>`;
  }
  return `<li${at}>${renderChildren(node, contentPos, context)}</li>`;
}

/** Renders a block node that starts at ProseMirror position `pos`. */
function renderBlock(node: Json, pos: number, context: RenderContext): string {
  if (printsNothing(node)) return "";
  const at = positionAttribute(context, pos, node);
  const contentPos = pos + 1;
  if (node.type === "listItem") return renderListItem(node, at, contentPos, context);
  if (isBlockType(node.type)) return HTML_BLOCKS[node.type](node, at, contentPos, context);
  // A node this renderer does not know (from a newer schema): keep its text rather than lose it (the web version is
  // lenient; the PDF's reader refuses such a document).
  return childrenOf(node).length ? `<div${at}>${renderChildren(node, contentPos, context)}</div>` : "";
}

function renderChildren(node: Json, contentPos: number, context: RenderContext): string {
  let html = "";
  let pos = contentPos;
  for (const child of childrenOf(node)) {
    html += renderBlock(child, pos, context);
    pos += nodeSize(child);
  }
  return html;
}

interface SectionPlan {
  node: Json;
  pos: number;
  id: string;
  rawId: string;
  title: string;
}

function planSections(content: unknown, context: RenderContext): SectionPlan[] {
  const root = isObject(content) ? content : { type: "doc", content: [] };
  const sections: SectionPlan[] = [];
  let pos = 0;
  for (const node of childrenOf(root)) {
    if (node.type === "section") {
      const attrs = attrsOf(node);
      const rawId = stringOf(attrs.id);
      sections.push({ node, pos, id: uniqueId(context, rawId), rawId, title: stringOf(attrs.title).trim() });
    }
    pos += nodeSize(node);
  }
  return sections;
}

function renderSection(section: SectionPlan, index: number, context: RenderContext): string {
  const attrs = attrsOf(section.node);
  const note = stringOf(attrs.contentNote).trim();
  const headingId = `${section.id}-title`;
  const number = context.stages[index];
  const stage = number ? `<span class="cp-stage"><span class="cp-visually-hidden">Stage </span>${number}</span> ` : "";
  const heading = section.title ? `<h2 id="${headingId}">${stage}${escapeHtml(section.title)}</h2>` : "";
  const label = section.title ? ` aria-labelledby="${headingId}"` : "";
  const sourceAttributes = context.positions
    ? ` data-section-id="${escapeHtml(section.rawId)}" data-pm-range="${section.pos}-${section.pos + nodeSize(section.node)}"`
    : "";
  return (
    `<section class="cp-section" id="${section.id}"${label}${sourceAttributes}>` +
    heading +
    (note
      ? `<p class="cp-content-note"><strong>${escapeHtml(context.words.contentNote)}</strong> ${escapeHtml(note)}</p>`
      : "") +
    renderChildren(section.node, section.pos + 1, context) +
    `</section>`
  );
}

/** The stylesheet of a rendered document: brand colours, fonts and sizes, for screen and print. */
export function renderDocumentCss(template: Template, design: Design, language?: string): string {
  const geometry = pageGeometry(template, design);
  const { colours } = design;
  const type = geometry.type;
  // A language the brand fonts do not cover puts its script's font first; the brand font still sets Latin words.
  const script = scriptFontFor(language);
  const stack = (font: Design["bodyFont"]) => (script ? `"${script.family}", ${fontStack(font)}` : fontStack(font));
  const lineHeight = script ? Math.max(type.lineHeight, script.lineHeight) : type.lineHeight;
  const { margins } = geometry;
  const pageSize = `${template.page.size} ${template.page.orientation}`;
  return `${scriptFontFaceCss(language)}
.cp-doc{color:${colours.text};background:${colours.background};font-family:${stack(design.bodyFont)};font-size:${type.body}pt;line-height:${lineHeight};text-align:start;max-width:40em;margin:0 auto;padding:0 1rem 2rem}
.cp-doc *{box-sizing:border-box}
.cp-doc h1,.cp-doc h2,.cp-doc h3,.cp-doc h4{font-family:${stack(design.headingFont)};line-height:${script ? Math.max(1.25, script.lineHeight * 0.9) : 1.25};margin:1.2em 0 .5em;text-align:start}
.cp-doc h2,.cp-doc h3,.cp-doc h4{color:${colours.primary}}
.cp-doc h2{font-size:${type.h2}pt}.cp-doc h3{font-size:${type.h3}pt}.cp-doc h4{font-size:${type.h4}pt}
.cp-doc p,.cp-doc ul,.cp-doc ol{margin:0 0 .75em}
.cp-doc li{margin-bottom:.35em}
.cp-doc a{color:${colours.primary};text-decoration:underline;text-underline-offset:.15em}
.cp-doc a:focus-visible{outline:3px solid #ffdd00;outline-offset:0;background:#ffdd00;color:#0b0c0c;box-shadow:0 0 0 6px #0b0c0c}
.cp-doc img{max-width:100%;height:auto}
.cp-nobr{white-space:nowrap}.cp-address{overflow-wrap:anywhere}
.cp-cover{background:${colours.primary};color:${colours.onPrimary};padding:1.25rem 1rem;margin:0 -1rem 1.5rem}
.cp-cover h1{color:${colours.onPrimary};font-size:${type.h1}pt;margin:0}
.cp-publisher{font-weight:700;margin:.75rem 0 0}
.cp-cover-picture{display:block;max-width:100%;max-height:20rem;width:auto;height:auto;margin:1rem 0 0;border-radius:4px}
.cp-skip-link{position:absolute;top:0;inset-inline-start:.5rem;transform:translateY(-150%);padding:.5rem 1rem;background:#ffdd00;color:#0b0c0c}
.cp-skip-link:focus{transform:none;top:.5rem;z-index:10}
.cp-quick-exit{display:inline-block;margin:0 0 1rem;padding:.5rem 1rem;background:${colours.background};color:${colours.text};font-weight:700}
.cp-visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.cp-stage{display:inline-block;min-width:1.7em;padding:0 .35em;border-radius:999px;background:${colours.primary};color:${colours.onPrimary};text-align:center}
.cp-contents ol{padding-inline-start:1.5em}
.cp-content-note{border-inline-start:3px solid ${colours.muted};padding-inline-start:.6em;font-size:${type.small}pt}
.cp-key-info{border-inline-start:6px solid ${colours.accent};background:${accentTint(colours)};padding:.5em 1em;margin:0 0 1em}
.cp-key-info>:last-child{margin-bottom:0}
.cp-contact{border:2px solid ${colours.primary};padding:.75em 1em;margin:0 0 1em;font-style:normal}
.cp-easy-read-row{display:grid;grid-template-columns:30% 1fr;gap:1em;align-items:start;margin:0 0 1em}
.cp-logo{display:block;width:auto;height:auto;max-height:4rem;max-width:min(14rem,60%);margin:0 0 .75rem;padding:.25rem;background:${colours.background};border-radius:.25rem}
.cp-logo-right{margin-inline-start:auto}
.cp-footer .cp-logo{margin:0 0 .5rem;padding:0}
.cp-footer{color:${colours.muted};font-size:${type.small}pt;border-top:1px solid ${colours.muted};margin-top:2rem;padding-top:.75rem}
.cp-draft-note{font-weight:700;margin:.5rem 0 0}
.cp-draft-mark{position:fixed;top:40%;left:0;right:0;overflow:hidden;text-align:center;pointer-events:none;z-index:5}
.cp-draft-mark::before{content:"Draft";display:inline-block;font-size:72pt;font-weight:700;color:rgba(177,25,15,.14);transform:rotate(-30deg)}
@page{size:${pageSize};margin:${margins.top}mm ${margins.right}mm ${margins.bottom}mm ${margins.left}mm}
@media print{
.cp-doc{max-width:none;padding:0}
.cp-doc,.cp-cover,.cp-stage{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.cp-skip-link,.cp-quick-exit{display:none}
.cp-cover{margin:0 0 1.5rem}
.cp-doc h2,.cp-doc h3,.cp-doc h4{break-after:avoid}
.cp-doc li,.cp-key-info,.cp-contact,.cp-easy-read-row,.cp-picture,.cp-content-note{break-inside:avoid}
.cp-section a[href^="http"]::after{content:" (" attr(href) ")";word-break:break-all}
}`.trim();
}

/** A canonical document as an accessible HTML page (or the document's markup alone, with `standalone: false`). */
export function renderDocumentHtml(document: RenderableDocument, options: RenderHtmlOptions): string {
  const { template, design } = options;
  const context: RenderContext = {
    words: pageWordsFor(document.meta.language),
    direction: languageOf(document.meta.language).direction,
    positions: options.sourcePositions === true,
    numberedStages: template.rules.numberedStages,
    stages: [],
    usedIds: new Set(),
  };
  const title = document.meta.title.trim() || "Untitled document";
  const language = safeLanguage(document.meta.language);
  const allSections = planSections(document.content, context);
  context.stages = stageNumbers(
    allSections.map((section) => section.node),
    context.numberedStages,
  );
  const only = options.onlySections;
  const indices = only ? only.indices.filter((index) => index >= 0 && index < allSections.length) : null;
  const sections = indices ? indices.map((index) => ({ index, section: allSections[index]! })) : null;
  const quickExit = options.quickExit ?? design.quickExit;
  // Copress's own few English words in a page in another language say so, so screen readers pronounce them right.
  const english = isEnglish(language) ? "" : ' lang="en" dir="ltr"';
  const draft = options.draftWatermark === true;

  const contents =
    template.rules.contentsPage && (only?.contents ?? true) && allSections.some((section) => section.title)
      ? `<nav class="cp-contents" aria-labelledby="cp-contents-title"><h2 id="cp-contents-title">${escapeHtml(pageWordsFor(language).contents)}</h2><ol>` +
        allSections
          .filter((section) => section.title)
          .map((section) => `<li><a href="#${section.id}">${escapeHtml(section.title)}</a></li>`)
          .join("") +
        `</ol></nav>`
      : "";
  const footerText = design.footerText.trim();
  const logo = options.logo && isAllowedImageSource(options.logo.src) ? options.logo : undefined;
  const logoAt = (where: "cover" | "footer") => {
    if (!logo || (where === "footer") !== (design.logoPlacement === "back-page")) return "";
    const right = where === "cover" && design.logoPlacement === "top-right" ? " cp-logo-right" : "";
    return renderImage(logo.src, logo.alt, false, ` class="cp-logo${right}"`);
  };
  const cover = design.coverPicture
    ? { ...design.coverPicture, src: options.coverPictureSrc ?? design.coverPicture.src }
    : null;
  const coverPicture =
    cover && isAllowedImageSource(cover.src)
      ? // What it shows, or nothing for a picture that is only decoration (an empty description), as in the PDF.
        renderImage(cover.src, cover.alt, !cover.alt.trim(), ' class="cp-cover-picture"')
      : "";
  const credits = documentCredits(document.content, coverPicture ? cover : null)
    .map((credit) => `<p class="cp-credit"${english}>${escapeHtml(credit)}</p>`)
    .join("");
  const download =
    options.pdfHref && /^\/[\w./?=-]+$/.test(options.pdfHref)
      ? `<p class="cp-download"${english}><a href="${escapeHtml(options.pdfHref)}" download>Download this as a PDF</a> (to print or keep)</p>`
      : "";
  const footer = logoAt("footer") + (footerText ? `<p>${escapeHtml(footerText)}</p>` : "") + download + credits;
  // Inside another page (a preview) the host page owns the landmarks, so the document's become plain boxes.
  const box = (landmark: "header" | "main" | "footer") => (options.standalone ? landmark : "div");
  const body =
    `<${box("header")} class="cp-cover">` +
    (quickExit
      ? `<a class="cp-quick-exit" href="${QUICK_EXIT_URL}" rel="noreferrer"${english}>Exit this page</a>`
      : "") +
    logoAt("cover") +
    `<h1>${escapeHtml(title)}</h1>` +
    (options.publisher?.trim() ? `<p class="cp-publisher">${escapeHtml(options.publisher.trim())}</p>` : "") +
    (draft ? `<p class="cp-draft-note"${english}>Draft: this version has not been signed off.</p>` : "") +
    coverPicture +
    `</${box("header")}>` +
    contents +
    `<${box("main")}${options.standalone ? ' id="cp-main"' : ""} class="cp-main">` +
    (sections
      ? sections.map(({ section, index }) => renderSection(section, index, context))
      : allSections.map((section, index) => renderSection(section, index, context))
    ).join("") +
    `</${box("main")}>` +
    (footer ? `<${box("footer")} class="cp-footer">${footer}</${box("footer")}>` : "") +
    // The watermark is drawn by CSS (no text node): it is decoration, and the draft note above says it in words.
    (draft ? `<div class="cp-draft-mark" aria-hidden="true"></div>` : "");

  const dir = languageOf(language).direction;
  if (!options.standalone) return `<div class="cp-doc" lang="${escapeHtml(language)}" dir="${dir}">${body}</div>`;
  const nonce = options.styleNonce ? ` nonce="${escapeHtml(options.styleNonce)}"` : "";
  const css = (options.includeFontFaces ? `${fontFaceCss()}\n` : "") + renderDocumentCss(template, design, language);
  return (
    `<!doctype html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style${nonce}>${css}</style></head>` +
    `<body class="cp-doc cp-template-${escapeHtml(template.id)}">` +
    `<a class="cp-skip-link" href="#cp-main"${english}>Skip to main content</a>` +
    body +
    `</body></html>`
  );
}
