import { describe, expect, it } from "vitest";
import { DEFAULT_COLOURS } from "./design";
import { describeDesignChange } from "./design-change-words";

describe("describeDesignChange", () => {
  it("names each colour that changed, with both values, and nothing else", () => {
    const lines = describeDesignChange({
      key: "colours",
      from: DEFAULT_COLOURS,
      to: { ...DEFAULT_COLOURS, primary: "#5a2d82" },
    });
    expect(lines).toEqual([
      {
        what: "Main colour",
        from: DEFAULT_COLOURS.primary,
        to: "#5a2d82",
        colours: { from: DEFAULT_COLOURS.primary, to: "#5a2d82" },
      },
    ]);
  });

  it("uses the names people know: fonts, layouts, on and off, no setting names", () => {
    expect(describeDesignChange({ key: "headingFont", from: "atkinson-hyperlegible", to: "lexend" })).toEqual([
      { what: "Heading font", from: "Atkinson Hyperlegible", to: "Lexend" },
    ]);
    expect(
      describeDesignChange(
        { key: "templateId", from: "a5-booklet", to: "a4-trifold" },
        { "a5-booklet": "A5 booklet", "a4-trifold": "A4 tri-fold leaflet" },
      ),
    ).toEqual([{ what: "Layout", from: "A5 booklet", to: "A4 tri-fold leaflet" }]);
    expect(describeDesignChange({ key: "largePrint", from: false, to: true })).toEqual([
      { what: "Large print", from: "off", to: "on" },
    ]);
    expect(describeDesignChange({ key: "coverStyle", from: "band", to: "plain" })).toEqual([
      { what: "Cover", from: "a band of colour", to: "plain" },
    ]);
    expect(describeDesignChange({ key: "logoUploadId", from: null, to: "u-1" })).toEqual([
      { what: "Logo", from: "no logo", to: "a logo added" },
    ]);
    expect(describeDesignChange({ key: "footerText", from: "", to: "Charity no. 1" })).toEqual([
      { what: "Footer text", from: "none", to: "“Charity no. 1”" },
    ]);
  });
});
