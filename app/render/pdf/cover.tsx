/**
 * The front of a document: a cover page (booklet, guide, tri-fold front panel) or a title band at the top of the
 * first page (documents without a cover). The title is the document's only H1.
 */
import { Image, Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import { coverArt } from "../cover-art";
import { fitImage, type ResolvedImage } from "./blocks";
import { mapLogo } from "./page-furniture";
import { bodyText, headingText, type PdfTheme } from "./theme";

export interface FrontMatter {
  title: string;
  workspaceName: string;
  logo: ResolvedImage | undefined;
  /** The cover picture (Design, "Cover picture") and its description; none when not chosen or not found. */
  picture?: { image: ResolvedImage; alt: string };
}

function logoRow(theme: PdfTheme, front: FrontMatter, onColour: boolean, maxHeight: number): ReactElement | null {
  const { logoPlacement } = theme.design;
  if (logoPlacement === "back-page") return null;
  const logo = mapLogo(theme, front.logo, front.workspaceName, { maxHeight, onColour });
  if (!logo) return null;
  return (
    <View
      key="logo-row"
      style={{ flexDirection: "row", justifyContent: logoPlacement === "top-right" ? "flex-end" : "flex-start" }}
    >
      {logo}
    </View>
  );
}

/**
 * A cover page of `size`: `backdrop` is drawn on the page itself (the colour band, the shapes of a cover without a
 * picture), `body` inside the margins.
 */
export function mapCover(
  theme: PdfTheme,
  front: FrontMatter,
  size: { width: number; height: number },
): { backdrop: ReactElement[]; body: ReactElement[] } {
  const { coverStyle } = theme.design;
  const { colours } = theme;
  const titleOnColour = coverStyle !== "plain";
  const bandHeight = size.height * 0.55;
  const backdrop =
    coverStyle === "band" ? (
      <View
        key="band"
        artifact="Background"
        style={{
          position: "absolute",
          top: 0,
          left: 0,
          width: size.width,
          height: bandHeight,
          backgroundColor: colours.primary,
        }}
      />
    ) : null;
  const shapes =
    !front.picture && theme.design.coverArt === "shapes"
      ? coverArt({
          size,
          margin: theme.margin,
          body: theme.type.body,
          titleBottom: bandHeight,
          coverStyle,
          colours,
          direction: theme.direction,
        }).map((shape, index) => (
          <View
            key={`cover-shape-${index}`}
            artifact="Background"
            style={{
              position: "absolute",
              left: shape.left,
              top: shape.top,
              width: shape.size,
              height: shape.size,
              borderRadius: shape.size / 2,
              ...(shape.kind === "disc"
                ? { backgroundColor: shape.colour }
                : { borderWidth: shape.stroke, borderColor: shape.colour }),
            }}
          />
        ))
      : [];
  const elements: ReactElement[] = [];
  const logo = logoRow(theme, front, titleOnColour, theme.type.h1 * 2.5);
  elements.push(
    <View
      key="title-area"
      style={{ height: bandHeight - theme.margin.top - theme.type.body, justifyContent: "space-between" }}
    >
      {logo ?? <View />}
      <Text
        tag="H1"
        style={{
          ...headingText(theme, 1),
          color: titleOnColour ? colours.onPrimary : colours.primary,
          lineHeight: Math.max(1.15, theme.headingLineHeight * 0.92),
        }}
      >
        {front.title}
      </Text>
    </View>,
  );
  // Without a picture the publisher stands at the foot of the cover, so the page's white is balanced between the
  // title and the name rather than left as one empty block under them; with one it sits under the title, above it.
  if (!front.picture) elements.push(<View key="cover-space" style={{ flexGrow: 1 }} />);
  elements.push(
    <Text
      key="publisher"
      tag="P"
      style={{
        ...bodyText(theme),
        marginTop: front.picture ? theme.type.body * 2 : 0,
        color: coverStyle === "full-colour" ? colours.onPrimary : colours.text,
        fontWeight: 700,
      }}
    >
      {front.workspaceName}
    </Text>,
  );
  if (front.picture) {
    // Under the title, as large as the rest of the cover allows; a picture without a description is decoration.
    const { image, alt } = front.picture;
    const room = {
      width: size.width - theme.margin.left - theme.margin.right,
      height: size.height - bandHeight - theme.margin.bottom - theme.type.body * 5,
    };
    const fitted = fitImage(image, room.width, Math.max(room.height, theme.type.body * 4));
    elements.push(
      <View key="cover-picture" style={{ marginTop: theme.type.body * 1.5, alignItems: "center" }}>
        {alt.trim() ? (
          <Image tag="Figure" alt={alt.trim()} src={{ data: image.data, format: image.format }} style={fitted} />
        ) : (
          <Image artifact src={{ data: image.data, format: image.format }} style={fitted} />
        )}
      </View>,
    );
  }
  return { backdrop: [...(backdrop ? [backdrop] : []), ...shapes], body: elements };
}

/** Page style of a cover: full-colour covers are filled with the primary colour. */
export function coverBackground(theme: PdfTheme): string {
  return theme.design.coverStyle === "full-colour" ? theme.colours.primary : theme.colours.background;
}

/** A coloured title band across the top of the first page, bleeding to the page edges. */
export function mapTitleBand(theme: PdfTheme, front: FrontMatter): ReactElement {
  const { colours, margin } = theme;
  const onColour = theme.design.coverStyle !== "plain";
  const logo = logoRow(theme, front, onColour, theme.type.h1 * 1.8);
  return (
    <View
      key="title-band"
      wrap={false}
      style={{
        marginTop: -margin.top,
        marginLeft: -margin.left,
        marginRight: -margin.right,
        paddingTop: margin.top,
        paddingLeft: margin.left,
        paddingRight: margin.right,
        paddingBottom: theme.type.body * 1.2,
        marginBottom: theme.space.section,
        backgroundColor: onColour ? colours.primary : colours.background,
        borderBottomWidth: onColour ? 0 : 3,
        borderBottomColor: colours.primary,
      }}
    >
      {logo ? <View style={{ marginBottom: theme.type.body }}>{logo}</View> : null}
      <Text
        tag="H1"
        style={{
          ...headingText(theme, 1),
          color: onColour ? colours.onPrimary : colours.primary,
          lineHeight: Math.max(1.15, theme.headingLineHeight * 0.92),
        }}
      >
        {front.title}
      </Text>
    </View>
  );
}
