import { describe, expect, it } from "vitest";
import { namesThisComputerOnly } from "./public-address";

describe("an address only this computer can open", () => {
  it("is localhost, a loopback address or a .localhost name", () => {
    for (const origin of [
      "http://localhost:3000",
      "http://127.0.0.1:41234",
      "http://[::1]:3000",
      "http://copress.localhost",
      "http://0.0.0.0:3000",
    ])
      expect(namesThisComputerOnly(origin), origin).toBe(true);
  });

  it("is not a real name or a network address, nor something that is not an address", () => {
    for (const origin of [
      "https://copress.example.org",
      "http://192.168.1.20:3000",
      "https://localhost.example.org",
      "not an address",
    ])
      expect(namesThisComputerOnly(origin), origin).toBe(false);
  });
});
