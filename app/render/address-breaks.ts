/** Words up to this length never break, in the PDF and the preview alike; longer ones break as `addressParts` says. */
export const LONGEST_WHOLE_WORD = 22;

/**
 * Where a web or email address may break over two lines, for the PDF (app/render/pdf/fonts.server.ts) and the web
 * version (app/render/html.ts) alike, as typesetters break addresses (The Chicago Manual of Style): before a single
 * "/", ".", "-", "_", "~", "#", "%", "?" or "@", so the next line starts with it and no line ends in what reads as a
 * hyphen or a full stop; after "//", ":" (when no "//" follows), "=" or "&"; otherwise every 16 characters; never a
 * last line of one or two characters. Joined, the parts are the address exactly.
 */
export function addressParts(address: string): string[] {
  const characters = [...address];
  const breakBefore = (index: number): boolean => {
    const character = characters[index]!;
    const previous = characters[index - 1] ?? "";
    if (/[=&]/.test(previous)) return true;
    if (previous === ":" && character !== "/") return true;
    if (previous === "/" && characters[index - 2] === "/") return true; // after "//"
    if (character === "/") return previous !== "/" && characters[index + 1] !== "/" && previous !== ":";
    return /[.\-_~#%?@]/.test(character);
  };
  const parts: string[] = [];
  let current = "";
  characters.forEach((character, index) => {
    if (current.length >= 16 || (current.length >= 4 && breakBefore(index))) {
      parts.push(current);
      current = "";
    }
    current += character;
  });
  // A line never starts with the last one or two characters alone ("page=" / "2").
  if (current.length < 3 && parts.length > 0) parts.push(parts.pop()! + current);
  else if (current) parts.push(current);
  return parts;
}
