import { describe, expect, it } from "vitest";
import { addressesIn, addressForPaper, printedAddress } from "./links";

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

describe("addresses written as plain text", () => {
  it("finds email and web addresses anywhere, and phone numbers in contact details or after “call”", () => {
    const text = "Email: help@demo-charity.example. Website: www.demo-charity.example/families. Call 0808 157 0123.";
    const links = (phones: boolean) =>
      addressesIn(text, { phones }).map(({ start, end, href }) => [text.slice(start, end), href]);
    expect(links(false)).toEqual([
      ["help@demo-charity.example", "mailto:help@demo-charity.example"],
      ["www.demo-charity.example/families", "https://www.demo-charity.example/families"],
      ["0808 157 0123", "tel:08081570123"],
    ]);
    expect(addressesIn("Reference 0808 157 0123.", { phones: false })).toEqual([]);
    expect(links(true)).toContainEqual(["0808 157 0123", "tel:08081570123"]);
    expect(addressesIn("javascript:alert(1) and nothing else", { phones: true })).toEqual([]);
  });

  it("makes a web address written after “Website:” a link, even without www. or https://", () => {
    const text = "Website: demo-charity.example/help. Web: www.other.example";
    expect(addressesIn(text, { phones: false }).map(({ start, end, href }) => [text.slice(start, end), href])).toEqual([
      ["demo-charity.example/help", "https://demo-charity.example/help"],
      ["www.other.example", "https://www.other.example"],
    ]);
    // A word with a dot that nobody labelled as a website stays a word.
    expect(addressesIn("See section 2.3 of the plan.example", { phones: false })).toEqual([]);
  });

  it("makes a number people are told to call a phone link anywhere, and leaves other numbers alone", () => {
    const calls = (text: string) =>
      addressesIn(text, { phones: false }).map(({ start, end, href }) => [text.slice(start, end), href]);
    expect(calls("If you are in danger now, call 999.")).toEqual([["999", "tel:999"]]);
    expect(calls("Ring 111 or call the police on 101, any time.")).toEqual([
      ["111", "tel:111"],
      ["101", "tel:101"],
    ]);
    expect(calls("Call the National Domestic Abuse Helpline on 0808 2000 247 (free).")).toEqual([
      ["0808 2000 247", "tel:08082000247"],
    ]);
    expect(calls("Phone: 116 123")).toEqual([["116 123", "tel:116123"]]);
    // Numbers nobody is told to call stay words.
    expect(calls("Section 20 of the Children Act 1989 and case number 01234 567890.")).toEqual([]);
    expect(calls("Call us in 2 weeks")).toEqual([]);
  });
});
