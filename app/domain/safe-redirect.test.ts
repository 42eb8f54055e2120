import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps paths on our own site, with their query and fragment", () => {
    for (const path of [
      "/documents",
      "/documents/7f3c/review",
      "/documents/7f3c/versions?from=a&to=current",
      "/brand-kits/new#logo",
      "/",
      "/a%20b",
      "/search?q=%C3%A9",
    ]) {
      expect(safeRedirectPath(path), path).toBe(path);
    }
  });

  it("sends everything else to /documents", () => {
    const hostile = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%5Cevil.example",
      "/%5cevil.example",
      "/%2Fevil.example",
      "/%2fevil.example",
      "/x/..%2F..%2Fevil",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/%09/evil.example",
      "/%0a/evil.example",
      "/%00",
      "/%7F",
      "/\u0000",
      "/\u007f",
      "/ /evil.example",
      "/\u3000/evil.example",
      "/\uff0fevil.example",
      "https://evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,hi",
      "evil.example",
      " /documents",
      "",
      "/" + "a".repeat(3000),
    ];
    for (const value of hostile) expect(safeRedirectPath(value), JSON.stringify(value)).toBe("/documents");
  });

  it("ignores anything that is not a string, and takes another fallback when asked", () => {
    for (const value of [null, undefined, 42, ["/documents"], { toString: () => "/documents" }])
      expect(safeRedirectPath(value)).toBe("/documents");
    expect(safeRedirectPath("//evil.example", "/login")).toBe("/login");
  });
});
