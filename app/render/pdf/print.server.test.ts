import { describe, expect, it } from "vitest";
import { cmykPalette, colourShifts } from "./print.server";

describe("colours for a print shop", () => {
  it("converts brand colours for FOGRA39 and embeds that profile", async () => {
    const palette = await cmykPalette(["#1d70b8", "#00703c", "#d4351c"]);
    // The profile the numbers are for is the FOGRA39 one (its description names it), an output (printer) profile.
    expect(palette.profile.subarray(12, 16).toString("latin1")).toBe("prtr");
    expect(palette.profile.subarray(16, 20).toString("latin1")).toBe("CMYK");
    expect(palette.profile.toString("latin1")).toContain("FOGRA39");
    const [c, m, y, k] = palette.cmyk.get("#1d70b8")!;
    // A strong blue: mostly cyan with some magenta, little yellow or black.
    expect(c).toBeGreaterThan(70);
    expect(m).toBeGreaterThan(30);
    expect(y).toBeLessThan(20);
    expect(k).toBeLessThan(25);
    // A red: magenta and yellow, no cyan.
    const red = palette.cmyk.get("#d4351c")!;
    expect(red[0]).toBeLessThan(10);
    expect(Math.min(red[1], red[2])).toBeGreaterThan(70);
  });

  it("says nothing of a colour the press can print as it looks (there and back through the profile)", async () => {
    expect(await colourShifts([{ name: "the accent", colour: "#8a6d3b" }])).toEqual([]);
  });

  it("prints greys and text with black ink only, near-black as solid black", async () => {
    const palette = await cmykPalette(["#0b0c0c", "#505050", "#ffffff"]);
    expect(palette.cmyk.get("#0b0c0c")).toEqual([0, 0, 0, 100]);
    expect(palette.cmyk.get("#505050")!.slice(0, 3)).toEqual([0, 0, 0]);
    expect(palette.cmyk.get("#ffffff")).toEqual([0, 0, 0, 0]);
  });

  it("names a brand colour that no press can print as it looks on screen", async () => {
    const shifts = await colourShifts([
      { name: "the main brand colour", colour: "#00ff00" },
      { name: "the accent", colour: "#8a6d3b" },
    ]);
    expect(shifts.map((shift) => shift.name)).toEqual(["the main brand colour"]);
    expect(shifts[0]!.deltaE).toBeGreaterThan(5);
  });
});
