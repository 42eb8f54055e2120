/**
 * Linked translations over the real server (issue 16): a coordinator adds Welsh to the Guide to Child Protection and
 * Care Proceedings over the API, a writer edits the English over the real sync protocol, and the translation reports
 * exactly that section as changed, with the words that changed, until a translator confirms it. Each language is
 * signed off and released on its own; the Welsh release says which English version it was translated from, and its
 * PDF says it is in Welsh.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync, type SyncClient } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
let welsh: string;
const tokens: Record<string, string> = {};
const clients: SyncClient[] = [];

interface SectionStatus {
  id: string;
  title: string;
  state: string;
  changes: Array<{ kind: string; text: string }>;
  confirmedByName: string | null;
}
interface Family {
  source: { id: string; language: string };
  translations: Array<{
    id: string;
    language: string;
    languageName: string;
    needsWork: number;
    sections: SectionStatus[];
  }>;
}

const family = async (id: string) =>
  (await api<Family>(server.url, tokens.cora!, `/api/documents/${id}/translations`)).body;
const canonical = async (id: string) =>
  (
    await api<{
      hash: string;
      content: { content: Array<{ attrs: { id: string; title: string } }> };
      meta: { language: string; title: string };
      design: { templateId: string };
    }>(server.url, tokens.cora!, `/api/documents/${id}`)
  ).body;
const addLanguage = (who: string, id: string, body: unknown) =>
  api<{ id?: string; error?: { code: string; message: string } }>(
    server.url,
    tokens[who]!,
    `/api/documents/${id}/translations`,
    { method: "POST", body: JSON.stringify(body) },
  );

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "abi", "alex", "vic"]) tokens[name] = await signIn(server.url, name);
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Guide to Child Protection and Care Proceedings");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

async function open(name: string, documentId: string): Promise<SyncClient> {
  const client = connect(server.url, documentId, tokens[name]!);
  clients.push(client);
  await waitForSync(client);
  return client;
}

/** Replaces the first paragraph of a section with new words (as a person selecting it all and typing would). */
function rewriteFirstParagraph(doc: Y.Doc, sectionIndex: number, words: string) {
  const section = doc.getXmlFragment("content").get(sectionIndex) as Y.XmlElement;
  const paragraph = section.toArray().find((child) => child instanceof Y.XmlElement && child.nodeName === "paragraph");
  const text = (paragraph as Y.XmlElement).get(0) as Y.XmlText;
  doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, words);
  });
}

describe("adding a language", () => {
  it("refuses what a coordinator did not ask for, clearly, and changes nothing", async () => {
    const unknown = await addLanguage("cora", leaflet, { language: "xx" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/from the list/);
    const same = await addLanguage("cora", leaflet, { language: "en-GB" });
    expect(same.status).toBe(400);
    expect(same.body.error?.message).toMatch(/already in English/);
    expect((await addLanguage("cora", leaflet, {})).status).toBe(400);
    const writer = await addLanguage("wren", leaflet, { language: "cy" });
    expect(writer.status).toBe(403);
    expect(writer.body.error?.message).toMatch(/coordinator/);
    expect((await addLanguage("vic", leaflet, { language: "cy" })).status).toBe(403);
    expect((await addLanguage("cora", "no-such-document", { language: "cy" })).status).toBe(404);
    expect((await family(leaflet)).translations).toEqual([]);
  });

  it("makes a linked translation with the source's sections, design and template, in the new language", async () => {
    const made = await addLanguage("cora", leaflet, { language: "cy" });
    expect(made.status).toBe(201);
    welsh = made.body.id!;
    const [source, translation] = [await canonical(leaflet), await canonical(welsh)];
    expect(translation.meta.language).toBe("cy");
    expect(translation.meta.title).toBe("Guide to Child Protection and Care Proceedings (Cymraeg)");
    expect(translation.design.templateId).toBe(source.design.templateId);
    expect(translation.content.content.map((s) => s.attrs.id)).toEqual(source.content.content.map((s) => s.attrs.id));
    // A second Welsh translation is refused, pointing at the first.
    const again = await addLanguage("cora", leaflet, { language: "cy" });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("translation_exists");
    // Asked from the translation, the family is the same one.
    const fromTranslation = await family(welsh);
    expect(fromTranslation.source.id).toBe(leaflet);
    expect(fromTranslation.translations.map((t) => [t.id, t.language, t.languageName])).toEqual([
      [welsh, "cy", "Welsh (Cymraeg)"],
    ]);
    expect(new Set(fromTranslation.translations[0]!.sections.map((s) => s.state))).toEqual(new Set(["not-translated"]));
  });
});

describe("when the English changes", () => {
  it("marks only that section, with what changed, until a translator confirms it", async () => {
    const translator = await open("wren", welsh);
    rewriteFirstParagraph(translator.doc, 0, "Mae'r canllaw hwn ar gyfer rhieni a theuluoedd.");
    // One paragraph of several translated: the rest is still English, and the section says so.
    await eventually(async () => {
      const first = (await family(leaflet)).translations[0]!.sections[0]!;
      expect(first.state).toBe("partly-translated");
    });

    const writer = await open("wren", leaflet);
    rewriteFirstParagraph(
      writer.doc,
      1,
      "A social worker may visit you at home, and you can ask them questions online.",
    );
    let sections: SectionStatus[] = [];
    await eventually(async () => {
      sections = (await family(welsh)).translations[0]!.sections;
      expect(sections[1]!.state).toBe("source-changed");
    });
    expect(sections[0]!.state).toBe("partly-translated");
    expect(sections.slice(2).every((s) => s.state === "not-translated")).toBe(true);
    // "For you" tells writers which translations wait for a translator; a viewer is not asked.
    const forYou = async (who: string) =>
      (
        await api<{ translations: Array<{ documentId: string; languageName: string; waiting: number }> }>(
          server.url,
          tokens[who]!,
          "/api/for-you",
        )
      ).body.translations;
    expect((await forYou("wren")).find((t) => t.documentId === welsh)).toMatchObject({
      languageName: "Welsh (Cymraeg)",
    });
    expect(await forYou("vic")).toEqual([]);
    const added = sections[1]!.changes
      .filter((part) => part.kind === "added")
      .map((part) => part.text)
      .join("");
    expect(added).toMatch(/online/);

    // Nobody but a writer of the translation may confirm; a section the source lacks is "not found".
    const confirm = (who: string, sectionId: string) =>
      api<{ section?: SectionStatus; error?: { message: string } }>(
        server.url,
        tokens[who]!,
        `/api/documents/${welsh}/translation/confirmations`,
        { method: "POST", body: JSON.stringify({ sectionId }) },
      );
    expect((await confirm("vic", sections[1]!.id)).status).toBe(403);
    expect((await confirm("wren", "s-nowhere")).status).toBe(404);
    const confirmed = await confirm("wren", sections[1]!.id);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.section?.state).toBe("up-to-date");
    expect(confirmed.body.section?.confirmedByName).toBe("Wren");
    expect((await family(welsh)).translations[0]!.sections[1]!.state).toBe("up-to-date");
    // Confirming on the source itself is refused: it is not a translation.
    expect(
      (
        await api(server.url, tokens.wren!, `/api/documents/${leaflet}/translation/confirmations`, {
          method: "POST",
          body: JSON.stringify({ sectionId: sections[1]!.id }),
        })
      ).status,
    ).toBe(400);
  });
});

describe("signed off per language", () => {
  it("the translation has its own approvals and release, which says which English version it came from", async () => {
    const { hash } = await canonical(welsh);
    const decide = (who: string, scope: string) =>
      api(server.url, tokens[who]!, `/api/documents/${welsh}/approvals`, {
        method: "POST",
        body: JSON.stringify({ scope, decision: "approve", hash, comment: "Darllenais i hi." }),
      });
    expect((await decide("abi", "content")).status).toBe(201);
    expect((await decide("alex", "design")).status).toBe(201);
    // The English has none of these approvals.
    const english = await api<{ approvals: unknown[]; met: boolean }>(
      server.url,
      tokens.cora!,
      `/api/documents/${leaflet}/approvals`,
    );
    expect(english.body.approvals).toEqual([]);
    expect(english.body.met).toBe(false);

    // Sections nobody has translated or kept on purpose stop the Welsh from being published.
    const publish = () =>
      api<{ id: string; number: number; hash: string; error?: { details?: { unmet?: Array<{ code: string }> } } }>(
        server.url,
        tokens.cora!,
        `/api/documents/${welsh}/releases`,
        { method: "POST", body: JSON.stringify({}) },
      );
    const refused = await publish();
    expect(refused.status).toBe(409);
    expect(refused.body.error?.details?.unmet?.map((u) => u.code)).toEqual(["translation_incomplete"]);
    // The translator says the rest stays as it is (confirming changes nothing in the words: the approvals stand).
    for (const section of (await family(welsh)).translations[0]!.sections.filter((s) => s.state !== "up-to-date"))
      expect(
        (
          await api(server.url, tokens.wren!, `/api/documents/${welsh}/translation/confirmations`, {
            method: "POST",
            body: JSON.stringify({ sectionId: section.id }),
          })
        ).status,
      ).toBe(200);
    const released = await publish();
    expect(released.status, JSON.stringify(released.body)).toBe(201);
    expect(released.body.hash).toBe(hash);
    const release = await api<{ translatedFrom: { documentId: string; hash: string } | null }>(
      server.url,
      tokens.cora!,
      `/api/releases/${released.body.id}`,
    );
    expect(release.body.translatedFrom).toEqual({ documentId: leaflet, hash: (await canonical(leaflet)).hash });

    // The published PDF says it is in Welsh, with its contents page titled in Welsh.
    const pdf = await fetch(`${server.url}/api/releases/${released.body.id}/pdf`, {
      headers: { authorization: `Bearer ${tokens.cora}` },
    });
    const dir = mkdtempSync(path.join(tmpdir(), "copress-welsh-"));
    const file = path.join(dir, "guide-cy.pdf");
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const json = JSON.parse(execFileSync("qpdf", ["--json=2", "--json-key=qpdf", file]).toString()) as {
      qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
    };
    const objects = json.qpdf[1];
    const root = objects[`obj:${objects.trailer!.value!["/Root"] as string}`]!.value!;
    expect(root["/Lang"]).toBe("u:cy");
    const text = execFileSync("pdftotext", [file, "-"]).toString();
    expect(text).toContain("Cynnwys");
    expect(text).toContain("Mae'r canllaw hwn ar gyfer rhieni a theuluoedd.");
  }, 120_000);
});
