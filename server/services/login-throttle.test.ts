import { describe, expect, it } from "vitest";
import { LoginThrottle, type LoginAttempt, type Reservation } from "./login-throttle";

const options = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };

function granted(reservation: Reservation): LoginAttempt {
  if (!reservation.granted) throw new Error(`refused, wait ${reservation.retryAfterSeconds} s`);
  return reservation.attempt;
}
const waitOf = (reservation: Reservation) => (reservation.granted ? 0 : reservation.retryAfterSeconds);

describe("LoginThrottle", () => {
  it("allows tries until an account has too many failures, then asks to wait out the window", () => {
    const throttle = new LoginThrottle(options);
    for (let i = 0; i < 3; i++) granted(throttle.reserve("wren", "1.1.1.1", 1000)).failed(1000);
    expect(waitOf(throttle.reserve("Wren", "2.2.2.2", 2000))).toBe(59);
    expect(waitOf(throttle.reserve(" WREN ", "3.3.3.3", 2000))).toBe(59);
    expect(throttle.reserve("wren", "1.1.1.1", 61_001).granted).toBe(true);
  });

  it("counts tries still being checked: a burst gets exactly the limit's worth of checks, the rest wait", () => {
    const throttle = new LoginThrottle(options);
    const burst = Array.from({ length: 50 }, (_, i) => throttle.reserve("dana", `10.0.0.${i}`, 0));
    const checked = burst.filter((r) => r.granted);
    expect(checked).toHaveLength(3);
    // Refused while the first three are still being checked: try again in a moment, not in a quarter of an hour.
    for (const refused of burst.filter((r) => !r.granted)) expect(waitOf(refused)).toBe(1);
    // The three fail: now the account waits out the window.
    for (const reservation of checked) (reservation as { attempt: LoginAttempt }).attempt.failed(10);
    expect(waitOf(throttle.reserve("dana", "10.0.1.1", 20))).toBe(60);
  });

  it("a try that succeeds gives its place back and clears the account's failures, not the address's", () => {
    const throttle = new LoginThrottle(options);
    granted(throttle.reserve("will", "1.1.1.1", 0)).failed(0);
    granted(throttle.reserve("will", "1.1.1.1", 0)).failed(0);
    granted(throttle.reserve("will", "1.1.1.1", 0)).succeeded();
    granted(throttle.reserve("will", "1.1.1.1", 0)).failed(0);
    granted(throttle.reserve("will", "1.1.1.1", 0)).failed(0);
    // Two failures since the success: the account may still try.
    granted(throttle.reserve("will", "1.1.1.1", 0)).succeeded();
    // The address still carries all four failures: one more from there and it must wait.
    granted(throttle.reserve("someone", "1.1.1.1", 0)).failed(0);
    expect(throttle.reserve("anyone", "1.1.1.1", 0).granted).toBe(false);
  });

  it("an abandoned try (an error while checking) gives its place back and counts as nothing", () => {
    const throttle = new LoginThrottle(options);
    const attempts = [0, 1, 2].map(() => granted(throttle.reserve("abi", "1.1.1.1", 0)));
    expect(throttle.reserve("abi", "1.1.1.1", 0).granted).toBe(false);
    for (const attempt of attempts) attempt.abandoned();
    expect(throttle.reserve("abi", "1.1.1.1", 0).granted).toBe(true);
    // Telling an attempt twice changes nothing.
    attempts[0]!.failed(0);
    attempts[0]!.failed(0);
    expect(throttle.size).toBeGreaterThan(0);
  });

  it("limits one address across many accounts", () => {
    const throttle = new LoginThrottle(options);
    for (let i = 0; i < 5; i++) granted(throttle.reserve(`user${i}`, "9.9.9.9", 0)).failed(0);
    expect(waitOf(throttle.reserve("someone-else", "9.9.9.9", 10))).toBeGreaterThan(0);
    expect(throttle.reserve("someone-else", "8.8.8.8", 10).granted).toBe(true);
  });

  it("forgets accounts and addresses once their failures have aged out", () => {
    const throttle = new LoginThrottle(options);
    for (let i = 0; i < 1000; i++) granted(throttle.reserve(`guess${i}`, `10.1.${i >> 8}.${i & 255}`, 0)).failed(0);
    expect(throttle.size).toBe(2000);
    // A minute and more later, the next try sweeps every expired entry away.
    granted(throttle.reserve("wren", "1.1.1.1", 120_000)).succeeded();
    expect(throttle.size).toBe(0);
  });

  it("never remembers more than maxKeys accounts and addresses, forgetting the oldest first", () => {
    const throttle = new LoginThrottle({ ...options, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) granted(throttle.reserve(`guess${i}`, `10.2.${i >> 8}.${i & 255}`, i)).failed(i);
    expect(throttle.size).toBeLessThanOrEqual(100);
    // The newest are still remembered.
    granted(throttle.reserve("guess9999", "10.3.0.1", 10_000)).failed(10_000);
    granted(throttle.reserve("guess9999", "10.3.0.2", 10_000)).failed(10_000);
    expect(throttle.reserve("guess9999", "10.3.0.3", 10_000).granted).toBe(false);
  });

  it("keeps the entry of a try in progress even when the table is full, so its failure still counts", () => {
    const throttle = new LoginThrottle({ ...options, maxKeys: 4 });
    const pending = [0, 1, 2].map(() => granted(throttle.reserve("cora", "1.1.1.1", 0)));
    for (let i = 0; i < 50; i++) granted(throttle.reserve(`other${i}`, `10.4.0.${i}`, 1)).failed(1);
    for (const attempt of pending) attempt.failed(2);
    expect(waitOf(throttle.reserve("cora", "2.2.2.2", 3))).toBe(60);
  });
});
