/**
 * The document the worker threads check and render when the server starts (WARM_WORKERS): the demo guide (about 900
 * words with headings, lists, key information and contact details). Loading the rules, jsdom, axe-core, react-pdf
 * and the fonts, and compiling their code for real text, is what makes a cold check or PDF slow: a small document
 * would load everything but leave the code for long documents unoptimised.
 */
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { defaultDesign } from "../../app/domain/design";
import type { Template } from "../../app/domain/template";
import { demoDocuments } from "../demo/demo-content";

export function warmUpDocument(template: Template): CanonicalDocument {
  const guide = demoDocuments.find((document) => document.templateId === "a4-guide") ?? demoDocuments[0]!;
  return {
    content: {
      type: "doc",
      content: guide.sections.map((section, index) => ({
        type: "section",
        attrs: {
          id: `warm-up-${index + 1}`,
          title: section.title,
          owner: null,
          status: "drafting",
          contentNote: section.contentNote ?? null,
        },
        content: section.blocks,
      })),
    },
    meta: { title: guide.title, language: "en-GB", readingAge: template.rules.readingAge },
    design: defaultDesign(template.id) as unknown as Record<string, unknown>,
  };
}
