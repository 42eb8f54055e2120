import type { Redis } from "ioredis";

/**
 * Slows down password guessing: after too many failed sign-ins for one account or from one address within the
 * window, further tries are refused until the window has passed. Kept in memory for one process; in a cluster
 * (several processes, REDIS_URL) in Redis (`RedisLoginThrottle`), so a guesser gets no more tries by spreading them
 * over the processes.
 *
 * A try takes its place **before** the password is checked and holds it while the check runs, so a burst of tries
 * sent at the same moment cannot all slip through while the first ones are still being checked: once failures plus
 * tries in progress reach the limit, the rest are refused without checking anything.
 */
export interface ThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  /** At most this many accounts and addresses are remembered; past it the oldest are forgotten first. */
  maxKeys: number;
}

export const DEFAULT_THROTTLE_OPTIONS: ThrottleOptions = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  windowMs: 15 * 60_000,
  maxKeys: 100_000,
};

/** What a try refused only because others are still being checked is told: they finish well within a second. */
const BUSY_RETRY_SECONDS = 1;
/** How often the whole table is swept of forgotten entries (each entry is also tidied whenever it is used). */
const SWEEP_EVERY_MS = 60_000;

interface Entry {
  /** When each failure within the window happened, oldest first. */
  failures: number[];
  /** Tries that hold a place now (their password is being checked). */
  inFlight: number;
}

/** A try that holds its place; say how it ended, exactly once. */
export interface LoginAttempt {
  succeeded(): void;
  failed(now?: number): void;
  /** The try ended without a verdict (an error): it gives its place back and counts as nothing. */
  abandoned(): void;
}

export type Reservation = { granted: true; attempt: LoginAttempt } | { granted: false; retryAfterSeconds: number };

/** What the sign-in asks of a throttle (in memory, or in Redis for several processes). */
export interface Throttle {
  reserve(username: string, address: string): Reservation | Promise<Reservation>;
}

export class LoginThrottle implements Throttle {
  private readonly entries = new Map<string, Entry>();
  private lastSweep = 0;
  private readonly options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...DEFAULT_THROTTLE_OPTIONS, ...options };
  }

  /**
   * Takes a place for one try at `username` from `address`, or says how many seconds to wait. Call this before
   * checking the password, and tell the attempt how it ended.
   */
  reserve(username: string, address: string, now = Date.now()): Reservation {
    this.sweep(now);
    const keys = [accountKey(username), addressKey(address)] as const;
    const limits = [this.options.maxFailuresPerAccount, this.options.maxFailuresPerAddress] as const;
    const wait = Math.max(...keys.map((key, i) => this.waitFor(key, limits[i]!, now)));
    if (wait > 0) return { granted: false, retryAfterSeconds: wait };

    const held = keys.map((key) => this.entry(key, now));
    for (const entry of held) entry.inFlight++;
    let settled = false;
    const settle = (failedAt: number | null) => {
      if (settled) return;
      settled = true;
      keys.forEach((key, i) => {
        const entry = held[i]!;
        entry.inFlight--;
        if (failedAt !== null) {
          entry.failures.push(failedAt);
          this.remember(key, entry); // now the most recently used
        } else {
          this.forgetIfEmpty(key, entry, now);
        }
      });
    };
    return {
      granted: true,
      attempt: {
        succeeded: () => {
          settle(null);
          // The right password clears the account's failures, not the address's (one address, many accounts).
          const account = this.entries.get(keys[0]);
          if (account) {
            account.failures = [];
            this.forgetIfEmpty(keys[0], account, now);
          }
        },
        failed: (at = Date.now()) => settle(at),
        abandoned: () => settle(null),
      },
    };
  }

  /** How many accounts and addresses are remembered now (for tests and logs). */
  get size(): number {
    return this.entries.size;
  }

  private waitFor(key: string, max: number, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    this.prune(entry, now);
    if (entry.failures.length >= max)
      return Math.max(1, Math.ceil((entry.failures[0]! + this.options.windowMs - now) / 1000));
    if (entry.failures.length + entry.inFlight >= max) return BUSY_RETRY_SECONDS;
    return 0;
  }

  private entry(key: string, now: number): Entry {
    const existing = this.entries.get(key);
    if (existing) {
      this.prune(existing, now);
      return existing;
    }
    const entry: Entry = { failures: [], inFlight: 0 };
    this.remember(key, entry);
    return entry;
  }

  /** Stores the entry as the newest, forgetting the oldest idle entries when the table is full. */
  private remember(key: string, entry: Entry) {
    this.entries.delete(key); // re-inserting moves it to the end: a Map keeps insertion order, oldest first
    this.entries.set(key, entry);
    if (this.entries.size <= this.options.maxKeys) return;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.options.maxKeys) break;
      // A try in progress keeps its entry, so its place is given back to the right entry.
      if (oldEntry.inFlight === 0 && oldKey !== key) this.entries.delete(oldKey);
    }
  }

  private prune(entry: Entry, now: number) {
    const cutoff = now - this.options.windowMs;
    let expired = 0;
    while (expired < entry.failures.length && entry.failures[expired]! <= cutoff) expired++;
    if (expired > 0) entry.failures.splice(0, expired);
  }

  private forgetIfEmpty(key: string, entry: Entry, now: number) {
    this.prune(entry, now);
    if (entry.failures.length === 0 && entry.inFlight === 0 && this.entries.get(key) === entry)
      this.entries.delete(key);
  }

  /** Every minute or so, forget accounts and addresses whose failures have all aged out. */
  private sweep(now: number) {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) this.forgetIfEmpty(key, entry, now);
  }
}

/** Accounts match without regard to case or surrounding spaces, as usernames do. */
function accountKey(username: string) {
  return `account:${username.trim().toLowerCase()}`;
}

function addressKey(address: string) {
  return `address:${address}`;
}

/** Takes a place for a try at both keys, or answers how many seconds to wait (the same rules as LoginThrottle). */
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local busy = tonumber(ARGV[5])
local wait = 0
for i = 0, 1 do
  local failures, inFlight, max = KEYS[i * 2 + 1], KEYS[i * 2 + 2], tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - window)
  local failed = redis.call('ZCARD', failures)
  local checking = tonumber(redis.call('GET', inFlight) or '0')
  if failed >= max then
    local oldest = tonumber(redis.call('ZRANGE', failures, 0, 0, 'WITHSCORES')[2])
    wait = math.max(wait, math.max(1, math.ceil((oldest + window - now) / 1000)))
  elseif failed + checking >= max then
    wait = math.max(wait, busy)
  end
end
if wait > 0 then return wait end
for i = 0, 1 do
  redis.call('INCR', KEYS[i * 2 + 2])
  redis.call('PEXPIRE', KEYS[i * 2 + 2], 60000)
end
return 0`;

/** Gives a place back; a failure is counted at both keys; the right password clears the account's failures. */
const SETTLE = `
for i = 0, 1 do
  local inFlight = KEYS[i * 2 + 2]
  if redis.call('DECR', inFlight) <= 0 then redis.call('DEL', inFlight) end
  if ARGV[1] ~= '' then
    redis.call('ZADD', KEYS[i * 2 + 1], ARGV[1], ARGV[2] .. ':' .. i)
    redis.call('PEXPIRE', KEYS[i * 2 + 1], ARGV[3])
  end
end
if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
return 0`;

interface ThrottleCommands {
  copressThrottleReserve(...args: Array<string | number>): Promise<number>;
  copressThrottleSettle(...args: Array<string | number>): Promise<number>;
}

/**
 * The same throttle in Redis, shared by every process: one script takes a place at the account and the address
 * together (atomically, so a burst spread over the processes counts as one burst), another gives it back. A place
 * held by a process that died is given back by Redis after a minute.
 */
export class RedisLoginThrottle implements Throttle {
  private readonly options: ThrottleOptions;
  private readonly redis: Redis & ThrottleCommands;

  constructor(
    redis: Redis,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
    options: Partial<ThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_THROTTLE_OPTIONS, ...options };
    redis.defineCommand("copressThrottleReserve", { numberOfKeys: 4, lua: RESERVE });
    redis.defineCommand("copressThrottleSettle", { numberOfKeys: 4, lua: SETTLE });
    this.redis = redis as Redis & ThrottleCommands;
  }

  async reserve(username: string, address: string, now = Date.now()): Promise<Reservation> {
    const keys = [accountKey(username), addressKey(address)].flatMap((key) => [
      `copress:login:${key}:failures`,
      `copress:login:${key}:checking`,
    ]);
    const { maxFailuresPerAccount, maxFailuresPerAddress, windowMs } = this.options;
    const wait = await this.redis.copressThrottleReserve(
      ...keys,
      now,
      windowMs,
      maxFailuresPerAccount,
      maxFailuresPerAddress,
      BUSY_RETRY_SECONDS,
    );
    if (wait > 0) return { granted: false, retryAfterSeconds: wait };
    let settled = false;
    const settle = (failedAt: number | null, clearAccount: boolean) => {
      if (settled) return;
      settled = true;
      const member = `${failedAt ?? 0}:${Math.random().toString(36).slice(2)}`;
      this.redis
        .copressThrottleSettle(...keys, failedAt ?? "", member, windowMs, clearAccount ? "1" : "0")
        .catch((error: unknown) => this.log("auth.throttle_failed", { error: String(error) }));
    };
    return {
      granted: true,
      attempt: {
        succeeded: () => settle(null, true),
        failed: (at = Date.now()) => settle(at, false),
        abandoned: () => settle(null, false),
      },
    };
  }
}
