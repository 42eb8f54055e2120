/**
 * Credits for pictures whose licence asks for one (issue 16). A picture carries its credit in the document (the
 * `credit` attribute of an image, `imageCredit` of an Easy Read row), so the web version and the PDF's back page can
 * name every source used, exactly as released — not as a library or upload is later.
 */

/** OpenMoji's licence (CC BY-SA 4.0) asks for this credit wherever its pictures are used. */
export const OPENMOJI_CREDIT =
  "Pictures from OpenMoji, the open-source emoji and icon project (openmoji.org), licence CC BY-SA 4.0";

type Json = { type?: string; attrs?: Record<string, unknown>; content?: Json[] };

/** Every distinct credit the document's pictures carry, in the order they first appear. */
export function pictureCredits(content: unknown): string[] {
  const credits: string[] = [];
  const visit = (node: Json) => {
    const credit =
      node.type === "image" ? node.attrs?.credit : node.type === "easyReadRow" ? node.attrs?.imageCredit : null;
    const hasPicture =
      node.type === "image"
        ? Boolean(node.attrs?.src)
        : node.type === "easyReadRow"
          ? Boolean(node.attrs?.imageSrc)
          : false;
    if (hasPicture && typeof credit === "string" && credit.trim() && !credits.includes(credit.trim()))
      credits.push(credit.trim());
    node.content?.forEach(visit);
  };
  if (content && typeof content === "object") visit(content as Json);
  return credits;
}

/**
 * The credits a document prints: the cover picture's first (a picture from the library carries one), then every
 * distinct credit of the pictures on its pages.
 */
export function documentCredits(content: unknown, coverPicture?: { credit?: string } | null): string[] {
  const cover = coverPicture?.credit?.trim();
  const pages = pictureCredits(content);
  return cover ? [cover, ...pages.filter((credit) => credit !== cover)] : pages;
}
