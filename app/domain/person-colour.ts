/**
 * A stable, light colour per person for cursors and presence dots. Every colour carries black text at ≥ 7:1,
 * so names on cursor labels stay readable.
 */
const PALETTE = [
  "#ffd166",
  "#9ae6b4",
  "#a3cef1",
  "#f4acb7",
  "#cdb4db",
  "#ffb703",
  "#b9fbc0",
  "#fbc4ab",
  "#bde0fe",
  "#e9c46a",
];

export function personColour(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
