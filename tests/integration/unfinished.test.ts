/**
 * Nothing unfinished gets published (issue 12), against the real server: a new document from each template holds
 * hints, not words; the checks report every hint nobody filled in and any blank page as must-fix findings; approval
 * and publishing are refused with a plain reason while they remain; once a writer has written over the hints (through
 * a real sync client, as the editor does) nothing blocks, and the published booklet has something on every page.
 * A document made before hints existed, still holding the template's example
 * words as text, is caught too.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CheckReport, ReportedFinding } from "../../app/domain/checks/types";
import { documentSchema } from "../../app/editor/schema.server";
import type { Template } from "../../app/domain/template";
import { loadTemplates } from "../../server/services/templates";
import { api, connect, eventually, signIn, waitForSync } from "../helpers/clients";
import { projectRoot, removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const tokens: Record<string, string> = {};
const templates = loadTemplates(path.join(projectRoot, "templates"));

interface Canonical {
  content: unknown;
  hash: string;
}
interface Unmet {
  code: string;
  scope: string;
  message: string;
}

const canonical = async (id: string) => (await api<Canonical>(server.url, tokens.cora!, `/api/documents/${id}`)).body;
const checks = async (id: string) => {
  const response = await api<CheckReport>(server.url, tokens.wren!, `/api/documents/${id}/checks`, { method: "POST" });
  expect(response.status).toBe(200);
  return response.body;
};
const byRule = (report: CheckReport, rule: string) => report.findings.filter((finding) => finding.rule === rule);

async function create(title: string, templateId: string): Promise<string> {
  const created = await api<{ id: string }>(server.url, tokens.cora!, "/api/documents", {
    method: "POST",
    body: JSON.stringify({ title, templateId }),
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** The hints a template starts with, in document order. */
function hintsOf(template: Template): string[] {
  const hints: string[] = [];
  const visit = (node: { attrs?: { placeholder?: string }; content?: unknown[] }) => {
    if (node.attrs?.placeholder) hints.push(node.attrs.placeholder);
    (node.content ?? []).forEach((child) => visit(child as typeof node));
  };
  template.starterSections.forEach((section) => section.blocks.forEach((block) => visit(block as never)));
  return hints;
}

/** Every hinted block of a Y.Doc's content, depth first. */
function hintedBlocks(doc: Y.Doc): Y.XmlElement[] {
  const found: Y.XmlElement[] = [];
  const visit = (element: Y.XmlElement | Y.XmlFragment) => {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.getAttribute("placeholder") && child.length === 0) found.push(child);
      else visit(child);
    }
  };
  visit(doc.getXmlFragment("content"));
  return found;
}

/** A writer writes over every hint, as the editor does when someone types into a hinted block. */
async function writeOverHints(id: string, words: (hint: string) => string) {
  const writer = connect(server.url, id, tokens.wren!);
  await waitForSync(writer);
  writer.doc.transact(() => {
    for (const block of hintedBlocks(writer.doc))
      block.insert(0, [new Y.XmlText(words(String(block.getAttribute("placeholder"))))]);
  });
  await eventually(async () => expect(unfilledHints((await canonical(id)).content)).toBe(0));
  writer.destroy();
}

/** How many hinted blocks of a canonical document nobody has written in. */
function unfilledHints(content: unknown): number {
  let count = 0;
  documentSchema.nodeFromJSON(content).descendants((node) => {
    if (node.isTextblock && node.attrs.placeholder && node.content.size === 0) count += 1;
    return !node.isTextblock;
  });
  return count;
}

/** pdftotext of each page, numbers-only lines (page numbers) removed. */
function pageTexts(bytes: ArrayBuffer): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "copress-unfinished-"));
  try {
    const file = path.join(dir, "document.pdf");
    writeFileSync(file, Buffer.from(bytes));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())![1]);
    return Array.from({ length: pages }, (_, index) =>
      execFileSync("pdftotext", ["-f", String(index + 1), "-l", String(index + 1), "-layout", file, "-"])
        .toString()
        .replace(/^\s*\d+\s*$/gm, "")
        .replace(/\s+/g, " ")
        .trim(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "abi", "alex"]) tokens[name] = await signIn(server.url, name);
});

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe.each([...templates.values()].map((template) => ({ id: template.id, template })))(
  "a new $id document",
  ({ id: templateId, template }) => {
    it("holds hints, not words; the checks find every hint as must-fix, and after writing over them nothing blocks", async () => {
      const id = await create(`Unfinished ${templateId}`, templateId);
      const hints = hintsOf(template);
      expect(hints.length).toBeGreaterThan(0);
      const before = await canonical(id);
      expect(documentSchema.nodeFromJSON(before.content).textContent).toBe("");

      const report = await checks(id);
      const found = byRule(report, "template-text");
      expect(found.map((finding) => finding.text)).toEqual(hints);
      const doc = documentSchema.nodeFromJSON(before.content);
      for (const finding of found) {
        expect(finding).toMatchObject({ severity: "blocker", source: "template", target: "node" });
        // The finding's range is exactly the hinted block.
        const node = doc.nodeAt(finding.range!.from)!;
        expect(node.attrs.placeholder).toBe(finding.text);
        expect(finding.range!.to - finding.range!.from).toBe(node.nodeSize);
      }
      // The hints are never words of the HTML the checks (and releases) use.
      const html = await api<string>(server.url, tokens.cora!, `/api/documents/${id}/html`);
      for (const hint of hints) expect(html.body).not.toContain(hint);

      await writeOverHints(id, (hint) => `Our own words instead of the hint ${hints.indexOf(hint) + 1}.`);
      const after = await checks(id);
      expect(after.findings.filter((finding) => finding.severity === "blocker")).toEqual([]);
      expect(after.counts.blocker).toBe(0);
    });
  },
);

describe("sign-off and publishing while template text remains", () => {
  let id: string;

  beforeAll(async () => {
    id = await create("Know your rights", "a5-booklet");
  });

  it("reports the blank back page by its number, with the template text", async () => {
    const report = await checks(id);
    const blank = byRule(report, "blank-page");
    expect(blank.map((finding) => [finding.severity, finding.text, finding.message])).toEqual([
      [
        "blocker",
        // The hints are never printed: the words fill less than a sheet, so the booklet is one sheet of 4 pages.
        "Page 4 of 4",
        "Page 4 of 4 (the back page) is blank. A blank page makes the leaflet look unfinished.",
      ],
    ]);
    expect(byRule(report, "empty-section")).toEqual([]);
  });

  it("refuses an approval and a release, saying plainly that the template's words are still there", async () => {
    const { hash } = await canonical(id);
    const approval = await api<{ error: { code: string; message: string } }>(
      server.url,
      tokens.abi!,
      `/api/documents/${id}/approvals`,
      {
        method: "POST",
        body: JSON.stringify({ scope: "content", decision: "approve", hash }),
      },
    );
    expect(approval.status).toBe(409);
    expect(approval.body.error.code).toBe("blocked_by_checks");
    expect(approval.body.error.message).toMatch(/the template's words are still in 17 places and 1 page is blank/);

    const release = await api<{ unmet: Unmet[] }>(server.url, tokens.cora!, `/api/documents/${id}/releases`, {
      method: "POST",
    });
    expect(release.status).toBe(409);
    const blocking = release.body.unmet.find((rule) => rule.code === "checks_blocking")!;
    expect(blocking).toEqual({
      code: "checks_blocking",
      scope: "checks",
      message:
        "The checks found 18 problems that must be fixed first: the template's words are still in 17 places and 1 page is blank.",
    });
  });

  it("once the words are written: approved, published, and the booklet has something on every page", async () => {
    let written = 0;
    await writeOverHints(id, (hint) =>
      hint.startsWith("Phone")
        ? "Phone: 0808 157 0123, Monday to Friday"
        : hint.startsWith("Email")
          ? "Email: help@demo-charity.example"
          : `Words we wrote, part ${++written}.`,
    );
    const report = await checks(id);
    expect(report.counts.blocker).toBe(0);
    const { hash } = await canonical(id);
    for (const [who, scope] of [
      ["abi", "content"],
      ["alex", "design"],
    ] as const) {
      const decided = await api(server.url, tokens[who]!, `/api/documents/${id}/approvals`, {
        method: "POST",
        body: JSON.stringify({ scope, decision: "approve", hash }),
      });
      expect(decided.status).toBe(201);
    }
    const release = await api<{ id: string; number: number }>(
      server.url,
      tokens.cora!,
      `/api/documents/${id}/releases`,
      { method: "POST" },
    );
    expect(release.status).toBe(201);
    const pdf = await fetch(`${server.url}/api/releases/${release.body.id}/pdf`, {
      headers: { authorization: `Bearer ${tokens.cora}` },
    });
    const pages = pageTexts(await pdf.arrayBuffer());
    // The words fill the two inside pages of one sheet (pdf.test.ts has the notes pages that finish a sheet).
    expect(pages).toHaveLength(4);
    for (const [index, text] of pages.entries()) expect(text, `page ${index + 1}`).not.toBe("");
    expect(pages[3]).toContain("Phone: 0808 157 0123");
  });
});

describe("a document made before hints existed", () => {
  it("still holding the template's example words as text, is caught word for word", async () => {
    const id = await create("Made last year", "a4-trifold");
    const writer = connect(server.url, id, tokens.wren!);
    await waitForSync(writer);
    // As documents were made before: the starter text as words, with no hint attribute.
    writer.doc.transact(() => {
      for (const block of hintedBlocks(writer.doc)) {
        const words = String(block.getAttribute("placeholder"));
        block.removeAttribute("placeholder");
        block.insert(0, [new Y.XmlText(words)]);
      }
    });
    await eventually(async () =>
      expect(JSON.stringify((await canonical(id)).content)).toContain("Put the one thing people must remember here."),
    );
    writer.destroy();
    const report = await checks(id);
    const found: ReportedFinding[] = byRule(report, "template-text");
    expect(found.map((finding) => finding.text)).toEqual(hintsOf(templates.get("a4-trifold")!));
    const doc = documentSchema.nodeFromJSON((await canonical(id)).content);
    for (const finding of found) {
      expect(finding).toMatchObject({ severity: "blocker", target: "text" });
      expect(doc.textBetween(finding.range!.from, finding.range!.to)).toBe(finding.text);
    }
  });
});
