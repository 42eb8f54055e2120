/**
 * A guide's contents page: one entry per section with its stage number and the page it starts on, its title a link
 * to the section's heading (described by that title in the PDF, not by the section's id). Page numbers come from a first layout pass (render-pdf.server.tsx); until then every
 * number is a placeholder in a fixed-width column, so filling them in cannot move anything else.
 */
import { Link, Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import type { SectionNode } from "./document-model";
import { bodyText, headingText, type PdfTheme } from "./theme";

export function mapContents(
  theme: PdfTheme,
  sections: SectionNode[],
  sectionPages: ReadonlyMap<string, number> | undefined,
  /** Each section's stage number in a guide (null where it has none). */
  stages: ReadonlyArray<number | null>,
): ReactElement {
  const numbered = stages.some((stage) => stage !== null);
  const text = bodyText(theme);
  const numberWidth = theme.type.body * 2.4;
  const pageWidth = theme.type.body * 2.6;
  const entries = sections.filter((section) => section.attrs.title.trim() !== "");
  return (
    <View key="contents" tag="Sect">
      <Text
        tag="H2"
        style={{ ...headingText(theme, 2), marginBottom: theme.space.block }}
        bookmark={{ title: theme.words.contents, fit: true }}
      >
        {theme.words.contents}
      </Text>
      <View tag="TOC">
        {entries.map((section) => {
          const target = `#${section.attrs.id}`;
          const page = sectionPages?.get(section.attrs.id);
          const stage = stages[sections.indexOf(section)];
          return (
            <View key={section.attrs.id} tag="TOCI" wrap={false}>
              <View
                tag="Reference"
                style={{
                  flexDirection: theme.row,
                  alignItems: "flex-start",
                  paddingVertical: theme.type.body * 0.45,
                  borderBottomWidth: 0.75,
                  borderBottomStyle: "dotted",
                  borderBottomColor: theme.colours.muted,
                }}
              >
                {/* Each part its own Span, so the number is read first, and as "Stage 4" (see mapSection). */}
                {numbered && stage ? (
                  <Text
                    tag="Span"
                    actualText={`Stage ${stage}: `}
                    style={{ ...text, width: numberWidth, fontWeight: 700, color: theme.colours.primary }}
                  >
                    {String(stage)}
                  </Text>
                ) : numbered ? (
                  // A closing section ("Contact us") has no stage: its title lines up with the others'.
                  <View style={{ width: numberWidth }} />
                ) : null}
                <Text tag={numbered ? "Span" : undefined} style={{ ...text, flex: 1 }}>
                  <Link src={target} style={{ color: theme.colours.text, textDecoration: "none" }}>
                    {section.attrs.title.trim()}
                  </Link>
                </Text>
                {/* One link per entry (the title): a second on the number would be read twice. */}
                <Text
                  tag={numbered ? "Span" : undefined}
                  data-contents-page={section.attrs.id}
                  style={{ ...text, width: pageWidth, textAlign: theme.start === "left" ? "right" : "left" }}
                >
                  {page === undefined ? "0" : String(page)}
                </Text>
              </View>
            </View>
          );
        })}
      </View>
    </View>
  );
}
