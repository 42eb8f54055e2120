/**
 * A readable, per-section text diff between two versions of a document (ProseMirror JSON), for people comparing
 * versions and for approvers asking "what changed since I last approved?". Sections are matched by id, so a
 * renamed or moved section is still the same section.
 */
import { diffWords } from "diff";

interface JsonNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
}

export interface SectionText {
  id: string;
  title: string;
  text: string;
}

const LINE_BLOCKS = new Set(["paragraph", "heading", "listItem", "image", "easyReadRow"]);

/** Plain text of each section, one line per block, as a reader would meet it. */
export function sectionTexts(document: unknown): SectionText[] {
  const root = document as JsonNode;
  return (root.content ?? [])
    .filter((node) => node.type === "section")
    .map((section) => {
      const lines: string[] = [];
      // A block's kind is part of what a reader meets: a paragraph made a heading, or words made a list, show as changes.
      const walk = (node: JsonNode, line: string[], prefix = ""): void => {
        if (node.type === "text") {
          line.push(node.text ?? "");
          return;
        }
        if (node.type === "hardBreak") {
          line.push(" ");
          return;
        }
        if (node.type === "image") {
          const alt = node.attrs?.decorative ? "" : String(node.attrs?.alt ?? "");
          lines.push(`[Picture${alt ? `: ${alt}` : ""}]`);
          return;
        }
        if (node.type === "bulletList" || node.type === "orderedList") {
          (node.content ?? []).forEach((item, index) =>
            walk(item, line, node.type === "bulletList" ? "• " : `${index + 1}. `),
          );
          return;
        }
        if (node.type && LINE_BLOCKS.has(node.type) && node.type !== "listItem") {
          const own: string[] = [];
          for (const child of node.content ?? []) walk(child, own);
          if (node.type === "easyReadRow") return; // its paragraphs were pushed as lines already
          lines.push(`${node.type === "heading" ? "Heading: " : prefix}${own.join("")}`);
          return;
        }
        // A list item's first paragraph carries its bullet or number; the rest of the item (and anything else) none.
        (node.content ?? []).forEach((child, index) =>
          walk(child, line, node.type === "listItem" && index === 0 ? prefix : ""),
        );
      };
      for (const block of section.content ?? []) walk(block, []);
      return {
        id: String(section.attrs?.id ?? ""),
        title: String(section.attrs?.title ?? ""),
        text: lines.filter((l) => l.length > 0 && l !== "Heading: ").join("\n"),
      };
    });
}

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface SectionDiff {
  sectionId: string;
  title: string;
  previousTitle: string | null;
  change: "added" | "removed" | "changed" | "unchanged";
  parts: DiffPart[];
}

export function diffDocuments(before: unknown, after: unknown): SectionDiff[] {
  const old = new Map(sectionTexts(before).map((s) => [s.id, s]));
  const result: SectionDiff[] = [];
  for (const section of sectionTexts(after)) {
    const previous = old.get(section.id);
    old.delete(section.id);
    if (!previous) {
      result.push({
        sectionId: section.id,
        title: section.title,
        previousTitle: null,
        change: "added",
        parts: [{ value: section.text, added: true }],
      });
      continue;
    }
    const parts = diffWords(previous.text, section.text).map(({ value, added, removed }) => ({
      value,
      ...(added ? { added } : {}),
      ...(removed ? { removed } : {}),
    }));
    const changed = parts.some((p) => p.added || p.removed) || previous.title !== section.title;
    result.push({
      sectionId: section.id,
      title: section.title,
      previousTitle: previous.title !== section.title ? previous.title : null,
      change: changed ? "changed" : "unchanged",
      parts,
    });
  }
  for (const removed of old.values()) {
    result.push({
      sectionId: removed.id,
      title: removed.title,
      previousTitle: null,
      change: "removed",
      parts: [{ value: removed.text, removed: true }],
    });
  }
  return result;
}
