/**
 * Slows down password guessing: after too many failed sign-ins for one account or from one address within the
 * window, further tries are refused until the window has passed. Kept in memory: one process serves Copress.
 */
export interface ThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(private readonly options: ThrottleOptions = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000 }) {}

  /** Seconds to wait before another try is allowed, or 0. */
  retryAfterSeconds(username: string, address: string, now = Date.now()): number {
    const waits = [
      this.waitFor(`account:${username.toLowerCase()}`, this.options.maxFailuresPerAccount, now),
      this.waitFor(`address:${address}`, this.options.maxFailuresPerAddress, now),
    ];
    return Math.max(...waits);
  }

  recordFailure(username: string, address: string, now = Date.now()) {
    for (const key of [`account:${username.toLowerCase()}`, `address:${address}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  recordSuccess(username: string) {
    this.failures.delete(`account:${username.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
  }

  private waitFor(key: string, max: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < max) return 0;
    return Math.ceil((list[0]! + this.options.windowMs - now) / 1000);
  }
}
