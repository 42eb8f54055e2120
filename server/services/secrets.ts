import { createHash, randomBytes } from "node:crypto";

/** A new secret with 256 bits of randomness, safe in URLs and cookies. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}
