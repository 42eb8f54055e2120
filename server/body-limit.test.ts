import { describe, expect, it } from "vitest";
import { bodyLimitFor, REQUEST_BODY_BYTES, SIGN_IN_BODY_BYTES, tooLargeMessage } from "./body-limit";

const UPLOAD = 2 * 1024 * 1024;

describe("bodyLimitFor", () => {
  it("keeps the sign-in, sign-out and invite doors small, however the path is spelt", () => {
    for (const path of ["/api/session", "/login", "/LOGIN", "/login/", "/logout", "/invite/abc", "/Invite/abc/", "/API/Session"]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "sign-in", bytes: SIGN_IN_BODY_BYTES });
    }
  });

  it("gives anyone not signed in the small limit on every route", () => {
    for (const path of ["/api/documents", "/api/uploads", "/brand-kits/new", "/documents/x/checks", "/anything"]) {
      expect(bodyLimitFor(path, false, UPLOAD), path).toEqual({ kind: "sign-in", bytes: SIGN_IN_BODY_BYTES });
    }
  });

  it("gives signed-in uploads the upload limit plus room for the form, and everything else 1 MiB", () => {
    for (const path of ["/api/uploads", "/brand-kits/new", "/brand-kits/3f2c", "/brand-kits/3f2c/"]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "upload", bytes: UPLOAD + 64 * 1024 });
    }
    for (const path of ["/api/documents", "/api/uploads/x", "/brand-kits", "/brand-kits/a/b", "/documents/x", "/word-list"]) {
      expect(bodyLimitFor(path, true, UPLOAD), path).toEqual({ kind: "request", bytes: REQUEST_BODY_BYTES });
    }
  });

  it("says what the limit is in plain words", () => {
    expect(tooLargeMessage(bodyLimitFor("/login", false, UPLOAD), UPLOAD)).toBe(
      "That is more than Copress accepts before you are signed in (16 KB). Check what you typed and try again.",
    );
    expect(tooLargeMessage(bodyLimitFor("/api/uploads", true, UPLOAD), UPLOAD)).toBe("That file is bigger than 2 MB. Save it smaller and try again.");
    expect(tooLargeMessage(bodyLimitFor("/api/documents", true, UPLOAD), UPLOAD)).toBe("That is more than Copress accepts in one go (1 MB). Send less at a time.");
  });
});
