/**
 * The part of fontkit 2.0.4 (react-pdf's font engine, patched in patches/) that fonts.server.ts uses directly to
 * draw words as outlines. fontkit ships no types, so we declare only what we call.
 */
declare module "fontkit" {
  export interface FontkitPath {
    scale(x: number, y: number): FontkitPath;
    translate(x: number, y: number): FontkitPath;
    /** Applies the matrix [a b c d e f] (x' = a·x + c·y + e, y' = b·x + d·y + f). */
    transform(a: number, b: number, c: number, d: number, e: number, f: number): FontkitPath;
    toSVG(): string;
  }
  export interface FontkitGlyph {
    path: FontkitPath;
  }
  export interface FontkitGlyphPosition {
    xAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    layout(text: string): { glyphs: FontkitGlyph[]; positions: FontkitGlyphPosition[] };
  }
  export function create(buffer: Buffer): FontkitFont;
}
