/**
 * Publishing is one snapshot: the release's state, canonical JSON, hash, PDF and web page are one version, the
 * version that was signed off, even when people edit while the PDF is being made.
 *
 * The whole server runs in this process (the services, the demo data, the sync endpoint on a real port, real
 * y-websocket clients), not as a child process: that is what lets the test act exactly while the release's PDF is
 * rendering. It wraps the PDF service's snapshot render (the real renderer still does the work, in its worker
 * threads) so that a designer's edit is stored before the render starts, and put back before it returns.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalDocument } from "../../app/domain/document-hash";
import { escapeHtml } from "../../app/render/html";
import { readConfig } from "../../server/config";
import { createServices, type Services } from "../../server/context";
import { DEMO_PASSWORD, seedDemoData } from "../../server/demo/seed";
import type { Viewer } from "../../server/services/auth";
import { canonicalOfState, hashCanonical } from "../../server/services/document-state";
import { connect, typeInSection, waitForSync, type SyncClient } from "../helpers/clients";
import { makeDataDir, removeDataDir } from "../helpers/server";
import { storeEnvironment } from "../helpers/store";

let dataDir: string;
let services: Services;
let http: Server;
let url: string;
const people: Record<string, { token: string; viewer: Viewer }> = {};
const clients: SyncClient[] = [];

/** Only the words need sign-off here (a common choice), so a design edit alone would not make the PDF a draft. */
const WORDS_ONLY_POLICY = {
  content: { required: 1, role: "approver", requireLivedExperience: false, contributorsCount: true },
  design: { required: 0, role: "approver", requireLivedExperience: false, contributorsCount: true },
  blockingSeverities: ["blocker"],
};

function pdfText(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "copress-release-")), "release.pdf");
  writeFileSync(file, bytes);
  // Lines joined: a long title wraps on the cover.
  return execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, " ");
}

/** Resolves after the server has stored (and sent) the next batch of changes to the document. */
async function nextStoredChange(documentId: string): Promise<void> {
  const room = await services.sync.getRoom(documentId);
  return new Promise((resolve) => {
    const stop = room.onChange(() => {
      stop();
      resolve();
    });
  });
}

async function documentCalled(title: string) {
  const found = (await services.documents.listDocuments(people.cora!.viewer)).find(
    (document) => document.title === title,
  );
  if (!found) throw new Error(`No document called ${title}`);
  return found.id;
}

async function openAs(name: string, documentId: string) {
  const client = connect(url, documentId, people[name]!.token);
  clients.push(client);
  await waitForSync(client);
  return client;
}

/** An approver signs off the words of the live version (the policy asks for nothing else). */
async function approveWords(documentId: string, approver = "abi") {
  await services.signoff.setPolicy(people.cora!.viewer, documentId, WORDS_ONLY_POLICY);
  const { hash } = await services.documents.getCanonical(people.cora!.viewer, documentId);
  await services.signoff.decide(people[approver]!.viewer, documentId, { scope: "content", decision: "approve", hash });
  return hash;
}

/** While the release's PDF renders, `during` runs first; the render itself is the real one. */
function duringReleaseRender(during: { before: () => Promise<void>; after?: () => Promise<void> }) {
  const real = services.pdf.renderSnapshotPdf;
  services.pdf.renderSnapshotPdf = async (...args) => {
    services.pdf.renderSnapshotPdf = real;
    await during.before();
    const rendered = await real(...args);
    await during.after?.();
    return rendered;
  };
}

/** Everything the release holds must be the approved version, and agree with everything else it holds. */
async function expectOneVersion(releaseId: string, approvedHash: string, absent: string) {
  const row = (await services.repos.signoff.release(releaseId))!;
  const fromState = canonicalOfState(new Uint8Array(row.state));
  const stored = JSON.parse(row.canonical) as CanonicalDocument;
  expect(row.hash).toBe(approvedHash);
  expect(hashCanonical(fromState).hash).toBe(approvedHash);
  expect(hashCanonical(stored).hash).toBe(approvedHash);
  expect(fromState).toEqual(stored);
  expect(await services.signoff.getRelease(people.cora!.viewer, releaseId)).toMatchObject({
    hash: approvedHash,
    contentHash: row.content_hash,
    designHash: row.design_hash,
  });
  const text = pdfText((await services.signoff.releasePdf(people.cora!.viewer, releaseId)).pdf);
  const html = await services.signoff.releaseHtml(people.cora!.viewer, releaseId);
  expect(text).toContain(stored.meta.title);
  expect(html).toContain(escapeHtml(stored.meta.title));
  // Who publishes it is named on the web version's cover, as on the PDF's.
  const publisher = escapeHtml(people.cora!.viewer.member.workspaceName);
  expect(html).toContain(`<p class="cp-publisher">${publisher}</p>`);
  expect(text).toContain(people.cora!.viewer.member.workspaceName);
  expect(text).not.toContain(absent);
  expect(html).not.toContain(absent);
  expect(JSON.stringify(stored)).not.toContain(absent);
  return { text, html, stored };
}

beforeAll(async () => {
  dataDir = makeDataDir();
  services = await createServices(
    readConfig({
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      SEED_DEMO: "true",
      LOG_LEVEL: "silent",
      ...(await storeEnvironment(dataDir)),
    }),
  );
  await seedDemoData(services);
  http = createServer((_request, response) => response.writeHead(404).end());
  http.on("upgrade", (request, socket, head) => {
    if (!services.sync.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  for (const name of ["cora", "abi", "alex", "dana", "wren"])
    people[name] = await services.auth.signIn(name, DEMO_PASSWORD, "127.0.0.1");
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await new Promise((resolve) => http?.close(resolve));
  await services?.close();
  await removeDataDir(dataDir);
});

describe("publishing is one snapshot", () => {
  it(
    "a design edit made and put back while the PDF renders is in no part of the release",
    { timeout: 120_000 },
    async () => {
      const leaflet = await documentCalled("Women's Rights");
      const approved = await approveWords(leaflet);
      const designer = await openAs("dana", leaflet);
      const design = designer.doc.getMap("design");
      const footer = design.get("footerText");
      expect(footer).not.toContain("Kumquat");

      duringReleaseRender({
        before: async () => {
          const stored = nextStoredChange(leaflet);
          design.set("footerText", "Kumquat Charity, number 999");
          await stored;
          expect((await services.documents.getCanonical(people.cora!.viewer, leaflet)).hash).not.toBe(approved);
        },
        after: async () => {
          const stored = nextStoredChange(leaflet);
          design.set("footerText", footer);
          await stored;
          expect((await services.documents.getCanonical(people.cora!.viewer, leaflet)).hash).toBe(approved);
        },
      });
      const published = await services.signoff.publish(people.cora!.viewer, leaflet);
      expect(published.hash).toBe(approved);
      await expectOneVersion(published.id, approved, "Kumquat");
    },
  );

  it(
    "an edit to the words that stays publishes the version that was signed off, not the new one",
    { timeout: 120_000 },
    async () => {
      const guide = await documentCalled("Guide to Child Protection and Care Proceedings");
      const approved = await approveWords(guide);
      const writer = await openAs("wren", guide);

      duringReleaseRender({
        before: async () => {
          const stored = nextStoredChange(guide);
          typeInSection(writer.doc, 0, "Words nobody signed off. ");
          await stored;
        },
      });
      const published = await services.signoff.publish(people.cora!.viewer, guide);
      expect(published.hash).toBe(approved);
      await expectOneVersion(published.id, approved, "nobody signed off");
      // The live document moved on, and needs signing off again before it can be published.
      expect((await services.documents.getCanonical(people.cora!.viewer, guide)).hash).not.toBe(approved);
      await expect(services.signoff.publish(people.cora!.viewer, guide)).rejects.toMatchObject({
        code: "policy_unmet",
      });
    },
  );

  it(
    "a PDF of any other version, even a signed-off one, is never written as the release",
    { timeout: 120_000 },
    async () => {
      const leaflet = await documentCalled("Women's Rights");
      const earlier = await approveWords(leaflet);
      const { content, meta, design } = await services.documents.getCanonical(people.cora!.viewer, leaflet);
      const writer = await openAs("wren", leaflet);
      const stored = nextStoredChange(leaflet);
      typeInSection(writer.doc, 0, "A newer sentence. ");
      await stored;
      // Alex signs off the new words; Abi's approval of the earlier ones still speaks for that version.
      const approved = await approveWords(leaflet, "alex");
      expect(approved).not.toBe(earlier);
      const releases = (await services.signoff.listReleases(people.cora!.viewer, leaflet)).length;

      // The renderer is handed the new version but makes the earlier one, which is signed off too, so it comes out final.
      const real = services.pdf.renderSnapshotPdf;
      services.pdf.renderSnapshotPdf = (viewer, documentId, _document, request) => {
        services.pdf.renderSnapshotPdf = real;
        return real(viewer, documentId, { content, meta, design }, request);
      };
      await expect(services.signoff.publish(people.cora!.viewer, leaflet)).rejects.toMatchObject({
        status: 500,
        code: "release_mismatch",
      });
      expect(await services.signoff.listReleases(people.cora!.viewer, leaflet)).toHaveLength(releases);
    },
  );
});
