/** The preview's page furniture and whole pages: logo, colophon, title band, cover, contents, notes, back cover. */
import type { ReactNode } from "react";
import { coverArt } from "~/render/cover-art";
import type { SparePageKind } from "~/render/page-plan";
import {
  Block,
  bodyStyle,
  Heading,
  headingStyle,
  ListItem,
  PrintedWords,
  pt,
  SectionTitle,
  type RenderContext,
} from "./blocks";
import type { FlowUnit } from "./flow-units";
import type { SectionJson } from "./document";

export function Logo({
  context,
  onColour,
  maxHeight,
}: {
  context: RenderContext;
  onColour: boolean;
  maxHeight: number;
}) {
  if (!context.logoUrl) return null;
  const image = (
    <img
      className="lp-logo"
      src={context.logoUrl}
      alt={`${context.workspaceName} logo`}
      style={{ maxHeight: pt(maxHeight), maxWidth: pt(context.theme.page.width * 0.4) }}
    />
  );
  return onColour ? (
    <span className="lp-logo-box" style={{ background: context.theme.colours.background }}>
      {image}
    </span>
  ) : (
    image
  );
}

export function Colophon({ context }: { context: RenderContext }) {
  const { theme, design } = context;
  const text = design.footerText.trim();
  const logo =
    design.logoPlacement === "back-page" ? (
      <Logo context={context} onColour={false} maxHeight={theme.type.h1 * 2} />
    ) : null;
  if (!text && !logo && context.credits.length === 0) return null;
  const small = { ...bodyStyle(theme), fontSize: pt(theme.type.small), lineHeight: 1.35, margin: 0 };
  return (
    <div style={{ marginTop: pt(theme.space.block) }}>
      {logo ? <div style={{ marginBottom: pt(theme.space.paragraph) }}>{logo}</div> : null}
      {text ? <p style={small}>{text}</p> : null}
      {context.credits.map((credit) => (
        // In English, the licences' own words, as the PDF prints them.
        <p key={credit} lang="en" style={{ ...small, marginTop: pt(theme.space.paragraph * 0.5) }}>
          {credit}
        </p>
      ))}
    </div>
  );
}

export function TitleBand({ context }: { context: RenderContext }) {
  const { theme, design } = context;
  const onColour = design.coverStyle !== "plain";
  return (
    <div
      style={{
        margin: `${pt(-theme.margin.top)} ${pt(-theme.margin.right)} ${pt(theme.space.section)} ${pt(-theme.margin.left)}`,
        padding: `${pt(theme.margin.top)} ${pt(theme.margin.right)} ${pt(theme.type.body * 1.2)} ${pt(theme.margin.left)}`,
        background: onColour ? theme.colours.primary : theme.colours.background,
        borderBottom: onColour ? "none" : `3pt solid ${theme.colours.primary}`,
      }}
    >
      {design.logoPlacement !== "back-page" && context.logoUrl ? (
        <div
          style={{
            marginBottom: pt(theme.type.body),
            textAlign: design.logoPlacement === "top-right" ? "right" : "left",
          }}
        >
          <Logo context={context} onColour={onColour} maxHeight={theme.type.h1 * 1.8} />
        </div>
      ) : null}
      <Heading
        level={context.headingBase}
        style={{
          ...headingStyle(theme, 1),
          color: onColour ? theme.colours.onPrimary : theme.colours.primary,
          lineHeight: 1.15,
        }}
      >
        <PrintedWords text={context.title} />
      </Heading>
    </div>
  );
}

/**
 * Units as a page shows them: a list's items on the page grouped as one list for screen readers (a list split over
 * two pages reads as a list on each). The group is a flex column like the page, so the items' heights and margins
 * add up exactly as measured.
 */
export function Units({ units, context }: { units: FlowUnit[]; context: RenderContext }) {
  const groups: FlowUnit[][] = [];
  for (const unit of units) {
    const previous = groups.at(-1)?.at(-1);
    if (unit.kind === "listItem" && previous?.kind === "listItem" && previous.list === unit.list)
      groups.at(-1)!.push(unit);
    else groups.push([unit]);
  }
  return groups.map((group) =>
    group[0]!.kind === "listItem" ? (
      <div key={group[0]!.key} className="lp-list" role="list">
        {group.map((unit) => (
          <Unit key={unit.key} unit={unit} context={context} role="listitem" />
        ))}
      </div>
    ) : (
      <Unit key={group[0]!.key} unit={group[0]!} context={context} />
    ),
  );
}

export function Unit({ unit, context, role }: { unit: FlowUnit; context: RenderContext; role?: "listitem" }) {
  const { theme } = context;
  let body: ReactNode;
  switch (unit.kind) {
    case "titleBand":
      body = <TitleBand context={context} />;
      break;
    case "sectionTitle":
      body = <SectionTitle unit={unit} context={context} />;
      break;
    case "block":
      body = <Block block={unit.block} context={context} last={unit.last} />;
      break;
    case "listItem":
      body = <ListItem unit={unit} context={context} />;
      break;
    case "colophon":
      body = <Colophon context={context} />;
      break;
  }
  // Each unit contains its own margins (flow-root), so measured heights add up exactly on the page.
  return (
    <div
      className="lp-unit"
      role={role}
      data-unit={unit.key}
      style={{
        marginBottom:
          unit.kind !== "titleBand" && unit.kind !== "colophon" && unit.last ? pt(theme.space.section) : undefined,
      }}
    >
      {body}
    </div>
  );
}

export function Cover({ context, size }: { context: RenderContext; size: { width: number; height: number } }) {
  const { theme, design } = context;
  const { colours } = theme;
  const titleOnColour = design.coverStyle !== "plain";
  const bandHeight = size.height * 0.55;
  return (
    <>
      {design.coverStyle === "band" ? (
        <div
          className="lp-cover-band"
          style={{ height: pt(bandHeight), background: colours.primary }}
          aria-hidden="true"
        />
      ) : null}
      {!design.coverPicture && design.coverArt === "shapes"
        ? // As in the PDF (app/render/cover-art.ts; the preview lays out left to right).
          coverArt({
            size,
            margin: theme.margin,
            body: theme.type.body,
            titleBottom: bandHeight,
            coverStyle: design.coverStyle,
            colours,
            direction: "ltr",
          }).map((shape, index) => (
            <div
              key={index}
              className="lp-cover-shape"
              aria-hidden="true"
              style={{
                left: pt(shape.left),
                top: pt(shape.top),
                width: pt(shape.size),
                height: pt(shape.size),
                ...(shape.kind === "disc"
                  ? { background: shape.colour }
                  : { border: `${pt(shape.stroke)} solid ${shape.colour}` }),
              }}
            />
          ))
        : null}
      <div className="lp-cover-title" style={{ height: pt(bandHeight - theme.margin.top - theme.type.body) }}>
        {design.logoPlacement !== "back-page" && context.logoUrl ? (
          // A row, as in the PDF: the logo is a block on a plain cover and a box on colour, and both go to its side.
          <div
            style={{
              display: "flex",
              justifyContent: design.logoPlacement === "top-right" ? "flex-end" : "flex-start",
            }}
          >
            <Logo context={context} onColour={titleOnColour} maxHeight={theme.type.h1 * 2.5} />
          </div>
        ) : (
          <div />
        )}
        <Heading
          level={context.headingBase}
          style={{
            ...headingStyle(theme, 1),
            color: titleOnColour ? colours.onPrimary : colours.primary,
            lineHeight: 1.15,
          }}
        >
          <PrintedWords text={context.title} />
        </Heading>
      </div>
      <p
        style={{
          ...bodyStyle(theme),
          margin: 0,
          // As in the PDF: at the foot of the cover without a picture, under the title with one.
          marginTop: design.coverPicture ? pt(theme.type.body * 2) : "auto",
          fontWeight: 700,
          color: design.coverStyle === "full-colour" ? colours.onPrimary : colours.text,
        }}
      >
        {context.workspaceName}
      </p>
      {design.coverPicture ? (
        // As in the PDF: under the title, as large as the rest of the cover allows.
        <div style={{ marginTop: pt(theme.type.body * 1.5), textAlign: "center" }}>
          <img
            src={design.coverPicture.src}
            alt={design.coverPicture.alt}
            style={{
              maxWidth: "100%",
              maxHeight: pt(
                Math.max(size.height - bandHeight - theme.margin.bottom - theme.type.body * 5, theme.type.body * 4),
              ),
              objectFit: "contain",
            }}
          />
        </div>
      ) : null}
    </>
  );
}

export function Contents({
  sections,
  startPages,
  context,
}: {
  sections: SectionJson[];
  startPages: Map<SectionJson, number>;
  context: RenderContext;
}) {
  const { theme } = context;
  const entries = sections.filter((section) => (section.attrs?.title ?? "").trim() !== "");
  return (
    <>
      <Heading
        level={context.headingBase + 1}
        style={{ ...headingStyle(theme, 2), marginBottom: pt(theme.space.block) }}
      >
        Contents
      </Heading>
      <ol className="lp-contents">
        {entries.map((section) => (
          <li
            key={section.attrs?.id ?? section.attrs?.title}
            style={{
              ...bodyStyle(theme),
              padding: `${pt(theme.type.body * 0.45)} 0`,
              borderBottom: `0.75pt dotted ${theme.colours.muted}`,
            }}
          >
            {context.numberedStages ? (
              <span
                style={{
                  width: pt(theme.type.body * 2.4),
                  fontWeight: 700,
                  color: theme.colours.primary,
                  flex: "none",
                }}
              >
                {context.stages[sections.indexOf(section)] ?? ""}
              </span>
            ) : null}
            <span style={{ flex: 1 }}>{section.attrs?.title?.trim()}</span>
            <span style={{ width: pt(theme.type.body * 2.6), textAlign: "right", flex: "none" }}>
              <span className="visually-hidden">page </span>
              {startPages.get(section) ?? "–"}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** A notes page as the PDF draws it (spare-pages.tsx): "Notes" and ruled lines. Decoration, so hidden from screen readers. */
export function NotesPage({ context, heightPt }: { context: RenderContext; heightPt: number }) {
  const { theme } = context;
  const available = heightPt - theme.margin.top - theme.margin.bottom;
  const gap = Math.max(theme.type.body * theme.type.lineHeight * 1.5, 22);
  const lines = Math.max(
    1,
    Math.floor((available - theme.type.h2 * 1.25 - theme.space.paragraph - theme.type.small * 1.6) / gap),
  );
  return (
    <div className="lp-notes-page" aria-hidden="true">
      <p style={{ ...headingStyle(theme, 2), marginBottom: pt(theme.space.paragraph) }}>Notes</p>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} style={{ height: pt(gap), borderBottom: `0.75pt solid ${theme.colours.muted}` }} />
      ))}
    </div>
  );
}

/** An inside back cover as the PDF draws it: the organisation's logo and name on the main colour. */
export function BackCoverPage({ context }: { context: RenderContext }) {
  const { theme } = context;
  return (
    <div className="lp-back-cover" aria-hidden="true">
      {context.logoUrl ? (
        <div style={{ marginBottom: pt(theme.space.block) }}>
          <Logo context={context} onColour maxHeight={theme.type.h1 * 2.5} />
        </div>
      ) : null}
      <p style={{ ...bodyStyle(theme), margin: 0, color: theme.colours.onPrimary, fontWeight: 700 }}>
        {context.workspaceName}
      </p>
    </div>
  );
}

/** "notes page", "notes pages", "notes panel", "inside back cover"… */
export function sparePageWords(kind: SparePageKind, unit: "page" | "panel", many = false): string {
  if (kind === "notes") return `notes ${unit}${many ? "s" : ""}`;
  return unit === "panel" ? `panel${many ? "s" : ""} in your colours` : `inside back cover${many ? "s" : ""}`;
}
