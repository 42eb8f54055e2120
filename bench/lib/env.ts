/** Benchmark settings from the environment. */

/** A non-negative integer setting, or `fallback` when unset; anything else stops the benchmark with a clear message. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}
