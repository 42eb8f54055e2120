/**
 * Pages that fill a folded leaflet's spare pages, so nothing is printed blank (design `sparePages`; which pages
 * are spare is decided in spare-page-plan.ts):
 *   - a notes page: "Notes" and ruled lines for the reader's own notes;
 *   - an inside back cover: the page in the brand's main colour with the organisation's logo and name.
 * Both are decoration for a reader of the tagged PDF (Layout artifacts): a screen reader has nothing to read there.
 */
import { Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import type { ResolvedImage } from "./blocks";
import { mapLogo } from "./page-furniture";
import { bodyText, headingText, type PdfTheme } from "./theme";

export { sparePageKinds, type SparePageKind } from "../page-plan";

/** Room kept at the foot of a notes page for its page number. */
const PAGE_NUMBER_ROOM = 1.6;

/** The inside of a notes page of `size` (within the margins): the title, then lines down to the page number. */
export function mapNotesPage(theme: PdfTheme, size: { width: number; height: number }): ReactElement {
  const available = size.height - theme.margin.top - theme.margin.bottom;
  const titleHeight = theme.type.h2 * 1.25 + theme.space.paragraph;
  const gap = Math.max(theme.type.body * theme.type.lineHeight * 1.5, 22);
  const lines = Math.max(1, Math.floor((available - titleHeight - theme.type.small * PAGE_NUMBER_ROOM) / gap));
  return (
    <View key="notes" artifact="Layout" style={{ height: available }}>
      <Text style={{ ...headingText(theme, 2), marginBottom: theme.space.paragraph }}>{theme.words.notes}</Text>
      {Array.from({ length: lines }, (_, index) => (
        <View key={index} style={{ height: gap, borderBottomWidth: 0.75, borderBottomColor: theme.colours.muted }} />
      ))}
    </View>
  );
}

/** The inside of an inside back cover: the organisation's logo and name near the foot of a page in the main colour. */
export function mapBackCover(
  theme: PdfTheme,
  size: { width: number; height: number },
  workspaceName: string,
  logo: ResolvedImage | undefined,
): ReactElement {
  const available = size.height - theme.margin.top - theme.margin.bottom;
  const logoElement = mapLogo(theme, logo, workspaceName, { maxHeight: theme.type.h1 * 2.5, onColour: true });
  return (
    <View key="back-cover" artifact="Layout" style={{ height: available, justifyContent: "flex-end" }}>
      {logoElement ? (
        <View style={{ marginBottom: theme.space.block, flexDirection: "row" }}>{logoElement}</View>
      ) : null}
      {workspaceName.trim() ? (
        <Text style={{ ...bodyText(theme), color: theme.colours.onPrimary, fontWeight: 700 }}>
          {workspaceName.trim()}
        </Text>
      ) : null}
    </View>
  );
}
