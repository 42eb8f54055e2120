/**
 * Canonical document + template + design → one react-pdf <Document>. Pure: the same input gives the same element
 * tree (tests snapshot it). What the template's imposition asks for:
 *   - booklet: cover page, inside pages the content flows through, back page with the contact section;
 *   - trifold: front panel, inside panels, back panel, each laid out as a page of the panel's size and then put on
 *     the two sides of the sheet in print order by render-pdf.server.tsx (see trifold.ts);
 *   - pages: a guide gets a cover and a contents page; other documents start with a title band.
 * Fixed-count layouts (booklet, tri-fold) say how many inside pages they want; the layout pass makes the type
 * smaller (within the template's rules) when the content does not fit, and fills spare pages with the pages the
 * designer chose (`spare`: notes pages or an inside back cover, spare-pages.tsx), never with blank ones.
 */
import { Document, Page, View } from "@react-pdf/renderer";
import type { Style } from "@react-pdf/types";
import { Children, cloneElement, type ReactElement } from "react";
import type { DocumentMeta } from "../../domain/document-hash";
import type { Design } from "../../domain/design";
import type { Template } from "../../domain/template";
import { mapSection, type MapContext, type ResolvedImage } from "./blocks";
import { mapContents } from "./contents-page";
import { stageNumbers } from "../../domain/stages";
import { coverBackground, mapCover, mapTitleBand, type FrontMatter } from "./cover";
import type { SectionNode } from "./document-model";
import { mapColophon, mapLogo, mapPageNumbers, mapWatermark, type PageNumberStyle } from "./page-furniture";
import { planPages, type SparePageKind } from "../page-plan";
import { mapBackCover, mapNotesPage } from "./spare-pages";
import { createTheme, type PdfTheme } from "./theme";
import { trifoldPageWidths } from "./trifold";
import { UnreachableCaseError } from "./unreachable-case-error";

export interface PdfDocumentInput {
  sections: SectionNode[];
  meta: DocumentMeta;
  design: Design;
  template: Template;
  /** Author of the PDF: the workspace (organisation) that publishes it. */
  workspaceName: string;
  /** Draw "DRAFT — not approved" across every page. */
  draft: boolean;
  /** Pictures by the `src` the document uses, and the logo under `design.logoUploadId`. */
  images: ReadonlyMap<string, ResolvedImage>;
  /** Credits the pictures' licences ask for (app/domain/picture-credits.ts), printed with the back matter. */
  credits?: readonly string[];
  /** Page each section starts on, for the contents page (from a layout pass). */
  sectionPages?: ReadonlyMap<string, number>;
  /** Copy fitting for folded leaflets (1 = the template's sizes); see `createTheme`. */
  typeScale?: number;
  /**
   * Folded leaflets: how many spare pages (panels) to fill after the content, before the back page, with the pages
   * `design.sparePages` asks for. Known only after a layout (render-pdf.server.ts lays out again with it).
   */
  spare?: number;
  /**
   * Use react-pdf's newer pagination engine (several times faster on long documents); page furniture is then drawn
   * by a page `layout` instead of `fixed` nodes. False: the classic engine.
   */
  experimentalPagination?: boolean;
  creationDate?: Date;
  /** Leave out the keeps that only make pages look better (render-pdf.server.ts, when a leaflet would not fit). */
  relaxKeeps?: boolean;
  /** Let short lists break between a folded leaflet's panels (the first keep given up when it would not fit). */
  breakLists?: boolean;
  /** Sections (ids) that start on a new page or panel (render-pdf.server.ts: never run from panel 4 onto the flap). */
  startOnNewPage?: ReadonlySet<string>;
  /**
   * With the newer engine, react-pdf lays every page out twice when a page layout could read the page count. Ours
   * draws "Page N" and render-pdf.server.ts fills in "of M" afterwards (`mapPageTotals`), so the second round is
   * skipped; `true` asks react-pdf for the count instead (when filling in failed).
   */
  totalsRound?: boolean;
}

/** How the laid-out pages are to be treated after layout. */
export type PagePlan =
  | { imposition: "pages"; contentsPage: boolean }
  | { imposition: "booklet" | "trifold"; insidePages: number; pagesPerSheet: number; spare: SparePageKind[] };

export interface MappedPdfDocument {
  element: ReactElement;
  /**
   * A guide's cover and contents pages alone, as a document of their own: laid out with the sections' page numbers
   * in, its numbers fill in the whole document's first layout (fillContentsPageNumbers) instead of a second layout
   * of everything.
   */
  frontElement?: ReactElement;
  plan: PagePlan;
  theme: PdfTheme;
  warnings: string[];
}

const KIND_LABELS: Record<Template["kind"], string> = {
  leaflet: "Leaflet",
  guide: "Guide",
  "easy-read": "Easy Read document",
};

type Size = { width: number; height: number };

function pageStyle(theme: PdfTheme, backgroundColor = theme.colours.background, extraBottom = 0): Style {
  return {
    paddingTop: theme.margin.top,
    paddingRight: theme.margin.right,
    paddingBottom: theme.margin.bottom + extraBottom,
    paddingLeft: theme.margin.left,
    backgroundColor,
    fontFamily: theme.fonts.body,
    color: theme.colours.text,
    direction: theme.direction,
  };
}

interface Builder {
  input: PdfDocumentInput;
  theme: PdfTheme;
  context: MapContext;
  front: FrontMatter;
  logo: ResolvedImage | undefined;
}

interface PageOptions {
  size: Size;
  key: string;
  style: Style;
  wrap: boolean;
  numbers: PageNumberStyle | null;
  children: ReactElement[];
}

/** A page with its furniture (draft watermark, page numbers) repeated the way the pagination engine wants it. */
function page(builder: Builder, options: PageOptions): ReactElement {
  const { theme, input } = builder;
  const { size, key, style, wrap, numbers, children } = options;
  if (!input.experimentalPagination) {
    return (
      <Page key={key} size={[size.width, size.height]} wrap={wrap} style={style}>
        {children}
        {numbers ? mapPageNumbers(theme, numbers) : null}
        {input.draft ? mapWatermark(theme, size) : null}
      </Page>
    );
  }
  return (
    <Page
      key={key}
      size={[size.width, size.height]}
      wrap={wrap}
      style={style}
      experimentalPagination
      layout={({ children: content, pageNumber = 1, totalPages }) => (
        <>
          {/* react-pdf hands the page's fragments over without keys; toArray gives them some. */}
          {Children.toArray(content)}
          {numbers ? mapPageNumbers(theme, numbers, { pageNumber, totalPages }) : null}
          {input.draft ? mapWatermark(theme, size, "layout") : null}
        </>
      )}
    >
      {children}
    </Page>
  );
}

function mapSections(builder: Builder, sections: SectionNode[]): ReactElement[] {
  const all = builder.input.sections;
  return sections.map((section) => mapSection(section, all.indexOf(section), builder.context));
}

function backMatter(builder: Builder): ReactElement | null {
  const { theme, logo, front } = builder;
  const backLogo =
    theme.design.logoPlacement === "back-page"
      ? mapLogo(theme, logo, front.workspaceName, { maxHeight: theme.type.h1 * 2, onColour: false })
      : null;
  return mapColophon(theme, theme.design.footerText, backLogo, builder.input.credits ?? []);
}

/**
 * The inside of a one-page page (cover, back): react-pdf sizes a page that does not wrap to its content, so a
 * full-height view keeps the page its real size (and lets the back matter sit at the foot of the page).
 */
function fullHeight(theme: PdfTheme, size: Size, children: ReactElement[]): ReactElement {
  return (
    <View key="page-body" style={{ height: size.height - theme.margin.top - theme.margin.bottom }}>
      {children}
    </View>
  );
}

function coverPage(builder: Builder, size: Size, key: string): ReactElement {
  const { theme } = builder;
  const cover = mapCover(theme, builder.front, size);
  const children = [...cover.backdrop, fullHeight(theme, size, cover.body)];
  return page(builder, {
    size,
    key,
    style: pageStyle(theme, coverBackground(theme)),
    wrap: false,
    numbers: null,
    children,
  });
}

function flowPage(
  builder: Builder,
  size: Size,
  key: string,
  children: ReactElement[],
  numbers: PageNumberStyle | null,
): ReactElement {
  return page(builder, { size, key, style: pageStyle(builder.theme), wrap: true, numbers, children });
}

function backPage(builder: Builder, size: Size, key: string, back: SectionNode | null): ReactElement {
  const { theme } = builder;
  const matter = backMatter(builder);
  const body = fullHeight(theme, size, [
    ...(back ? mapSections(builder, [back]) : []),
    ...(matter
      ? [
          <View style={{ marginTop: "auto" }} key="back-matter" data-back-matter>
            {matter}
          </View>,
        ]
      : []),
  ]);
  return page(builder, { size, key, style: pageStyle(theme), wrap: false, numbers: null, children: [body] });
}

/** A spare page after the words: a notes page (keeping a booklet's page numbers) or an inside back cover. */
function sparePage(
  builder: Builder,
  size: Size,
  kind: SparePageKind,
  index: number,
  numbers: PageNumberStyle | null,
): ReactElement {
  const { theme, input } = builder;
  return kind === "notes"
    ? page(builder, {
        size,
        key: `notes-${index}`,
        style: pageStyle(theme),
        wrap: false,
        numbers,
        children: [mapNotesPage(theme, size)],
      })
    : page(builder, {
        size,
        key: `back-cover-${index}`,
        style: pageStyle(theme, theme.colours.primary),
        wrap: false,
        numbers: null,
        children: [mapBackCover(theme, size, input.workspaceName, builder.logo)],
      });
}

/**
 * The document's pages as react-pdf elements, following the one page plan (app/render/page-plan.ts) the live
 * preview follows too; only the sizes and page numbers differ by imposition.
 */
function pages(builder: Builder): { pages: ReactElement[]; plan: PagePlan } {
  const { theme, input } = builder;
  const imposition = input.template.imposition;
  const planned = planPages({
    imposition,
    contentsPage: input.template.rules.contentsPage,
    sections: input.sections,
    spare: imposition === "pages" ? 0 : (input.spare ?? 0),
    sparePages: input.design.sparePages,
  });
  const height = theme.page.height;
  const widths =
    imposition === "trifold"
      ? trifoldPageWidths(input.template)
      : { front: theme.page.width, inside: theme.page.width, back: theme.page.width };
  const numbers: PageNumberStyle | null =
    imposition === "pages" ? "of-total" : imposition === "booklet" ? "number" : null;
  let spareIndex = 0;
  const elements = planned.pages.map((slot): ReactElement => {
    switch (slot.kind) {
      case "cover":
        return coverPage(builder, { width: widths.front, height }, imposition === "trifold" ? "front" : "cover");
      case "contents":
        return flowPage(
          builder,
          { width: widths.inside, height },
          "contents",
          [mapContents(theme, input.sections, input.sectionPages, builder.context.stages)],
          numbers,
        );
      case "flow": {
        const matter = imposition === "pages" ? backMatter(builder) : null;
        const body = [
          ...(planned.titleBand ? [mapTitleBand(theme, builder.front)] : []),
          ...mapSections(builder, planned.inside),
          ...(matter ? [matter] : []),
        ];
        return flowPage(
          builder,
          { width: widths.inside, height },
          imposition === "pages" ? "pages" : "inside",
          body,
          numbers,
        );
      }
      case "notes":
      case "back-cover":
        return sparePage(builder, { width: widths.inside, height }, slot.kind, spareIndex++, numbers);
      case "back":
        return backPage(builder, { width: widths.back, height }, "back", slot.section);
      default:
        throw new UnreachableCaseError(slot);
    }
  });
  const spare = planned.pages.flatMap((slot) =>
    slot.kind === "notes" || slot.kind === "back-cover" ? [slot.kind] : [],
  );
  const plan: PagePlan =
    imposition === "pages"
      ? { imposition, contentsPage: input.template.rules.contentsPage }
      : imposition === "booklet"
        ? { imposition, insidePages: (input.template.page.count ?? 8) - 2, pagesPerSheet: 4, spare }
        : { imposition, insidePages: (input.template.panels?.length ?? 6) - 2, pagesPerSheet: 6, spare };
  return { pages: elements, plan };
}

export function mapDocumentToPdf(input: PdfDocumentInput): MappedPdfDocument {
  const theme = createTheme(input.template, input.design, {
    typeScale: input.typeScale,
    language: input.meta.language,
  });
  const warnings: string[] = [];
  const imposition = input.template.imposition;
  const insideWidth = imposition === "trifold" ? trifoldPageWidths(input.template).inside : theme.page.width;
  const context: MapContext = {
    theme,
    images: input.images,
    draft: input.draft,
    keepBlocksWhole: imposition === "trifold",
    numberedStages: input.template.rules.numberedStages,
    stages: stageNumbers(input.sections, input.template.rules.numberedStages),
    contentWidth: insideWidth - theme.margin.left - theme.margin.right,
    warnings,
    startOnNewPage: input.startOnNewPage,
    relaxKeeps: input.relaxKeeps,
    breakLists: input.breakLists,
  };
  const logo = input.design.logoUploadId ? input.images.get(input.design.logoUploadId) : undefined;
  if (input.design.logoUploadId && !logo) warnings.push("The logo could not be found, so it is left out.");
  const title = input.meta.title.trim() || "Untitled document";
  const coverPicture = input.design.coverPicture;
  const pictureImage = coverPicture ? input.images.get(coverPicture.src) : undefined;
  if (coverPicture && !pictureImage) warnings.push("The cover picture could not be found, so it is left out.");
  const picture = coverPicture && pictureImage ? { image: pictureImage, alt: coverPicture.alt } : undefined;
  const builder: Builder = {
    input,
    theme,
    context,
    logo,
    front: { title, workspaceName: input.workspaceName, logo, picture },
  };

  const layout = pages(builder);

  const element = (
    <Document
      tagged
      title={title}
      author={input.workspaceName}
      subject={`${KIND_LABELS[input.template.kind]} (${input.template.name}), written for a reading age of ${input.meta.readingAge}`}
      keywords={input.sections
        .map((section) => section.attrs.title.trim())
        .filter(Boolean)
        .join(", ")}
      language={input.meta.language || "en-GB"}
      creator="Copress"
      producer="Copress (react-pdf and PDFKit)"
      creationDate={input.creationDate}
      pageMode={input.template.rules.contentsPage ? "useOutlines" : undefined}
      {...{ totalsRound: input.experimentalPagination ? (input.totalsRound ?? false) : undefined }}
    >
      {layout.pages}
    </Document>
  );
  const front = layout.pages.filter((page) => page.key === "cover" || page.key === "contents");
  const frontElement =
    layout.plan.imposition === "pages" && layout.plan.contentsPage && front.length === 2
      ? cloneElement(element, undefined, front)
      : undefined;
  return { element, frontElement, plan: layout.plan, theme, warnings };
}
