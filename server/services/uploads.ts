/**
 * Pictures people upload (brand kit logos, and later pictures in documents). Nothing uploaded is stored as sent:
 * the type is read from the bytes (never from the name or the browser's word), the size is bounded, PNG, JPEG,
 * WebP, GIF and AVIF are decoded and re-encoded with sharp as PNG or JPEG, the two the PDF renderer draws (which also
 * drops metadata such as GPS positions; a moving GIF keeps its first picture), and SVG is checked,
 * sanitised and drawn into a PNG — so the PDF renderer, which cannot draw SVG, gets the same picture as the page.
 * Files live under random names in DATA_DIR/uploads, outside the public folder, and are served only through
 * app/routes/uploads.$id.ts after a workspace check.
 */
import createDOMPurify from "dompurify";
import { fileTypeFromBuffer } from "file-type";
import { JSDOM } from "jsdom";
import { randomBytes, randomUUID, createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import * as z from "zod";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import type { StoredMediaType, UploadPurpose, UploadRepository, UploadRow } from "../db/uploads";
import type { Viewer } from "./auth";
import { scanSvg, SVG_SCAN_LIMITS, type SvgScanProblem } from "./svg-scan";

/** The largest file anyone may upload (a logo is rarely more than a few hundred kilobytes). */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** Stored pictures are scaled down to fit this box (plenty for print at 300 dpi across an A4 page). */
const MAX_STORED_SIDE = 3000;
/** SVG logos are drawn this wide (about 270 dpi at 150 mm). */
const SVG_DRAWN_SIDE = 1600;
/** Refuse pictures whose pixels would not fit in memory comfortably (a "decompression bomb"). */
const MAX_INPUT_PIXELS = 50_000_000;

const purposeInput = z.enum(["logo", "image"], {
  error: "Say what the picture is for: a logo or a picture in a document.",
});

export interface UploadSummary {
  id: string;
  url: string;
  purpose: UploadPurpose;
  mediaType: StoredMediaType;
  originalType: string;
  originalName: string;
  byteSize: number;
  width: number;
  height: number;
  createdAt: string;
  /** What it shows (for finding and reusing it), and the credit its licence asks for. */
  description: string | null;
  credit: string | null;
}

export function summariseUpload(row: UploadRow): UploadSummary {
  return {
    id: row.id,
    url: `/uploads/${row.id}`,
    purpose: row.purpose,
    mediaType: row.media_type,
    originalType: row.original_type,
    originalName: row.original_name,
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
    description: row.description ?? null,
    credit: row.credit ?? null,
  };
}

const refusals = {
  empty: () =>
    errors.badRequest("That file is empty. Choose the picture again.", { fields: { file: ["The file is empty."] } }),
  tooBig: (bytes: number) =>
    errors.tooLarge(
      `That file is ${(bytes / 1024 / 1024).toFixed(1)} MB. Pictures can be up to ${UPLOAD_MAX_BYTES / 1024 / 1024} MB — save it smaller and try again.`,
    ),
  wrongType: (what: string) =>
    errors.badRequest(`That file is ${what}. Please upload a PNG, JPEG, WebP, GIF or SVG picture.`, {
      fields: { file: ["Use a PNG, JPEG, WebP, GIF or SVG picture."] },
    }),
  unreadable: () =>
    errors.badRequest("We couldn't read that picture. It may be damaged. Try saving it again as a PNG or JPEG.", {
      fields: { file: ["We couldn't read that picture."] },
    }),
  tooManyPixels: () =>
    errors.badRequest(
      "That picture has too many pixels to handle. Make it smaller (for example 3000 × 3000) and try again.",
      {
        fields: { file: ["The picture is too large."] },
      },
    ),
  svgDeclarations: () =>
    errors.badRequest(
      "This SVG file contains its own definitions (a DOCTYPE with declarations, or entities), which can be used to overload the server, so we can't use it. Save your logo as a PNG or JPEG, or export it again as a plain SVG, and upload that instead.",
      { fields: { file: ["The SVG contains its own definitions (a DOCTYPE with declarations, or entities)."] } },
    ),
  svgTooComplex: () =>
    errors.badRequest(
      `This SVG file is too complicated for us to draw: it has more than ${SVG_SCAN_LIMITS.maxElements.toLocaleString("en-GB")} parts, or more than ${SVG_SCAN_LIMITS.maxDepth} groups inside each other. Save your logo as a PNG or JPEG, or simplify it, and upload that instead.`,
      { fields: { file: ["The SVG is too complicated to draw."] } },
    ),
  activeSvg: () =>
    errors.badRequest(
      "This SVG file contains a script, an animation or links to other files, so we can't use it safely. Save your logo as a PNG or JPEG, or as a plain SVG, and upload that instead.",
      { fields: { file: ["The SVG contains a script, an animation or links to other files."] } },
    ),
};

// SVG ------------------------------------------------------------------------------------------------------------

/** Elements that run code, embed other documents or change attributes (such as links) after loading. */
const ACTIVE_ELEMENTS = new Set([
  "script",
  "foreignobject",
  "iframe",
  "embed",
  "object",
  "handler",
  "listener",
  "audio",
  "video",
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
  "discard",
]);
/** Links inside the file (#id) and pictures embedded in it as PNG or JPEG data are fine; anything else reaches out. */
const SAFE_HREF = /^(#|data:image\/(png|jpeg);base64,)/i;

/**
 * Whether a CSS value or style sheet reaches outside the file: `@import`, `javascript:`, or a `url(…)` that does not
 * point at an element of the file (`url(#id)`). Each `url(` is looked at once (no backtracking over spaces).
 */
function reachesOutside(value: string): boolean {
  if (/@import|javascript:/i.test(value)) return true;
  const lower = value.toLowerCase();
  for (let at = lower.indexOf("url("); at >= 0; at = lower.indexOf("url(", at + 4)) {
    let k = at + 4;
    while (
      k < lower.length &&
      (lower[k] === " " ||
        lower[k] === "\t" ||
        lower[k] === "\n" ||
        lower[k] === "\r" ||
        lower[k] === "'" ||
        lower[k] === '"')
    )
      k++;
    if (lower[k] !== "#") return true;
  }
  return false;
}

/**
 * Reasons an SVG is refused rather than cleaned: anything that runs code or reaches outside the file. A logo
 * that silently lost part of itself would be worse than a clear refusal.
 */
function findActiveSvgContent(document: Document): string[] {
  const found: string[] = [];
  for (const element of Array.from(document.getElementsByTagName("*"))) {
    const name = element.localName.toLowerCase();
    if (ACTIVE_ELEMENTS.has(name)) found.push(`<${name}>`);
    for (const attribute of Array.from(element.attributes)) {
      const attributeName = attribute.localName.toLowerCase();
      const value = attribute.value.trim();
      if (attributeName.startsWith("on")) found.push(`${attributeName} handler`);
      else if (attributeName === "href" && !SAFE_HREF.test(value)) found.push(`link to ${value.slice(0, 40)}`);
      else if (reachesOutside(value)) found.push(`${attributeName} reaching outside`);
    }
    if (name === "style" && reachesOutside(element.textContent ?? "")) found.push("style reaching outside");
  }
  return found;
}

let purifier: ReturnType<typeof createDOMPurify> | null = null;
function svgPurifier() {
  purifier ??= createDOMPurify(new JSDOM("").window as unknown as Window & typeof globalThis);
  return purifier;
}

function svgText(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/**
 * Checks and sanitises an SVG; returns the clean markup or throws a refusal. The linear first look
 * (./svg-scan.ts) runs before any parser: declarations, deep nesting and huge element counts never reach jsdom.
 */
export function sanitiseSvg(bytes: Uint8Array): string {
  const text = svgText(bytes);
  const scan = scanSvg(text);
  if (!scan.ok) throw svgRefusal(scan.problem);
  // The DOCTYPE (without declarations, as the scan made sure) says nothing a logo needs: cut it out.
  const withoutDoctype = scan.doctype ? text.slice(0, scan.doctype.start) + text.slice(scan.doctype.end) : text;
  let parsed: JSDOM;
  try {
    parsed = new JSDOM(withoutDoctype, { contentType: "image/svg+xml" });
  } catch {
    throw refusals.unreadable();
  }
  const document = parsed.window.document;
  if (document.documentElement.localName !== "svg") throw refusals.unreadable();
  if (findActiveSvgContent(document).length > 0) throw refusals.activeSvg();
  // Defence in depth: DOMPurify with its SVG allow-list removes whatever we did not think of.
  const clean = svgPurifier().sanitize(document.documentElement.outerHTML, {
    USE_PROFILES: { svg: true, svgFilters: true },
  });
  if (!/^<svg[\s>]/i.test(clean)) throw refusals.unreadable();
  return clean;
}

function svgRefusal(problem: SvgScanProblem) {
  switch (problem) {
    case "not-svg":
      return refusals.wrongType("not a picture we can use");
    case "declarations":
      return refusals.svgDeclarations();
    case "too-deep":
    case "too-many-elements":
      return refusals.svgTooComplex();
    case "malformed":
      return refusals.unreadable();
  }
}

// Raster -----------------------------------------------------------------------------------------------------------

interface Encoded {
  bytes: Buffer;
  mediaType: StoredMediaType;
  width: number;
  height: number;
}

async function drawSvg(svg: string): Promise<Encoded> {
  const source = Buffer.from(svg, "utf8");
  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    metadata = await sharp(source).metadata();
  } catch {
    throw refusals.unreadable();
  }
  const longest = Math.max(metadata.width ?? 0, metadata.height ?? 0);
  if (!longest) throw refusals.unreadable();
  // Draw at a density that makes the longest side about SVG_DRAWN_SIDE pixels.
  const density = Math.min(2400, Math.max(1, (72 * SVG_DRAWN_SIDE) / longest));
  try {
    const { data, info } = await sharp(source, { density, limitInputPixels: MAX_INPUT_PIXELS })
      .resize({ width: SVG_DRAWN_SIDE, height: SVG_DRAWN_SIDE, fit: "inside" })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, mediaType: "image/png", width: info.width, height: info.height };
  } catch (error) {
    throw /pixel limit/i.test(String(error)) ? refusals.tooManyPixels() : refusals.unreadable();
  }
}

/** Raster types taken in, by the type read from the bytes. */
const RASTER_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif", "image/avif"]);

/**
 * What a raster picture is stored as: PNG and JPEG stay as they are; a GIF (drawings, often with few colours) becomes
 * a PNG; a WebP or AVIF a JPEG when it is a photo without see-through parts, else a PNG.
 */
async function storedTypeOf(bytes: Uint8Array, mime: string): Promise<StoredMediaType> {
  if (mime === "image/png" || mime === "image/gif") return "image/png";
  if (mime === "image/jpeg") return "image/jpeg";
  try {
    const { hasAlpha } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    return hasAlpha ? "image/png" : "image/jpeg";
  } catch {
    throw refusals.unreadable();
  }
}

async function reencode(bytes: Uint8Array, mediaType: StoredMediaType): Promise<Encoded> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate() // apply the camera's orientation before the metadata that holds it is dropped
      .resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: "inside", withoutEnlargement: true });
    const output =
      mediaType === "image/png" ? image.png({ compressionLevel: 9 }) : image.jpeg({ quality: 90, mozjpeg: true });
    const { data, info } = await output.toBuffer({ resolveWithObject: true });
    return { bytes: data, mediaType, width: info.width, height: info.height };
  } catch (error) {
    throw /pixel limit/i.test(String(error)) ? refusals.tooManyPixels() : refusals.unreadable();
  }
}

function describeType(mime: string, ext: string): string {
  const names: Record<string, string> = {
    heic: "a HEIC photo, an iPhone's own kind",
    tif: "a TIFF picture",
    bmp: "a BMP picture",
    pdf: "a PDF",
    zip: "a zip file",
    html: "a web page",
  };
  return names[ext] ?? `a ${mime} file`;
}

function cleanFileName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    .replace(/[^\p{L}\p{N} ._()-]/gu, "")
    .trim();
  return (base || "picture").slice(0, 120);
}

// Service ----------------------------------------------------------------------------------------------------------

export function createUploadService(deps: { uploads: UploadRepository; dataDir: string }) {
  const { uploads } = deps;
  const folder = path.join(deps.dataDir, "uploads");
  mkdirSync(folder, { recursive: true });

  function requireMayUpload(viewer: Viewer, purpose: UploadPurpose) {
    const allowed =
      purpose === "logo"
        ? can(viewer.member, "design:edit")
        : can(viewer.member, "content:edit") || can(viewer.member, "design:edit");
    if (!allowed) {
      throw errors.forbidden(
        purpose === "logo"
          ? "Only designers and coordinators can upload logos."
          : "Your role doesn't let you add pictures. Ask a coordinator if you need to.",
      );
    }
  }

  /** An upload of the viewer's own workspace; another workspace's upload is "not found", never "forbidden". */
  async function requireUpload(viewer: Viewer, id: string): Promise<UploadRow> {
    const row = await uploads.getUpload(id);
    if (!row || !can(viewer.member, "document:read", { workspaceId: row.workspace_id }))
      throw errors.notFound("That picture");
    return row;
  }

  return {
    folder,
    maxBytes: UPLOAD_MAX_BYTES,
    requireUpload,

    /**
     * Checks, re-encodes and stores one picture. Any refusal happens before anything is written, so a refused
     * upload leaves no file and no row behind.
     */
    async storeUpload(
      viewer: Viewer,
      input: {
        bytes: Uint8Array;
        fileName: string;
        purpose: unknown;
        /** For a picture from the open-licence library (server/services/picture-library.ts). */
        library?: { id: string; description: string; credit: string };
      },
    ): Promise<UploadSummary> {
      const purpose = purposeInput.safeParse(input.purpose ?? "logo");
      if (!purpose.success)
        throw errors.badRequest(purpose.error.issues[0]!.message, {
          fields: { purpose: [purpose.error.issues[0]!.message] },
        });
      requireMayUpload(viewer, purpose.data);
      const { bytes } = input;
      if (bytes.byteLength === 0) throw refusals.empty();
      if (bytes.byteLength > UPLOAD_MAX_BYTES) throw refusals.tooBig(bytes.byteLength);

      const detected = await fileTypeFromBuffer(bytes);
      let encoded: Encoded;
      let originalType: string;
      if (detected && RASTER_TYPES.has(detected.mime)) {
        originalType = detected.mime;
        encoded = await reencode(bytes, await storedTypeOf(bytes, detected.mime));
      } else if (detected && detected.ext !== "xml") {
        throw refusals.wrongType(describeType(detected.mime, detected.ext));
      } else {
        // Not a raster picture: an SVG (the first look tells, in one pass), or something we cannot use.
        originalType = "image/svg+xml";
        encoded = await drawSvg(sanitiseSvg(bytes));
      }

      const id = randomUUID();
      const storageName = `${randomBytes(16).toString("hex")}.${encoded.mediaType === "image/png" ? "png" : "jpg"}`;
      const storagePath = path.join(folder, storageName);
      await writeFile(storagePath, encoded.bytes, { flag: "wx" });
      try {
        await uploads.insertUpload({
          id,
          workspaceId: viewer.member.workspaceId,
          purpose: purpose.data,
          mediaType: encoded.mediaType,
          originalType,
          originalName: cleanFileName(input.fileName),
          storageName,
          byteSize: encoded.bytes.byteLength,
          width: encoded.width,
          height: encoded.height,
          sha256: createHash("sha256").update(encoded.bytes).digest("hex"),
          createdBy: viewer.userId,
          ...(input.library
            ? { libraryId: input.library.id, description: input.library.description, credit: input.library.credit }
            : {}),
        });
      } catch (error) {
        await unlink(storagePath).catch(() => undefined);
        throw error;
      }
      return summariseUpload((await uploads.getUpload(id))!);
    },

    /** The stored bytes (for the upload route and the PDF renderer). */
    async readUpload(viewer: Viewer, id: string): Promise<{ row: UploadRow; bytes: Buffer }> {
      const row = await requireUpload(viewer, id);
      return { row, bytes: await readFile(path.join(folder, row.storage_name)) };
    },

    /** For services that hold only a workspace id (e.g. rendering a release): the bytes, or null. */
    async readWorkspaceUpload(workspaceId: string, id: string): Promise<{ row: UploadRow; bytes: Buffer } | null> {
      const row = await uploads.getUpload(id);
      if (!row || row.workspace_id !== workspaceId) return null;
      return { row, bytes: await readFile(path.join(folder, row.storage_name)) };
    },

    listUploads: async (viewer: Viewer) => (await uploads.listUploads(viewer.member.workspaceId)).map(summariseUpload),
  };
}
export type UploadService = ReturnType<typeof createUploadService>;
