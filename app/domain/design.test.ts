import { describe, expect, it } from "vitest";
import { LARGE_PRINT_TEMPLATE_ID, defaultDesign, readDesign, storedDesign, templateSwitch } from "./design";

describe("large print is one setting: the large print template", () => {
  it("a document on the large print template is large print; every other template is not", () => {
    expect(readDesign({ templateId: LARGE_PRINT_TEMPLATE_ID }).largePrint).toBe(true);
    for (const templateId of ["a5-booklet", "a4-trifold", "a4-guide", "a4-easy-read"]) {
      expect(readDesign({ templateId }).largePrint, templateId).toBe(false);
    }
  });

  it("reads an older document's ticked large print box as the large print template", () => {
    const design = readDesign({ templateId: "a4-trifold", largePrint: true, coverStyle: "plain" });
    expect(design).toMatchObject({ templateId: LARGE_PRINT_TEMPLATE_ID, largePrint: true, coverStyle: "plain" });
  });

  it("an unticked box from an older document changes nothing", () => {
    expect(readDesign({ templateId: "a4-trifold", largePrint: false })).toMatchObject({
      templateId: "a4-trifold",
      largePrint: false,
    });
  });

  it("a stored large print flag cannot make a document on another template large print without switching it", () => {
    // The flag follows the template: a value that says otherwise is ignored.
    expect(readDesign({ templateId: LARGE_PRINT_TEMPLATE_ID, largePrint: false }).largePrint).toBe(true);
    expect(readDesign({ templateId: "a5-booklet", largePrint: "yes" }).largePrint).toBe(false);
  });

  it("the fallback template is used when the map has none yet, with the same rule", () => {
    expect(readDesign({}, "a4-guide")).toMatchObject({ templateId: "a4-guide", largePrint: false });
    expect(readDesign({}, LARGE_PRINT_TEMPLATE_ID).largePrint).toBe(true);
    expect(readDesign({ largePrint: true }, "a4-guide").templateId).toBe(LARGE_PRINT_TEMPLATE_ID);
  });

  it("new documents store no large print value, so there is nothing to disagree with the template", () => {
    expect(storedDesign(defaultDesign(LARGE_PRINT_TEMPLATE_ID))).not.toHaveProperty("largePrint");
    expect(storedDesign(defaultDesign("a5-booklet"))).toMatchObject({
      templateId: "a5-booklet",
      colours: defaultDesign("a5-booklet").colours,
    });
  });

  it("switching template removes an older document's tick, so switching away from large print sticks", () => {
    const switched = templateSwitch("a5-booklet");
    expect(switched).toEqual({ set: { templateId: "a5-booklet" }, remove: ["largePrint"] });
    const before: Record<string, unknown> = { templateId: "a5-booklet", largePrint: true };
    expect(readDesign(before).templateId).toBe(LARGE_PRINT_TEMPLATE_ID);
    const after: Record<string, unknown> = { ...before, ...switched.set };
    for (const key of switched.remove) delete after[key];
    expect(readDesign(after)).toMatchObject({ templateId: "a5-booklet", largePrint: false });
  });
});

describe("shapes on the cover", () => {
  it("a new document has them; a design map from before they existed reads as none, so its cover stays as it was", () => {
    expect(defaultDesign("a5-booklet").coverArt).toBe("shapes");
    expect(storedDesign(defaultDesign("a5-booklet")).coverArt).toBe("shapes");
    expect(readDesign(storedDesign(defaultDesign("a5-booklet"))).coverArt).toBe("shapes");
    expect(readDesign({ templateId: "a5-booklet", coverStyle: "band" }).coverArt).toBe("none");
    expect(readDesign({ templateId: "a5-booklet", coverArt: "none" }).coverArt).toBe("none");
    expect(readDesign({ templateId: "a5-booklet", coverArt: "sparkles" }).coverArt).toBe("none");
  });
});
