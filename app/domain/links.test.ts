import { describe, expect, it } from "vitest";
import { addressForPaper, printedAddress } from "./links";

describe("links on paper", () => {
  it("writes an address as people type it", () => {
    expect(addressForPaper("https://www.demo-charity.example/")).toBe("demo-charity.example");
    expect(addressForPaper("mailto:help@demo-charity.example")).toBe("help@demo-charity.example");
    expect(addressForPaper("tel:08081570123")).toBe("08081570123");
  });

  it("prints the address after words that do not say it, and nothing after words that do", () => {
    expect(printedAddress("our website", "https://www.demo-charity.example")).toBe("demo-charity.example");
    expect(printedAddress("email us", "mailto:help@demo-charity.example")).toBe("help@demo-charity.example");
    expect(printedAddress("www.demo-charity.example", "https://www.demo-charity.example/")).toBeNull();
    expect(printedAddress("help@demo-charity.example", "mailto:help@demo-charity.example")).toBeNull();
    expect(printedAddress("0808 157 0123", "tel:08081570123")).toBeNull();
    expect(printedAddress("a section", "#s-1")).toBeNull();
  });
});
