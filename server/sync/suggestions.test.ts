import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { openSuggestions } from "../../app/domain/suggestions";
import { buildInitialState, hashCanonical, readCanonical } from "../services/document-state";
import { decideSuggestion, findSuggestion, onlyOwnSuggestions, suggestionIdsOf } from "./suggestions";

/** A document with one section of one paragraph, "We help addicts and their families." */
function leaflet(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    buildInitialState({ title: "T", language: "en-GB", readingAge: "9–11" }, {}, [
      {
        title: "Support",
        owner: "wren",
        blocks: [{ type: "paragraph", content: [{ type: "text", text: "We help addicts and their families." }] }],
      },
    ]),
  );
  return doc;
}

const section = (doc: Y.Doc) => doc.getXmlFragment("content").get(0) as Y.XmlElement;
const text = (doc: Y.Doc) => (section(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const mark = (id: string, authorId: string) => ({ id, authorId, createdAt: "2026-12-05T10:00:00.000Z", reason: null });

/** A copy of the document, changed by `change`: the "after" of the server's comparison. */
function changed(doc: Y.Doc, change: (copy: Y.Doc) => void): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  change(copy);
  return copy;
}

/** Abi's replacement of "addicts" (8–15) by "people who use drugs". */
function replace(doc: Y.Doc, id = "sg-1", authorId = "abi") {
  doc.transact(() => {
    text(doc).format(8, 7, { deletion: mark(id, authorId) });
    text(doc).insert(15, "people who use drugs", { insertion: mark(id, authorId) });
  });
}

describe("the server's suggestion rule", () => {
  it("lets a person add and take back their own suggestions, and nothing else", () => {
    const doc = leaflet();
    const suggested = changed(doc, (copy) => replace(copy));
    expect(onlyOwnSuggestions(section(doc), section(suggested), "abi")).toBe(true);
    expect(suggestionIdsOf(section(suggested), "abi")).toEqual(new Set(["sg-1"]));
    // Taking her own suggested words back is hers to do too.
    const takenBack = changed(suggested, (copy) => text(copy).delete(15, "people who use drugs".length));
    expect(onlyOwnSuggestions(section(suggested), section(takenBack), "abi")).toBe(true);
    // Plain typing, a suggestion under someone else's id, touching someone else's suggestion, formatting: refused.
    expect(onlyOwnSuggestions(section(doc), section(changed(doc, (c) => text(c).insert(0, "Plain "))), "abi")).toBe(
      false,
    );
    expect(onlyOwnSuggestions(section(doc), section(changed(doc, (c) => replace(c, "sg-2", "wren"))), "abi")).toBe(
      false,
    );
    expect(
      onlyOwnSuggestions(section(suggested), section(changed(suggested, (c) => text(c).delete(15, 6))), "dana"),
    ).toBe(false);
    expect(
      onlyOwnSuggestions(section(doc), section(changed(doc, (c) => text(c).format(0, 2, { bold: {} }))), "abi"),
    ).toBe(false);
    // A malformed mark of her own is not a suggestion.
    const odd = changed(doc, (c) => text(c).insert(0, "x ", { insertion: { id: "sg-3", authorId: "abi", extra: 1 } }));
    expect(onlyOwnSuggestions(section(doc), section(odd), "abi")).toBe(false);
    // Removing the section is never a suggestion.
    expect(onlyOwnSuggestions(section(doc), null, "abi")).toBe(false);
  });

  it("lets a person suggest words into an empty paragraph (a template hint), where the editor adds a text for them", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(
      doc,
      buildInitialState({ title: "T", language: "en-GB", readingAge: "9–11" }, {}, [
        {
          title: "Steps",
          owner: "will",
          blocks: [{ type: "paragraph", attrs: { placeholder: "Write the first step here." } }],
        },
      ]),
    );
    const paragraph = (copy: Y.Doc) => section(copy).get(0) as Y.XmlElement;
    expect(paragraph(doc).length).toBe(0);
    const typeInto = (copy: Y.Doc, attributes?: Record<string, unknown>) =>
      copy.transact(() => {
        const words = new Y.XmlText();
        paragraph(copy).insert(0, [words]);
        words.insert(0, "Call the social worker.", attributes);
      });
    const suggested = changed(doc, (copy) => typeInto(copy, { insertion: mark("sg-4", "wren") }));
    expect(onlyOwnSuggestions(section(doc), section(suggested), "wren")).toBe(true);
    // Plain words there are still refused, and so is anyone else's name on them.
    expect(onlyOwnSuggestions(section(doc), section(changed(doc, (copy) => typeInto(copy))), "wren")).toBe(false);
    const asWill = changed(doc, (copy) => typeInto(copy, { insertion: mark("sg-5", "will") }));
    expect(onlyOwnSuggestions(section(doc), section(asWill), "wren")).toBe(false);
    // Her words taken back leave an empty text: the paragraph is as it was.
    const takenBack = changed(suggested, (copy) => (paragraph(copy).get(0) as Y.XmlText).delete(0, 23));
    expect(onlyOwnSuggestions(section(suggested), section(takenBack), "wren")).toBe(true);
  });
});

describe("deciding a suggestion in the Y.Doc", () => {
  it("accepting keeps the suggested words and removes the old ones; the hash is that of the words as written", () => {
    const doc = leaflet();
    const plain = hashCanonical(readCanonical(doc)).contentHash;
    replace(doc);
    const withSuggestion = readCanonical(doc);
    // The marks are part of the canonical document, so an approval is of the words with their open suggestions.
    expect(hashCanonical(withSuggestion).contentHash).not.toBe(plain);
    expect(openSuggestions(withSuggestion.content)).toMatchObject([{ id: "sg-1", kind: "replacement" }]);
    doc.transact(() => decideSuggestion(findSuggestion(doc, "sg-1")!, "accept"));
    expect(text(doc).toString()).toBe("We help people who use drugs and their families.");
    expect(openSuggestions(readCanonical(doc).content)).toEqual([]);
    expect(findSuggestion(doc, "sg-1")).toBeNull();
  });

  it("rejecting leaves the words as they were, with the same hash as before the suggestion", () => {
    const doc = leaflet();
    const plain = hashCanonical(readCanonical(doc)).contentHash;
    replace(doc);
    doc.transact(() => decideSuggestion(findSuggestion(doc, "sg-1")!, "reject"));
    expect(text(doc).toString()).toBe("We help addicts and their families.");
    expect(hashCanonical(readCanonical(doc)).contentHash).toBe(plain);
  });
});
