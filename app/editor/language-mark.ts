/**
 * Words in another language than the document's (issue 16): "Women's Aid" in a Welsh leaflet, an Arabic phrase in
 * an English one. The `language` mark carries the words' language (a code from app/domain/languages.ts); the web
 * version writes `<span lang dir>`, the PDF a `Span` with its own `/Lang`, so screen readers switch voice and
 * right-to-left words inside left-to-right text keep their order. Declared once, in the schema.
 */
import { Mark } from "@tiptap/core";
import { isKnownLanguage, languageOf } from "../domain/languages";

export const LanguageMark = Mark.create({
  name: "language",
  // Typing at the end of the words does not carry on in that language.
  inclusive: false,
  addAttributes() {
    return {
      lang: {
        default: null,
        parseHTML: (element) => element.getAttribute("lang"),
        renderHTML: (attributes) => {
          const code = typeof attributes.lang === "string" ? attributes.lang : "";
          if (!isKnownLanguage(code)) return {};
          const language = languageOf(code);
          return { lang: language.code, dir: language.direction };
        },
      },
    };
  },
  parseHTML() {
    // Only languages Copress knows: anything else is plain words.
    return [
      {
        tag: "span[lang]",
        getAttrs: (element) => (isKnownLanguage(element.getAttribute("lang") ?? "") ? null : false),
      },
    ];
  },
  renderHTML({ HTMLAttributes }) {
    return ["span", { ...HTMLAttributes, class: "language-mark" }, 0];
  },
});
