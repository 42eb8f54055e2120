import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle";

describe("LoginThrottle", () => {
  const options = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };

  it("allows tries until an account has too many failures, then asks to wait out the window", () => {
    const throttle = new LoginThrottle(options);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds("wren", "1.1.1.1", 1000)).toBe(0);
      throttle.recordFailure("wren", "1.1.1.1", 1000);
    }
    expect(throttle.retryAfterSeconds("Wren", "2.2.2.2", 2000)).toBe(59);
    expect(throttle.retryAfterSeconds("wren", "1.1.1.1", 61_001)).toBe(0);
  });

  it("limits one address across many accounts", () => {
    const throttle = new LoginThrottle(options);
    for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}`, "9.9.9.9", 0);
    expect(throttle.retryAfterSeconds("someone-else", "9.9.9.9", 10)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds("someone-else", "8.8.8.8", 10)).toBe(0);
  });

  it("forgets an account's failures after a successful sign-in", () => {
    const throttle = new LoginThrottle(options);
    throttle.recordFailure("will", "1.1.1.1", 0);
    throttle.recordFailure("will", "1.1.1.1", 0);
    throttle.recordSuccess("will");
    throttle.recordFailure("will", "1.1.1.1", 0);
    expect(throttle.retryAfterSeconds("will", "1.1.1.1", 0)).toBe(0);
  });
});
