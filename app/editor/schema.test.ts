import { describe, expect, it } from "vitest";
import { BLOCK_TYPES } from "../domain/blocks";
import { loadTemplates } from "../../server/services/templates";
import { documentSchema } from "./schema.server";

describe("the one list of block types", () => {
  it("is exactly the blocks the editor's schema lets a section hold", () => {
    const blocks = Object.values(documentSchema.nodes)
      .filter((node) => node.isInGroup("block"))
      .map((node) => node.name)
      .sort();
    expect(blocks).toEqual([...BLOCK_TYPES].sort());
    // A section holds blocks and nothing else.
    expect(documentSchema.nodes.section!.contentMatch.matchType(documentSchema.nodes.paragraph!)).toBeTruthy();
    expect(documentSchema.nodes.section!.contentMatch.matchType(documentSchema.nodes.listItem!)).toBeFalsy();
  });

  it("is what every template allows from and starts its sections with", () => {
    for (const template of loadTemplates(new URL("../../templates", import.meta.url).pathname).values()) {
      for (const block of template.allowedBlocks) expect(BLOCK_TYPES).toContain(block);
      for (const section of template.starterSections)
        for (const block of section.blocks) expect(BLOCK_TYPES).toContain(block.type);
    }
  });
});
