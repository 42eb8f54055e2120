import { describe, expect, it } from "vitest";
import { OPENMOJI_CREDIT, pictureCredits } from "./picture-credits";

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
