import { describe, expect, it } from "vitest";
import { documentCredits, OPENMOJI_CREDIT, pictureCredits } from "./picture-credits";

describe("picture credits", () => {
  it("lists each credit the document's pictures carry once, in the order they appear", () => {
    const content = {
      type: "doc",
      content: [
        {
          type: "section",
          content: [
            { type: "image", attrs: { src: "/uploads/a", alt: "A house", credit: OPENMOJI_CREDIT } },
            { type: "image", attrs: { src: "/uploads/b", alt: "Our office", credit: null } },
            {
              type: "easyReadRow",
              attrs: { imageSrc: "/uploads/c", imageAlt: "A doctor", imageCredit: OPENMOJI_CREDIT },
              content: [],
            },
            {
              type: "easyReadRow",
              attrs: { imageSrc: "/uploads/d", imageAlt: "Phone", imageCredit: "Photo: Sam" },
              content: [],
            },
            // A row whose picture was taken out owes nobody a credit.
            { type: "easyReadRow", attrs: { imageSrc: null, imageAlt: "", imageCredit: "Old credit" }, content: [] },
          ],
        },
      ],
    };
    expect(pictureCredits(content)).toEqual([OPENMOJI_CREDIT, "Photo: Sam"]);
    expect(pictureCredits(null)).toEqual([]);
  });
});

describe("the credits a document prints", () => {
  const page = (credit: string) => ({
    type: "doc",
    content: [{ type: "image", attrs: { src: "/uploads/a", alt: "A house", credit } }],
  });
  it("puts a library cover picture's credit first, once, before the pages' pictures' credits", () => {
    expect(documentCredits(page("Photo: Sam"), { credit: OPENMOJI_CREDIT })).toEqual([OPENMOJI_CREDIT, "Photo: Sam"]);
    expect(documentCredits(page(OPENMOJI_CREDIT), { credit: OPENMOJI_CREDIT })).toEqual([OPENMOJI_CREDIT]);
  });
  it("adds nothing for a cover picture without a credit (one of the group's own), or none at all", () => {
    expect(documentCredits(page("Photo: Sam"), { credit: "  " })).toEqual(["Photo: Sam"]);
    expect(documentCredits(page("Photo: Sam"), {})).toEqual(["Photo: Sam"]);
    expect(documentCredits(page("Photo: Sam"), null)).toEqual(["Photo: Sam"]);
  });
});
