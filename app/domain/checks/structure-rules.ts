/**
 * Template and structure rules for one section: template hints nobody has filled in and the template's example
 * words left as they were, pictures without alt text, heading order and levels, vague link text, links that cannot
 * be used, empty or untitled sections, blocks the template does not use, and content notes for sections about
 * sensitive topics. Ranges are section-relative (see text-model.ts).
 */
import { normaliseStarterText } from "../placeholders";
import { isAllowedHref } from "../links";
import type { Template } from "../template";
import type { SectionModel } from "./text-model";
import type { Finding } from "./types";

export type SectionFinding = Omit<Finding, "id" | "sectionId">;

/** Link text that does not say where the link goes (and "click" means nothing on paper). */
const VAGUE_LINK_TEXT = new Set([
  "here",
  "click here",
  "click",
  "tap here",
  "press here",
  "read more",
  "more",
  "this",
  "this link",
  "link",
  "more info",
  "more information",
  "find out more",
  "learn more",
  "go here",
  "see here",
  "this page",
  "website",
  "details",
  "click this link",
]);

export function isVagueLinkText(text: string): boolean {
  const normal = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return VAGUE_LINK_TEXT.has(normal) || /^(click|tap|press) (here|this)\b/.test(normal);
}

/**
 * Topics that call for a content note. Strong topics need one mention; broader words ("abuse") need two, so a
 * passing mention ("where to get help if you are being abused") does not ask for a note.
 */
const SENSITIVE_TOPICS: ReadonlyArray<{ topic: string; pattern: RegExp; mentions: number }> = [
  { topic: "suicide", pattern: /\bsuicid(e|es|al)\b/gi, mentions: 1 },
  { topic: "self-harm", pattern: /\bself[- ]harm(s|ing|ed)?\b/gi, mentions: 1 },
  {
    topic: "sexual violence",
    pattern: /\b(rape[ds]?|raping|sexual (assault|abuse|violence)|sexually (assaulted|abused))\b/gi,
    mentions: 1,
  },
  { topic: "overdose", pattern: /\boverdos(e|es|ed|ing)\b/gi, mentions: 1 },
  { topic: "eating disorders", pattern: /\b(eating disorders?|anorexia|bulimia)\b/gi, mentions: 1 },
  {
    topic: "domestic abuse",
    pattern: /\b(domestic (abuse|violence)|coercive control|abusive relationships?)\b/gi,
    mentions: 2,
  },
  {
    topic: "abuse or violence",
    pattern: /\b(abuse[ds]?|abusive|abusing|violence|violent|neglect(ed)?)\b/gi,
    mentions: 2,
  },
];

/**
 * Unfinished template content, a blocker: every hint nobody has written over (the block prints nothing), and every
 * block whose words are exactly one of the templates' starter texts (documents made before hints existed, or words
 * typed in from a hint). `starterTexts` are normalised (`starterTextsOf`).
 */
export function checkTemplateText(model: SectionModel, starterTexts: ReadonlySet<string>): SectionFinding[] {
  const findings: SectionFinding[] = [];
  for (const hint of model.hints) {
    findings.push({
      rule: "template-text",
      source: "template",
      severity: "blocker",
      range: { from: hint.from, to: hint.to },
      target: "node",
      text: hint.hint,
      message: `Nothing is written here yet. “${hint.hint}” is a hint from the template, and hints are never printed.`,
      help: "Write your own words where the grey hint is, or delete the line if you do not need it.",
    });
  }
  for (const segment of model.segments) {
    if (segment.kind === "title") continue;
    const words = model.text.slice(segment.start, segment.end);
    if (!words.trim() || !starterTexts.has(normaliseStarterText(words))) continue;
    findings.push({
      rule: "template-text",
      source: "template",
      severity: "blocker",
      range: { from: segment.pos, to: segment.pos + words.length },
      target: "text",
      text: words.trim(),
      message: `“${words.trim()}” is the template's example text, not yours, so it would be printed just like that.`,
      help: "Write your own words instead, or delete it if you do not need it.",
    });
  }
  return findings;
}

export function checkSectionStructure(
  model: SectionModel,
  template: Template,
  starterTexts: ReadonlySet<string> = new Set(),
): SectionFinding[] {
  const findings: SectionFinding[] = checkTemplateText(model, starterTexts);
  const sectionRange = { from: 0, to: model.node.nodeSize };

  if (!model.title) {
    findings.push({
      rule: "untitled-section",
      source: "template",
      severity: "warning",
      range: sectionRange,
      target: "title",
      text: "Untitled section",
      message: "This section has no title. Readers use titles to find their way, and screen readers announce them.",
      help: "Give the section a short title that says what it is about.",
    });
  }

  // A section holding only unfilled hints is reported hint by hint above, which says where to write.
  if (model.bodyTextLength === 0 && model.images.length === 0 && model.hints.length === 0) {
    findings.push({
      rule: "empty-section",
      source: "template",
      severity: "blocker",
      range: sectionRange,
      target: "node",
      text: model.title || "Untitled section",
      message: "This section is empty, so it would print as a heading with nothing under it.",
      help: "Write something in this section, or delete the section if you do not need it.",
    });
  }

  // The section title is printed as heading level 2, so the first heading inside may be level 3.
  let previousLevel = 2;
  for (const heading of model.headings) {
    const range = { from: heading.from, to: heading.to };
    if (!heading.text && !heading.hint) {
      findings.push({
        rule: "empty-heading",
        source: "template",
        severity: "warning",
        range,
        target: "node",
        text: "Empty heading",
        message: "This heading has no words. Screen readers announce it as an empty heading.",
        help: "Type the heading's words, or turn it back into a paragraph.",
      });
    }
    if (heading.level > previousLevel + 1) {
      findings.push({
        rule: "heading-order",
        source: "template",
        severity: "warning",
        range,
        target: "node",
        text: heading.text || "Empty heading",
        message: `This heading jumps from level ${previousLevel} to level ${heading.level}. People who use screen readers move around by headings, and a skipped level makes them think something is missing.`,
        help: `Make it a level ${previousLevel + 1} heading.`,
        suggestions: [`Heading level ${previousLevel + 1}`],
      });
    } else if (!template.rules.headingLevels.includes(heading.level as 2 | 3 | 4)) {
      const allowed = template.rules.headingLevels.join(" or ");
      findings.push({
        rule: "heading-level",
        source: "template",
        severity: "warning",
        range,
        target: "node",
        text: heading.text || "Empty heading",
        message: `${template.name} uses heading level ${allowed} inside sections, not level ${heading.level}.`,
        help: `Make it a level ${template.rules.headingLevels[0]} heading so it looks right when printed.`,
      });
    }
    previousLevel = heading.level;
  }

  for (const paragraph of model.boldParagraphs) {
    const words = paragraph.text.split(/\s+/).length;
    // Short, all bold, no closing punctuation, and followed by more text: it reads as a heading.
    if (!paragraph.followed || words > 12 || /[.!?:;,]$/.test(paragraph.text)) continue;
    findings.push({
      rule: "bold-as-heading",
      source: "template",
      severity: "warning",
      range: { from: paragraph.from, to: paragraph.to },
      target: "node",
      text: paragraph.text,
      message:
        "This line is all in bold, so it looks like a heading, but screen readers and the contents list will not treat it as one.",
      help: `If it is a heading, make it a level ${template.rules.headingLevels[0]} heading. If not, make only the most important words bold.`,
      sourceNote: "WCAG 2.2, success criterion 1.3.1",
    });
  }

  for (const image of model.images) {
    if (image.decorative || image.alt.trim()) continue;
    findings.push({
      rule: "image-alt",
      source: "template",
      severity: "blocker",
      range: { from: image.from, to: image.to },
      target: "node",
      text: image.kind === "easyReadRow" ? "Picture in an Easy Read row" : "Picture",
      message: "This picture has no description (alt text), so people who cannot see it will miss what it shows.",
      help: "Describe what the picture shows in a short sentence. If it is only decoration, mark it as decorative instead.",
      sourceNote: "WCAG 2.2, success criterion 1.1.1",
    });
  }

  for (const link of model.links) {
    const range = { from: link.from, to: link.to };
    if (!isAllowedHref(link.href)) {
      findings.push({
        rule: "link-address",
        source: "template",
        severity: "warning",
        range,
        target: "text",
        text: link.text,
        message: `This link's address (“${link.href}”) cannot be used, so it will not be a link in the leaflet.`,
        help: "Use a web address starting with https://, an email address (mailto:) or a phone number (tel:).",
      });
    }
    if (isVagueLinkText(link.text)) {
      findings.push({
        rule: "link-text",
        source: "template",
        severity: "warning",
        range,
        target: "text",
        text: link.text,
        message: `Link words like “${link.text.trim()}” do not say where the link goes, and nobody can click on paper.`,
        help: "Use words that say where the link goes, for example “Women’s Aid website”, and print the address too.",
        sourceNote: "WCAG 2.2, success criterion 2.4.4",
      });
    }
  }

  const allowedBlocks = new Set<string>(template.allowedBlocks);
  for (const block of model.blocks) {
    if (allowedBlocks.has(block.type)) continue;
    findings.push({
      rule: "block-not-in-template",
      source: "template",
      severity: "warning",
      range: { from: block.from, to: block.to },
      target: "node",
      text: BLOCK_LABELS[block.type] ?? block.type,
      message: `${template.name} does not have a place for ${(BLOCK_LABELS[block.type] ?? block.type).toLowerCase()}, so it may not print as you expect.`,
      help: "Change it into something this template uses, or choose a different template.",
    });
  }

  if (!model.contentNote) {
    const topic = sensitiveTopicOf(model);
    if (topic) {
      findings.push({
        rule: "content-note",
        source: "template",
        severity: "warning",
        range: topic.range,
        target: topic.range.from === 0 ? "title" : "text",
        text: topic.words,
        message: `This section talks about ${topic.topic}. Some readers may want to know that before they read it.`,
        help: `Add a short content note to the section, for example “This section talks about ${topic.topic}.”`,
      });
    }
  }

  return findings;
}

const BLOCK_LABELS: Record<string, string> = {
  paragraph: "Paragraphs",
  heading: "Headings",
  bulletList: "Bullet lists",
  orderedList: "Numbered lists",
  image: "Pictures",
  keyInfo: "Key information boxes",
  contactBlock: "Contact boxes",
  easyReadRow: "Easy Read rows",
};

function sensitiveTopicOf(
  model: SectionModel,
): { topic: string; words: string; range: { from: number; to: number } } | undefined {
  for (const { topic, pattern, mentions } of SENSITIVE_TOPICS) {
    const matches = [...model.text.matchAll(pattern)];
    if (matches.length < mentions) continue;
    const first = matches[0]!;
    const segment = model.segments.find((s) => first.index >= s.start && first.index < s.end);
    if (!segment) continue;
    const range =
      segment.kind === "title"
        ? { from: 0, to: model.node.nodeSize }
        : {
            from: segment.pos + (first.index - segment.start),
            to: segment.pos + (first.index - segment.start) + first[0].length,
          };
    return { topic, words: first[0], range };
  }
  return undefined;
}
