// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentAnchorFromSelection } from "../../app/editor/comment-anchor";
import { readThreads } from "../../app/editor/comments";
import { api, documentIdByTitle, eventually, signIn } from "../helpers/clients";
import { openEditor, sectionText, textStartOf, type TestEditor } from "../helpers/editor";
import { removeDataDir, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let leaflet: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const open: TestEditor[] = [];

/** Starts a thread on the editor's selected words through the comments API, as the comments panel does. */
async function comment(name: string, editor: TestEditor, text: string): Promise<string> {
  const response = await api<{ id: string }>(server.url, tokens[name]!, `/api/documents/${leaflet}/comments`, {
    method: "POST",
    body: JSON.stringify({ ...commentAnchorFromSelection(editor.editor.state), text }),
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function editorFor(name: string, coordinator = false) {
  const editor = await openEditor(server.url, leaflet, tokens[name]!, {
    userId: ids[name]!,
    canEditContent: true,
    isCoordinator: coordinator,
  });
  open.push(editor);
  return editor;
}

beforeAll(async () => {
  server = await startServer();
  for (const name of ["cora", "wren", "will", "abi"]) {
    tokens[name] = await signIn(server.url, name);
  }
  leaflet = await documentIdByTitle(server.url, tokens.cora!, "Women's Rights");
  // Owner ids come from the document itself: the demo gives "Who this leaflet is for" to Wren, "Your home" to Will.
  const { body } = await api<{ content: { content: Array<{ attrs: { title: string; owner?: string } }> } }>(
    server.url,
    tokens.cora!,
    `/api/documents/${leaflet}`,
  );
  ids.wren = body.content.content.find((s) => s.attrs.title === "Who this leaflet is for")!.attrs.owner!;
  ids.will = body.content.content.find((s) => s.attrs.title === "Your home")!.attrs.owner!;
  ids.cora = "cora-id-unused";
});

afterAll(async () => {
  for (const editor of open) editor.destroy();
  await server?.stop();
  await removeDataDir(server.dataDir);
});

describe("owned sections", () => {
  it("the editor refuses edits to a section owned by someone else, and allows the owner's", async () => {
    const cora = await editorFor("cora", true);
    const will = await editorFor("will");
    const wren = await editorFor("wren");
    cora.doc.getMap("settings").set("ownershipMode", "owned");
    await eventually(() => expect(will.doc.getMap("settings").get("ownershipMode")).toBe("owned"));

    const before = sectionText(will.editor, "Who this leaflet is for");
    will.editor.commands.insertContentAt(textStartOf(will.editor, "Who this leaflet is for"), "WILL-WAS-HERE ");
    expect(sectionText(will.editor, "Who this leaflet is for")).toBe(before);
    expect(will.refusals).toContain("Who this leaflet is for");

    will.editor.commands.insertContentAt(textStartOf(will.editor, "Your home"), "Will's own words. ");
    wren.editor.commands.insertContentAt(textStartOf(wren.editor, "Who this leaflet is for"), "Wren's own words. ");
    await eventually(() => {
      expect(sectionText(cora.editor, "Your home")).toContain("Will's own words.");
      expect(sectionText(cora.editor, "Who this leaflet is for")).toContain("Wren's own words.");
    });
    expect(sectionText(cora.editor, "Who this leaflet is for")).not.toContain("WILL-WAS-HERE");

    // Coordinators can change any section, and the mode can go back to collective.
    cora.editor.commands.insertContentAt(textStartOf(cora.editor, "Who this leaflet is for"), "Checked by Cora. ");
    await eventually(() => expect(sectionText(wren.editor, "Who this leaflet is for")).toContain("Checked by Cora."));
    cora.doc.getMap("settings").set("ownershipMode", "collective");
    await eventually(() => expect(will.doc.getMap("settings").get("ownershipMode")).toBe("collective"));
    will.editor.commands.insertContentAt(textStartOf(will.editor, "Who this leaflet is for"), "Now Will may. ");
    await eventually(() => expect(sectionText(wren.editor, "Who this leaflet is for")).toContain("Now Will may."));
  });
});

describe("comments", () => {
  it("stay anchored to their words after others insert text before them, and notify the section's owner", async () => {
    const will = await editorFor("will");
    const wren = await editorFor("wren");
    const target = "protects you from being treated unfairly";
    const paragraphText = sectionText(will.editor, "Your rights at work");
    const offset = paragraphText.indexOf(target);
    expect(offset).toBeGreaterThan(0);
    const start = textStartOf(will.editor, "Your rights at work") + offset;
    will.editor.commands.setTextSelection({ from: start, to: start + target.length });
    const threadId = await comment("will", will, "Could we say this more simply?");

    // Wren, at the same time, types before the commented words.
    wren.editor.commands.insertContentAt(textStartOf(wren.editor, "Your rights at work"), "In the UK, ");
    await eventually(() => expect(sectionText(will.editor, "Your rights at work")).toContain("In the UK, "));
    await eventually(() => expect(readThreads(wren.editor.state).map((t) => t.id)).toContain(threadId));

    for (const view of [will, wren]) {
      const thread = readThreads(view.editor.state).find((t) => t.id === threadId)!;
      expect(view.editor.state.doc.textBetween(thread.range!.from, thread.range!.to)).toBe(target);
    }
    // What each person sees highlighted is those words, exactly: for Wren, who typed, as for Will, who received it.
    const highlighted = (view: TestEditor) =>
      Array.from(view.editor.view.dom.querySelectorAll(`.comment-highlight[data-thread-id="${threadId}"]`))
        .map((element) => element.textContent)
        .join("");
    await eventually(() => expect(highlighted(will)).toBe(target));
    expect(highlighted(wren)).toBe(target);
    // Words typed just in front of the commented ones, and just after them, stay outside the comment: for the person
    // typing, for the person watching, and for anyone who opens the document later (the anchors themselves).
    const range = () => readThreads(will.editor.state).find((t) => t.id === threadId)!.range!;
    will.editor.commands.insertContentAt(range().from, "in fact ");
    will.editor.commands.insertContentAt(range().to, " at all");
    await eventually(() => expect(sectionText(wren.editor, "Your rights at work")).toContain("in fact "));
    await eventually(() => expect(sectionText(wren.editor, "Your rights at work")).toContain(" at all"));
    for (const view of [will, wren]) {
      const { from, to } = readThreads(view.editor.state).find((t) => t.id === threadId)!.range!;
      expect(view.editor.state.doc.textBetween(from, to)).toBe(target);
    }
    expect(highlighted(will)).toBe(target);
    await eventually(() => expect(highlighted(wren)).toBe(target));
    // Typing before them again, in Wren's own editor: still the words she sees commented on.
    wren.editor.commands.insertContentAt(textStartOf(wren.editor, "Your rights at work"), "Today, ");
    expect(highlighted(wren)).toBe(target);
    await eventually(() => expect(highlighted(will)).toBe(target));

    const reply = await api(server.url, tokens.wren!, `/api/documents/${leaflet}/comments/${threadId}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "Yes — I'll try." }),
    });
    expect(reply.status).toBe(201);
    await eventually(() =>
      expect(
        readThreads(will.editor.state)
          .find((t) => t.id === threadId)!
          .messages.map((m) => m.text),
      ).toEqual(["Could we say this more simply?", "Yes — I'll try."]),
    );

    // "Your rights at work" is Wren's section: Will's comment tells her (with his words); her reply tells Will, who
    // is in the thread; nobody is told about their own words.
    const { body } = await api<{ unread: number; notifications: Array<{ message: string }> }>(
      server.url,
      tokens.wren!,
      "/api/notifications",
    );
    expect(body.unread).toBe(1);
    expect(body.notifications[0]!.message).toContain(
      "Will commented on your section “Your rights at work” in “Women's Rights”: “Could we say this more simply?”",
    );
    const forWill = await api<{ unread: number; notifications: Array<{ message: string }> }>(
      server.url,
      tokens.will!,
      "/api/notifications",
    );
    expect(forWill.body.notifications.map((n) => n.message)).toEqual([
      expect.stringContaining("Wren replied to a comment you are in on “Women's Rights”: “Yes — I'll try.”"),
    ]);
  });

  it("approvers can comment even though they cannot edit", async () => {
    const abi = await editorFor("abi");
    const start = textStartOf(abi.editor, "Your home");
    abi.editor.commands.setTextSelection({ from: start, to: start + 8 });
    const threadId = await comment("abi", abi, "Please check this with a housing adviser, @cora.");
    const reader = await editorFor("wren");
    await eventually(() => expect(readThreads(reader.editor.state).map((t) => t.id)).toContain(threadId));
    const thread = readThreads(reader.editor.state).find((t) => t.id === threadId)!;
    // Signed by the server: the sender's own id and name, whatever a client might claim.
    expect(thread.messages[0]).toMatchObject({
      authorName: "Abi",
      text: "Please check this with a housing adviser, @cora.",
    });
    expect(thread.createdByName).toBe("Abi");
    const forCora = await api<{ notifications: Array<{ message: string; link: string }> }>(
      server.url,
      tokens.cora!,
      "/api/notifications",
    );
    expect(forCora.body.notifications[0]).toMatchObject({
      message: expect.stringContaining("Abi mentioned you in “Women's Rights”"),
      link: `/documents/${leaflet}#comment-${threadId}`,
    });
  });
});

describe("versions", () => {
  it("restoring a version gives back its canonical content as a new change, with a new entry in the history", async () => {
    const saved = await api<{ id: string; hash: string; contentHash: string }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions`,
      {
        method: "POST",
        body: JSON.stringify({ name: "Sent to staff for review" }),
      },
    );
    expect(saved.status).toBe(201);
    const version = await api<{ document: { content: unknown } }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions/${saved.body.id}`,
    );

    const wren = await editorFor("wren");
    wren.editor.commands.insertContentAt(textStartOf(wren.editor, "Your home"), "A change after the review copy. ");
    await eventually(async () => {
      const now = await api<{ contentHash: string }>(server.url, tokens.wren!, `/api/documents/${leaflet}`);
      expect(now.body.contentHash).not.toBe(saved.body.contentHash);
    });

    const diff = await api<{ sections: Array<{ title: string; change: string }> }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions?from=${saved.body.id}&to=current`,
    );
    expect(diff.body.sections.filter((s) => s.change !== "unchanged").map((s) => s.title)).toEqual(["Your home"]);

    const restored = await api<{ id: string; contentHash: string; hash: string }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions/${saved.body.id}?restore`,
      { method: "POST" },
    );
    expect(restored.status).toBe(201);
    const current = await api<{ content: unknown; contentHash: string }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}`,
    );
    expect(current.body.content).toEqual(version.body.document.content);
    expect(current.body.contentHash).toBe(saved.body.contentHash);
    await eventually(() =>
      expect(sectionText(wren.editor, "Your home")).not.toContain("A change after the review copy."),
    );

    const history = await api<{ versions: Array<{ name: string; kind: string; hash: string }> }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions`,
    );
    expect(history.body.versions.map((v) => v.kind)).toEqual(["restore", "named"]);
    expect(history.body.versions[0]!.name).toBe("Restored “Sent to staff for review”");
  });

  it("refuses a version without a name, and viewers cannot save versions", async () => {
    const empty = await api<{ error: { code: string; message: string } }>(
      server.url,
      tokens.wren!,
      `/api/documents/${leaflet}/versions`,
      { method: "POST", body: JSON.stringify({ name: "  " }) },
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain("Give the version a name");
    const vic = await signIn(server.url, "vic");
    const refused = await api(server.url, vic, `/api/documents/${leaflet}/versions`, {
      method: "POST",
      body: JSON.stringify({ name: "Mine" }),
    });
    expect(refused.status).toBe(403);
  });
});

describe("owned sections on the server", () => {
  it("offers restoring a version only to those it would not refuse: writers in owned mode are told why instead", async () => {
    const saved = await api<{ id: string }>(server.url, tokens.wren!, `/api/documents/${leaflet}/versions`, {
      method: "POST",
      body: JSON.stringify({ name: "Before owned mode" }),
    });
    expect(saved.status).toBe(201);
    const cora = await editorFor("cora", true);
    cora.doc.getMap("settings").set("ownershipMode", "owned");
    const versionsPage = async (name: string) => {
      const response = await fetch(`${server.url}/documents/${leaflet}/versions`, {
        headers: { cookie: `copress_session=${tokens[name]}` },
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    await eventually(async () =>
      expect(await versionsPage("wren")).toContain(
        "only be changed by its owner, only a coordinator can restore a version",
      ),
    );
    expect(await versionsPage("wren")).not.toContain("Yes, restore");
    const refused = await api(server.url, tokens.wren!, `/api/documents/${leaflet}/versions/${saved.body.id}?restore`, {
      method: "POST",
    });
    expect(refused.status).toBe(403);
    expect(await versionsPage("cora")).toContain("Yes, restore");
    cora.doc.getMap("settings").set("ownershipMode", "collective");
    await eventually(async () => expect(await versionsPage("wren")).toContain("Yes, restore"));
  });

  it("refuses (4409) a hand-made client's change to someone else's section, and keeps the owner's", async () => {
    const { connect, waitForSync, typeInSection, plainText } = await import("../helpers/clients");
    const cora = await editorFor("cora", true);
    cora.doc.getMap("settings").set("ownershipMode", "owned");
    const rogue = connect(server.url, leaflet, tokens.will!);
    await waitForSync(rogue);
    await eventually(() => expect(rogue.doc.getMap("settings").get("ownershipMode")).toBe("owned"));
    const codes: number[] = [];
    rogue.provider.on("connection-close", (event) => {
      if (event) codes.push(event.code);
      if (event?.code === 4409 && rogue.provider.shouldConnect) rogue.provider.disconnect();
    });
    // "Who this leaflet is for" (index 0) is Wren's: a raw Yjs edit, no editor filter in the way.
    typeInSection(rogue.doc, 0, "ROGUE ");
    await eventually(() => expect(codes).toContain(4409));
    const check = await editorFor("wren");
    expect(sectionText(check.editor, "Who this leaflet is for")).not.toContain("ROGUE");
    expect(plainText(check.doc)).not.toContain("ROGUE");
    rogue.destroy();

    // The owner's own raw edit is fine.
    const owner = connect(server.url, leaflet, tokens.wren!);
    await waitForSync(owner);
    typeInSection(owner.doc, 0, "Owner edit. ");
    await eventually(() => expect(sectionText(cora.editor, "Who this leaflet is for")).toContain("Owner edit."));
    owner.destroy();
    cora.doc.getMap("settings").set("ownershipMode", "collective");
  });
});
