/** Plain names for rules, severities and sources, for the checks page, the panel and the editor. */
import type { CheckSource, Severity } from "./types";

export const SEVERITY_LABELS: Record<Severity, { name: string; plural: string; explanation: string }> = {
  blocker: {
    name: "Must fix",
    plural: "Must fix",
    explanation: "Stops some readers. It must be fixed before sign-off.",
  },
  warning: {
    name: "Should fix",
    plural: "Should fix",
    explanation: "Makes it harder for some readers. Fix it, or say why it is right as it is.",
  },
  tip: { name: "Tip", plural: "Tips", explanation: "A suggestion that may make it easier to read." },
};

export const SOURCE_LABELS: Record<CheckSource, string> = {
  axe: "Accessibility checker",
  readability: "Reading level",
  language: "Words",
  contrast: "Colours",
  template: "Layout and structure",
};

export const RULE_NAMES: Record<string, string> = {
  "template-text": "Template text is still here",
  "blank-page": "Blank page",
  "pages-not-checked": "Pages not checked yet",
  "does-not-fit": "Does not fit the template",
  "text-shrunk": "Text printed smaller to fit",
  "section-over-flap": "Section split onto the tri-fold's flap",
  "fewer-pages": "Fewer pages than the template",
  "spare-panels": "Tri-fold panels without words",
  "image-alt": "Picture without a description",
  "heading-order": "Heading level skipped",
  "heading-level": "Heading level the template does not use",
  "empty-heading": "Empty heading",
  "bold-as-heading": "Bold line that looks like a heading",
  "link-text": "Link words that do not say where they go",
  "link-address": "Link address that cannot be used",
  "empty-section": "Empty section",
  "untitled-section": "Section without a title",
  "content-note": "Sensitive topic without a content note",
  "block-not-in-template": "Block the template has no place for",
  "min-font-size": "Text too small",
  "justified-text": "Justified text",
  "colour-contrast": "Colours too close together",
  "brand-lock": "Locked brand element missing or changed",
  "long-sentence": "Long sentence",
  "hard-sentence": "Hard sentence",
  "lived-experience": "Words many people find stigmatising",
  equality: "Words some people find hurtful",
  "simpler-words": "Simpler word",
  "passive-voice": "Passive sentence",
  "uk-spelling": "American spelling",
  acronym: "Acronym not explained",
  "easy-read-picture": "Easy Read row without a picture",
  "easy-read-no-pictures": "Easy Read section with no pictures",
  "easy-read-one-idea": "More than one idea in a sentence",
  "easy-read-hard-word": "Hard word not explained",
};

export function ruleName(rule: string): string {
  return RULE_NAMES[rule] ?? (rule.startsWith("axe-") ? `Accessibility: ${rule.slice(4)}` : rule);
}
