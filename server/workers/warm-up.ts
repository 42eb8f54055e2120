/**
 * A small document the worker threads check and render once when the server starts (WARM_WORKERS): loading the
 * rules, jsdom, axe-core, react-pdf and the fonts, and compiling their code, is what makes a cold check or PDF
 * slow, and a small document pays all of it.
 */
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { defaultDesign } from "../../app/domain/design";
import type { Template } from "../../app/domain/template";

export function warmUpDocument(template: Template): CanonicalDocument {
  return {
    content: {
      type: "doc",
      content: [
        {
          type: "section",
          attrs: { id: "getting-ready", title: "Getting ready" },
          content: [
            { type: "paragraph", content: [{ type: "text", text: "Copress reads this to get ready." }] },
            {
              type: "bulletList",
              content: [
                {
                  type: "listItem",
                  content: [{ type: "paragraph", content: [{ type: "text", text: "It is never saved." }] }],
                },
              ],
            },
          ],
        },
      ],
    },
    meta: { title: "Getting ready", language: "en-GB", readingAge: template.rules.readingAge },
    design: defaultDesign(template.id) as unknown as Record<string, unknown>,
  };
}
