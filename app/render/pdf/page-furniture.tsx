/**
 * What surrounds the content: the draft watermark, page numbers, the logo and the colophon (footer text).
 * Repeated page furniture is an artifact, so screen readers skip it; the colophon and logo are content, once.
 */
import { Document, Image, Page, Path, Svg, Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import { logoAlt } from "../../domain/design";
import type { ResolvedImage } from "./blocks";
import { outlinedText } from "./fonts.server";
import { bodyText, type PdfTheme } from "./theme";

export const WATERMARK_TEXT = "DRAFT — not approved";

/**
 * How furniture repeats on every page: `fixed` nodes for react-pdf's classic pagination, or a page `layout` that
 * draws them around each page's content for its newer engine (which does not repeat absolutely positioned fixed
 * nodes). Either way the furniture is a Pagination artifact.
 */
export type Repeat = "fixed" | "layout";

/**
 * "DRAFT — not approved" on every page (or panel), drawn last so nothing covers it: once large and diagonal across
 * the page, as outlines (a picture of the words, so copying or extracting the page's text never picks up pieces of
 * it between the real words), and once as small words at the top of the page, so anyone (and any program) reading
 * the text finds the file is a draft. Both are Pagination artifacts, outside the document's structure.
 */
export function mapWatermark(
  theme: PdfTheme,
  size: { width: number; height: number },
  repeat: Repeat = "fixed",
): ReactElement {
  const diagonal = Math.hypot(size.width, size.height);
  const angle = (Math.atan2(size.height, size.width) * 180) / Math.PI;
  // Across two thirds of the diagonal, centred on the page.
  const mark = outlinedText(theme.design.headingFont, WATERMARK_TEXT, {
    x: size.width / 2,
    y: size.height / 2,
    angle,
    width: diagonal * 0.66,
  });
  return (
    <View
      key="watermark"
      fixed={repeat === "fixed"}
      artifact="Pagination"
      style={{ position: "absolute", top: 0, left: 0, width: size.width, height: size.height }}
    >
      {/* Sized by its style: without a viewBox, react-pdf would make it square. */}
      <Svg width={size.width} height={size.height} style={{ width: size.width, height: size.height }}>
        <Path d={mark} fill={WATERMARK_COLOUR} fillOpacity={0.28} />
      </Svg>
      <View
        style={{
          position: "absolute",
          top: Math.max(4, theme.margin.top / 2 - theme.type.small),
          left: 0,
          right: 0,
          alignItems: "center",
        }}
      >
        <Text
          style={{
            fontFamily: theme.fonts.body,
            fontWeight: 700,
            fontSize: theme.type.small,
            color: WATERMARK_COLOUR,
            backgroundColor: "#ffffff",
            paddingHorizontal: theme.type.small * 0.5,
          }}
        >
          {WATERMARK_TEXT}
        </Text>
      </View>
    </View>
  );
}

/** Dark red: 7.4:1 on white. */
const WATERMARK_COLOUR = "#b0001e";

export type PageNumberStyle = "number" | "of-total";

function pageNumberStyle(theme: PdfTheme, style: PageNumberStyle) {
  return {
    fontFamily: theme.fonts.body,
    fontSize: theme.type.small,
    color: theme.colours.muted,
    textAlign:
      style === "number" ? ("center" as const) : theme.start === "left" ? ("right" as const) : ("left" as const),
  };
}

/**
 * "Page N of M" for each of `pageNumbers`, laid out alone at the width the page numbers have on the page (between
 * the margins), so their lines can replace those of the "Page N" drawn while the page count was not known yet.
 */
export function mapPageTotals(
  theme: PdfTheme,
  size: { width: number },
  pageNumbers: readonly number[],
  totalPages: number,
): ReactElement {
  const style = pageNumberStyle(theme, "of-total");
  const lineHeight = theme.type.small * 2;
  return (
    <Document>
      <Page
        size={[size.width, Math.max(lineHeight, (pageNumbers.length + 1) * lineHeight)]}
        style={{ paddingLeft: theme.margin.left, paddingRight: theme.margin.right }}
        wrap={false}
      >
        {pageNumbers.map((pageNumber) => (
          <View key={pageNumber}>
            <Text style={style} data-page-number={String(pageNumber)}>
              {pageNumberText(theme, "of-total", pageNumber, totalPages)}
            </Text>
          </View>
        ))}
      </Page>
    </Document>
  );
}

const pageNumberText = (theme: PdfTheme, style: PageNumberStyle, pageNumber: number, totalPages: number | undefined) =>
  style === "number" ? String(pageNumber) : theme.words.pageOf(pageNumber, totalPages);

/**
 * Page numbers at the foot of flowing pages: a render prop on a fixed node (classic pagination), or the numbers
 * themselves when a page layout draws them (`at`).
 */
export function mapPageNumbers(
  theme: PdfTheme,
  style: PageNumberStyle,
  at?: { pageNumber: number; totalPages?: number },
): ReactElement {
  const textStyle = pageNumberStyle(theme, style);
  return (
    <View
      key="page-number"
      fixed={!at}
      artifact="Pagination"
      style={{
        position: "absolute",
        left: theme.margin.left,
        right: theme.margin.right,
        bottom: Math.max(8, theme.margin.bottom / 2 - theme.type.small),
      }}
    >
      {at ? (
        // "Page N of M" is drawn as "Page N" and its lines are replaced once the page count is known (render-pdf).
        <Text style={textStyle} data-page-number={style === "of-total" ? String(at.pageNumber) : undefined}>
          {pageNumberText(theme, style, at.pageNumber, at.totalPages)}
        </Text>
      ) : (
        // No lineHeight here: react-pdf applies a unitless lineHeight twice to text made by a render prop.
        <Text
          style={textStyle}
          render={({ pageNumber, totalPages }) => pageNumberText(theme, style, pageNumber, totalPages)}
        />
      )}
    </View>
  );
}

export const LOGO_KEY = "logo";

/** The organisation's logo as a Figure whose alternate text names the organisation. */
export function mapLogo(
  theme: PdfTheme,
  logo: ResolvedImage | undefined,
  workspaceName: string,
  options: { maxHeight: number; onColour: boolean },
): ReactElement | null {
  if (!logo) return null;
  const maxWidth = theme.page.width * 0.4;
  const scale = Math.min(maxWidth / logo.width, options.maxHeight / logo.height);
  const image = (
    <Image
      tag="Figure"
      alt={logoAlt(workspaceName)}
      src={{ data: logo.data, format: logo.format }}
      style={{ width: logo.width * scale, height: logo.height * scale }}
    />
  );
  // On a coloured band the logo sits on its own background, so a dark logo stays visible.
  return options.onColour ? (
    <View key={LOGO_KEY} style={{ backgroundColor: theme.colours.background, padding: 6, borderRadius: 4 }}>
      {image}
    </View>
  ) : (
    <View key={LOGO_KEY}>{image}</View>
  );
}

/**
 * Footer text (contact details, charity number) once, as content, where the document ends, with the credits the
 * pictures' licences ask for.
 */
export function mapColophon(
  theme: PdfTheme,
  footerText: string,
  logo: ReactElement | null,
  credits: readonly string[] = [],
): ReactElement | null {
  const text = footerText.trim();
  if (!text && !logo && credits.length === 0) return null;
  const small = { ...bodyText(theme), fontSize: theme.type.small, lineHeight: 1.35 };
  return (
    <View key="colophon" tag="Div" wrap={false} style={{ marginTop: theme.space.block }}>
      {logo ? <View style={{ marginBottom: theme.space.paragraph }}>{logo}</View> : null}
      {text ? (
        <Text tag="P" style={small}>
          {text}
        </Text>
      ) : null}
      {credits.map((credit) => (
        // Credits are in English (the licences' own words), marked so a screen reader says them in English.
        <Text key={credit} tag="P" lang="en" style={{ ...small, marginTop: theme.space.paragraph * 0.5 }}>
          {credit}
        </Text>
      ))}
    </View>
  );
}
