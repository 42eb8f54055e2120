/**
 * The picture library over the real server (issue 16): find a picture by a word (in English, and in Polish from
 * CLDR's names), take a library picture into the workspace once, reuse the group's own described pictures, and see
 * the licence's credit printed on the PDF's back page and in the web version. Bad input is refused and changes
 * nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENMOJI_CREDIT } from "../../app/domain/picture-credits";
import { api, connect, documentIdByTitle, eventually, signIn, waitForSync } from "../helpers/clients";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const tokens: Record<string, string> = {};

interface Found {
  pictures: Array<{ id: string; description: string; previewUrl: string; credit: string | null; source: string }>;
  language: string;
}
const search = (who: string, query: string, language = "en-GB") =>
  api<Found & { error?: { message: string } }>(
    server.url,
    tokens[who]!,
    `/api/pictures?q=${encodeURIComponent(query)}&language=${language}`,
  );
const use = (who: string, body: unknown) =>
  api<{ url?: string; description?: string; credit?: string | null; error?: { message: string } }>(
    server.url,
    tokens[who]!,
    "/api/pictures/use",
    { method: "POST", body: JSON.stringify(body) },
  );
const uploads = async () =>
  (await api<{ uploads: Array<{ id: string; description: string | null }> }>(server.url, tokens.cora!, "/api/uploads"))
    .body.uploads;

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "vic"]) tokens[name] = await signIn(server.url, name);
});

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("finding a picture", () => {
  it("finds library pictures by a word, with a description and the licence's credit", async () => {
    const { status, body } = await search("wren", "house");
    expect(status).toBe(200);
    const house = body.pictures.find((picture) => picture.id === "openmoji:1F3E0");
    expect(house).toMatchObject({ description: "House", credit: OPENMOJI_CREDIT, source: "openmoji" });
    // Not a potted plant (tagged "house", for a house plant); it is still found as a plant.
    expect(body.pictures.map((picture) => picture.description)).not.toContain("Potted plant");
    expect((await search("wren", "plant")).body.pictures.map((picture) => picture.description)).toContain(
      "Potted plant",
    );
    const preview = await fetch(`${server.url}${house!.previewUrl}`);
    expect(preview.headers.get("content-type")).toBe("image/svg+xml");
    expect(preview.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await preview.text()).toContain("<svg");
  });

  it("finds pictures by a word in the document's language where the library has names in it", async () => {
    const { body } = await search("wren", "dom", "pl");
    expect(body.language).toBe("pl");
    const house = body.pictures.find((picture) => picture.id === "openmoji:1F3E0");
    expect(house?.description).toBe("Dom");
  });

  it("shows money in pounds first, in English and in a translation", async () => {
    for (const [query, language] of [
      ["money", "en-GB"],
      ["pieniądze", "pl"],
    ] as const) {
      const { body } = await search("wren", query, language);
      const ids = body.pictures.map((picture) => picture.id);
      expect(ids[0], `${query}: ${JSON.stringify(body.pictures.slice(0, 3))}`).toBe("openmoji:1F4B7"); // pound banknote
      expect(ids).toContain("openmoji:1F4B0"); // the money bag (a dollar sign) is still there, lower down
      expect(ids.indexOf("openmoji:1F4B0")).toBeGreaterThan(ids.indexOf("openmoji:1F4B3")); // below the credit card
    }
    // Only pictures of money: a fist bump (tagged "pound") does not jump ahead of the hands when looking for a hand.
    const hands = (await search("wren", "hand")).body.pictures.map((picture) => picture.description);
    expect(hands[0]).toMatch(/hand/i);
  });

  it("offers no joke pictures, and finds pictures for leaflet words they are not named by", async () => {
    const described = async (query: string) =>
      (await search("wren", query)).body.pictures.map((picture) => picture.description);
    const money = await described("money");
    expect(money).toContain("Pound banknote");
    for (const joke of ["Money-mouth face", "Money with wings", "Treasure chest"]) expect(money).not.toContain(joke);
    expect(await described("police")).not.toContain("TARDIS");
    expect(await described("bills")).toEqual(["Receipt"]);
    expect((await described("court")).slice(0, 2)).toEqual(["Judge", "Balance scale"]);
    // A screen's Home button comes after the houses.
    const home = await described("home");
    expect(home.indexOf("House")).toBeLessThan(home.indexOf("Home button"));
    // ...and so do the tools tagged "home" (for home improvement): houses are what a leaflet's "home" means.
    expect(home[0]).toBe("House");
    for (const tool of ["Hammer", "Wrench", "Nut and bolt"])
      expect(home.indexOf("House with garden")).toBeLessThan(home.indexOf(tool));
  });

  it("refuses an empty search, an unknown picture and a path, clearly", async () => {
    const empty = await search("wren", " ");
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/Type a word/);
    expect((await fetch(`${server.url}/pictures/openmoji/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/pictures/openmoji/ZZZZ.svg`)).status).toBe(404);
    expect((await use("wren", { id: "openmoji:FFFFFF" })).status).toBe(404);
    expect((await use("wren", { id: "../../etc/passwd" })).status).toBe(400);
    expect((await use("vic", { id: "openmoji:1F3E0" })).status).toBe(403);
    expect(await uploads()).toEqual([]);
  });
});

describe("using a picture", () => {
  it("stores a library picture once for the workspace, and the group's pictures are found by their description", async () => {
    const first = await use("wren", { id: "openmoji:1F3E0", description: "A house" });
    expect(first.status).toBe(200);
    expect(first.body.url).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);
    expect(first.body.credit).toBe(OPENMOJI_CREDIT);
    const again = await use("wren", { id: "openmoji:1F3E0" });
    expect(again.body.url).toBe(first.body.url);
    expect(await uploads()).toHaveLength(1);
    const png = await fetch(`${server.url}${first.body.url}`, { headers: { authorization: `Bearer ${tokens.wren}` } });
    expect(png.headers.get("content-type")).toBe("image/png");

    // Found again by its description, as the group's own, first.
    const { body } = await search("cora", "house");
    expect(body.pictures[0]).toMatchObject({ source: "workspace", description: "A house", credit: OPENMOJI_CREDIT });
    // ...and only so: the library's own copy of the same picture is not listed beside it.
    expect(body.pictures.map((picture) => picture.id)).not.toContain("openmoji:1F3E0");
    expect(body.pictures.filter((picture) => picture.previewUrl === first.body.url)).toHaveLength(1);
    // A new description is remembered.
    const uploadId = first.body.url!.split("/").pop()!;
    expect((await use("wren", { id: `upload:${uploadId}`, description: "Our family home" })).status).toBe(200);
    expect((await search("cora", "family")).body.pictures[0]?.description).toBe("Our family home");
    // Still found by the library's words, once, as the group's own.
    const byLibraryWords = (await search("cora", "house")).body.pictures;
    expect(byLibraryWords[0]).toMatchObject({ id: `upload:${uploadId}`, description: "Our family home" });
    expect(byLibraryWords.map((picture) => picture.id)).not.toContain("openmoji:1F3E0");
  });

  it("credits the library on the PDF's back page and in the web version of a document that uses it", async () => {
    const picture = await use("wren", { id: "openmoji:1F3E0", description: "A house" });
    const leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
    const writer = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(writer);
    const section = writer.doc.getXmlFragment("content").get(0) as Y.XmlElement;
    const image = new Y.XmlElement("image");
    image.setAttribute("src", picture.body.url!);
    image.setAttribute("alt", "A house");
    image.setAttribute("decorative", false as unknown as string);
    image.setAttribute("credit", OPENMOJI_CREDIT);
    section.insert(1, [image]);
    await eventually(async () => {
      const { body } = await api<{ content: unknown }>(server.url, tokens.cora!, `/api/documents/${leaflet}`);
      expect(JSON.stringify(body.content)).toContain("OpenMoji");
    });
    writer.destroy();

    const html = await (
      await fetch(`${server.url}/api/documents/${leaflet}/html`, {
        headers: { authorization: `Bearer ${tokens.cora}` },
      })
    ).text();
    expect(html).toContain(`<p class="cp-credit">${OPENMOJI_CREDIT}</p>`);

    const pdf = await fetch(`${server.url}/api/documents/${leaflet}/pdf`, {
      headers: { authorization: `Bearer ${tokens.cora}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "copress-credit-"));
    const file = path.join(dir, "leaflet.pdf");
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const pages = execFileSync("pdfinfo", [file])
      .toString()
      .match(/Pages:\s+(\d+)/)![1]!;
    const lastPage = execFileSync("pdftotext", ["-f", pages, "-l", pages, file, "-"]).toString().replace(/\s+/g, " ");
    expect(lastPage).toContain("Pictures from OpenMoji");
    expect(lastPage).toContain("CC BY-SA 4.0");
  }, 120_000);
});
