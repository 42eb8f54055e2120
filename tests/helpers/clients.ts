/**
 * Real y-websocket clients (WebsocketProvider over the `ws` package) and small HTTP helpers for tests.
 */
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import WebSocket from "ws";

export const DEMO_PASSWORD = "copress-demo";

export async function signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`Sign-in failed for ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function api<T = unknown>(
  baseUrl: string,
  token: string | null,
  pathname: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${pathname}`, {
    ...init,
    headers: {
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T };
}

export async function documentIdByTitle(baseUrl: string, token: string, title: string): Promise<string> {
  const { body } = await api<{ documents: Array<{ id: string; title: string }> }>(baseUrl, token, "/api/documents");
  const found = body.documents.find((d) => d.title === title);
  if (!found) throw new Error(`No document called ${title}`);
  return found.id;
}

export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function connect(
  baseUrl: string,
  documentId: string,
  token: string,
  options: { connect?: boolean } = {},
): SyncClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, "ws") + "/sync", documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function waitForSync(client: SyncClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Client did not sync in time")), timeoutMs);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      client.provider.off("sync", onSync);
      resolve();
    };
    client.provider.on("sync", onSync);
  });
}

/** Polls until `check` passes (edits travel asynchronously); fails with the last error after the timeout. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

export function contentJson(doc: Y.Doc) {
  return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment("content"));
}

/** The text of a document, section by section, as a person would read it. */
export function plainText(doc: Y.Doc): string {
  const texts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) texts.push(node.toString().replace(/<[^>]+>/g, ""));
    else node.toArray().forEach((child) => walk(child as Y.XmlElement | Y.XmlText));
  };
  walk(doc.getXmlFragment("content"));
  return texts.join("\n");
}

/** The section with this title in a document's content (a test's fixture must have it). */
export function sectionTitled(doc: Y.Doc, title: string): Y.XmlElement {
  const section = doc
    .getXmlFragment("content")
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute("title") === title);
  if (!section) throw new Error(`No section titled “${title}”.`);
  return section;
}

/** Inserts text at the start of the first paragraph of section `sectionIndex` (like typing there). */
export function typeInSection(doc: Y.Doc, sectionIndex: number, text: string) {
  const section = doc.getXmlFragment("content").get(sectionIndex) as Y.XmlElement;
  const paragraph = section
    .toArray()
    .find((child) => child instanceof Y.XmlElement && child.nodeName === "paragraph") as Y.XmlElement;
  const textNode = paragraph.get(0) as Y.XmlText;
  textNode.insert(0, text);
}

/** Opens a raw WebSocket to the sync endpoint and resolves with its close code. */
export function closeCodeOf(
  url: string,
  onOpen?: (socket: WebSocket) => void,
  headers?: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => onOpen?.(socket));
    socket.on("close", (code) => resolve(code));
    socket.on("error", (error) => reject(error));
  });
}

/**
 * Where a comment on the first words of a document's first section starts and ends, as the editor sends them to the
 * comments API: the section's id and Yjs relative positions (base64) into its first paragraph's text.
 */
export function firstWordsAnchor(
  doc: Y.Doc,
  from: number,
  to: number,
): { sectionId: string; anchor: string; head: string } {
  const section = doc.getXmlFragment("content").get(0) as Y.XmlElement;
  const paragraph = section
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === "paragraph") as Y.XmlElement;
  const at = (index: number) =>
    Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, index)),
    ).toString("base64");
  return { sectionId: String(section.getAttribute("id")), anchor: at(from), head: at(to) };
}
