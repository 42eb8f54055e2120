/**
 * A change to a document's design in plain words, for an approver reading "what changed since your last decision"
 * (no setting names, no JSON).
 */
import { COLOUR_ROLES, FONT_IDS, FONT_LABELS, type ColourRole, type FontId } from "./design";

export const COLOUR_ROLE_WORDS: Record<ColourRole, string> = {
  text: "Text colour",
  background: "Background colour",
  primary: "Main colour",
  onPrimary: "Text on the main colour",
  accent: "Accent colour",
  muted: "Quiet text colour",
};

const SETTING_WORDS: Record<string, string> = {
  templateId: "Layout",
  brandKitId: "Brand kit",
  headingFont: "Heading font",
  bodyFont: "Text font",
  coverStyle: "Cover",
  coverArt: "Circles on the cover",
  imagePosition: "Pictures",
  largePrint: "Large print",
  logoUploadId: "Logo",
  logoPlacement: "Logo position",
  footerText: "Footer text",
  quickExit: "“Exit this page” link",
  printLinkAddresses: "Link addresses in the PDF",
  coverPicture: "Cover picture",
  brandLocks: "Parts the brand kit keeps fixed",
};

const VALUE_WORDS: Record<string, string> = {
  band: "a band of colour",
  "full-colour": "all in colour",
  plain: "plain",
  shapes: "circles in the brand's colours",
  none: "none",
  left: "on the left",
  right: "on the right",
  "top-left": "top left",
  "top-right": "top right",
  "back-page": "on the back page",
};

export interface DesignChangeLine {
  what: string;
  from: string;
  to: string;
  /** Colour values, for swatches beside the words. */
  colours?: { from: string; to: string };
}

const isFont = (value: unknown): value is FontId =>
  typeof value === "string" && (FONT_IDS as readonly string[]).includes(value);

function words(key: string, value: unknown, templateNames: Record<string, string>): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (key === "templateId" && typeof value === "string") return templateNames[value] ?? value;
  if ((key === "headingFont" || key === "bodyFont") && isFont(value)) return FONT_LABELS[value].replace(/ \(.*\)$/, "");
  if (key === "logoUploadId" || key === "brandKitId") return "set";
  if (typeof value === "string") return VALUE_WORDS[value] ?? `“${value}”`;
  if (key === "brandLocks" && typeof value === "object")
    return Object.keys(value as object).length === 0 ? "none" : "set";
  return "changed";
}

/** One or more lines per changed setting (the colours give one line per colour that changed). */
export function describeDesignChange(
  change: { key: string; from: unknown; to: unknown },
  templateNames: Record<string, string> = {},
): DesignChangeLine[] {
  if (change.key === "colours") {
    const before = (change.from ?? {}) as Record<string, unknown>;
    const after = (change.to ?? {}) as Record<string, unknown>;
    return COLOUR_ROLES.filter((role) => before[role] !== after[role]).map((role) => ({
      what: COLOUR_ROLE_WORDS[role],
      from: String(before[role] ?? "none"),
      to: String(after[role] ?? "none"),
      colours: { from: String(before[role] ?? ""), to: String(after[role] ?? "") },
    }));
  }
  if (change.key === "coverPicture") {
    const src = (value: unknown) => (value && typeof value === "object" ? (value as { src?: unknown }).src : null);
    const to = !change.to
      ? "no picture"
      : !change.from
        ? "a picture added"
        : src(change.from) === src(change.to)
          ? "a new description"
          : "a new picture";
    return [{ what: "Cover picture", from: change.from ? "a picture" : "no picture", to }];
  }
  if (change.key === "logoUploadId") {
    const to = change.to ? (change.from ? "a new logo" : "a logo added") : "no logo";
    return [{ what: "Logo", from: change.from ? "a logo" : "no logo", to }];
  }
  return [
    {
      what: SETTING_WORDS[change.key] ?? change.key,
      from: words(change.key, change.from, templateNames),
      to: words(change.key, change.to, templateNames),
    },
  ];
}
