/**
 * Comments: threads on words of a document, with replies, resolve and reopen. People send them over HTTP and the
 * server writes them into the document's `comments` map through `room.change()`, so everyone sees them at once —
 * and the author, their name and the time are the server's, never the sender's. The sync server refuses any
 * change to `comments` from a client (app/domain/permissions.ts, `writableParts`).
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import * as z from "zod";
import { commentText } from "../../app/domain/comment-input";
import {
  base64ToBytes,
  MAX_QUOTE_LENGTH,
  readThreadRecord,
  readThreadRecords,
  type CommentMessage,
} from "../../app/domain/comment-threads";
import { errors } from "../../app/domain/errors";
import { can } from "../../app/domain/permissions";
import type { NotificationRepository } from "../db/notifications";
import type { WorkspaceRepository } from "../db/workspaces";
import type { SyncServer } from "../sync/sync-server";
import type { AuditLog } from "./audit";
import type { Viewer } from "./auth";
import type { DocumentService } from "./documents";

const encodedPosition = z.string({ error: "Select the words to comment on again." }).min(1).max(1024);

export const newThreadInput = z.object({
  sectionId: z.string({ error: "Select words inside a section to comment on them." }).min(1).max(64),
  anchor: encodedPosition,
  head: encodedPosition,
  quote: z
    .string()
    .max(MAX_QUOTE_LENGTH * 4)
    .default(""),
  text: commentText,
});

export const messageInput = z.object({ text: commentText });
export const resolveInput = z.object({
  resolved: z.boolean({ error: "Say whether the comment is resolved (true) or open (false)." }),
});

/** Usernames mentioned as `@name` in a comment. */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/(^|[\s(])@([A-Za-z0-9._-]{2,40})/g))
    names.add(match[2]!.toLowerCase().replace(/[._-]+$/, ""));
  return [...names];
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw errors.badRequest(parsed.error.issues[0]!.message, { fields: z.flattenError(parsed.error).fieldErrors });
  return parsed.data;
}

/**
 * The section (its id) that an encoded relative position points into, or null when it does not point at the words
 * of a live section. Only `content` may be named: a position naming another root would create that root.
 */
function sectionAtPosition(doc: Y.Doc, encoded: string): string | null {
  try {
    const position = Y.decodeRelativePosition(base64ToBytes(encoded));
    if (position.tname !== null && position.tname !== "content") return null;
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    if (!absolute) return null;
    let type: Y.AbstractType<unknown> = absolute.type;
    let topLevel: Y.AbstractType<unknown> | null = null;
    while (type._item) {
      topLevel = type;
      type = type._item.parent as Y.AbstractType<unknown>;
    }
    if (type !== doc.getXmlFragment("content") || !(topLevel instanceof Y.XmlElement) || topLevel._item?.deleted)
      return null;
    const id = topLevel.getAttribute("id");
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

function sectionById(doc: Y.Doc, sectionId: string): Y.XmlElement | undefined {
  return doc
    .getXmlFragment("content")
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute("id") === sectionId);
}

export function createCommentService(deps: {
  documents: DocumentService;
  workspaces: WorkspaceRepository;
  notifications: NotificationRepository;
  sync: SyncServer;
  audit: AuditLog;
}) {
  const { documents, workspaces, notifications, sync, audit } = deps;

  async function requireCommenter(viewer: Viewer, documentId: string) {
    const summary = await documents.getSummary(viewer, documentId); // 404 for other workspaces
    if (!can(viewer.member, "comment", { workspaceId: viewer.member.workspaceId })) {
      throw errors.forbidden(
        "Your role lets you read this document but not comment on it. Ask a coordinator if you need to comment.",
      );
    }
    return summary;
  }

  function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
    const thread = typeof threadId === "string" ? doc.getMap("comments").get(threadId) : undefined;
    if (!(thread instanceof Y.Map)) throw errors.notFound("That comment");
    return thread;
  }

  function messagesOf(thread: Y.Map<unknown>): Y.Array<CommentMessage> {
    const messages = thread.get("messages");
    if (!(messages instanceof Y.Array)) throw errors.notFound("That comment");
    return messages as Y.Array<CommentMessage>;
  }

  /** Tells the people a comment concerns: the section's owner, earlier people in the thread, and anyone @mentioned. */
  async function notifyAbout(
    viewer: Viewer,
    documentId: string,
    title: string,
    doc: Y.Doc,
    threadId: string,
    messageId: string,
    text: string,
    isNewThread: boolean,
  ) {
    const thread = readThreadRecord(doc.getMap("comments").get(threadId));
    if (!thread) return;
    const section = sectionById(doc, thread.sectionId);
    const sectionTitle = section?.getAttribute("title") || "Untitled section";
    const members = await workspaces.membersOfWorkspace(viewer.member.workspaceId);
    const told = new Set<string>([viewer.userId]);
    const sending: Array<Promise<unknown>> = [];
    const tell = (userId: string, kind: string, message: string) => {
      if (told.has(userId) || !members.some((m) => m.userId === userId)) return;
      told.add(userId);
      sending.push(
        notifications.notify({
          id: randomUUID(),
          userId,
          workspaceId: viewer.member.workspaceId,
          documentId,
          kind,
          message,
          link: `/documents/${documentId}#comment-${threadId}`,
          dedupeKey: `${kind}:${messageId}:${userId}`,
        }),
      );
    };
    const said = text.length > 140 ? `${text.slice(0, 139)}…` : text;
    for (const username of mentionedUsernames(text)) {
      const member = members.find((m) => m.username.toLowerCase() === username);
      if (member) tell(member.userId, "mention", `${viewer.displayName} mentioned you in “${title}”: “${said}”`);
    }
    const owner = section?.getAttribute("owner");
    if (typeof owner === "string") {
      tell(
        owner,
        "comment",
        `${viewer.displayName} ${isNewThread ? "commented on" : "replied about"} your section “${sectionTitle}” in “${title}”: “${said}”`,
      );
    }
    for (const earlier of thread.messages)
      tell(
        earlier.authorId,
        "comment",
        `${viewer.displayName} replied to a comment you are in on “${title}”: “${said}”`,
      );
    await Promise.all(sending);
  }

  return {
    async listThreads(viewer: Viewer, documentId: string) {
      await documents.getSummary(viewer, documentId);
      const room = await sync.getRoom(documentId);
      return readThreadRecords(room.doc);
    },

    /** Starts a thread on the words between two positions of one section. */
    async createThread(viewer: Viewer, documentId: string, input: unknown) {
      const summary = await requireCommenter(viewer, documentId);
      const data = parse(newThreadInput, input);
      const room = await sync.getRoom(documentId);
      await room.flush();
      const from = sectionAtPosition(room.doc, data.anchor);
      const to = sectionAtPosition(room.doc, data.head);
      if (from === null || to === null || from !== data.sectionId || to !== data.sectionId) {
        throw errors.badRequest(
          "Those words could not be found any more — someone may have just changed them. Select them again and add your comment.",
          {
            fields: { anchor: ["The selection is not inside one section of this document."] },
          },
        );
      }
      const id = `c-${randomUUID().slice(0, 12)}`;
      const messageId = `m-${randomUUID().slice(0, 12)}`;
      const at = new Date().toISOString();
      await room.change(`comments:${viewer.userId}`, (doc) => {
        const thread = new Y.Map<unknown>();
        thread.set("id", id);
        thread.set("sectionId", data.sectionId);
        thread.set("anchor", data.anchor);
        thread.set("head", data.head);
        thread.set("quote", data.quote.replace(/\s+/g, " ").trim().slice(0, MAX_QUOTE_LENGTH));
        thread.set("createdBy", viewer.userId);
        thread.set("createdByName", viewer.displayName);
        thread.set("createdAt", at);
        thread.set("resolved", false);
        thread.set("resolvedBy", null);
        thread.set("resolvedById", null);
        const messages = new Y.Array<CommentMessage>();
        messages.push([
          { id: messageId, authorId: viewer.userId, authorName: viewer.displayName, text: data.text, at },
        ]);
        thread.set("messages", messages);
        doc.getMap("comments").set(id, thread);
      });
      await notifyAbout(viewer, documentId, summary.title, room.doc, id, messageId, data.text, true);
      return { id, messageId };
    },

    async reply(viewer: Viewer, documentId: string, threadId: string, input: unknown) {
      const summary = await requireCommenter(viewer, documentId);
      const { text } = parse(messageInput, input);
      const room = await sync.getRoom(documentId);
      const messages = messagesOf(threadMap(room.doc, threadId));
      const id = `m-${randomUUID().slice(0, 12)}`;
      await room.change(`comments:${viewer.userId}`, () => {
        messages.push([
          { id, authorId: viewer.userId, authorName: viewer.displayName, text, at: new Date().toISOString() },
        ]);
      });
      await notifyAbout(viewer, documentId, summary.title, room.doc, threadId, id, text, false);
      return { id };
    },

    /** Resolves or reopens a thread; anyone who may comment can, and the person who did it is recorded. */
    async setResolved(viewer: Viewer, documentId: string, threadId: string, input: unknown) {
      await requireCommenter(viewer, documentId);
      const { resolved } = parse(resolveInput, input);
      const room = await sync.getRoom(documentId);
      const thread = threadMap(room.doc, threadId);
      await room.change(`comments:${viewer.userId}`, () => {
        thread.set("resolved", resolved);
        thread.set("resolvedBy", resolved ? viewer.displayName : null);
        thread.set("resolvedById", resolved ? viewer.userId : null);
      });
      return readThreadRecord(thread)!;
    },

    /** Changes the words of a message: only its author can. */
    async editMessage(viewer: Viewer, documentId: string, threadId: string, messageId: string, input: unknown) {
      await requireCommenter(viewer, documentId);
      const { text } = parse(messageInput, input);
      const room = await sync.getRoom(documentId);
      const messages = messagesOf(threadMap(room.doc, threadId));
      const index = messages.toArray().findIndex((m) => m?.id === messageId);
      if (index < 0) throw errors.notFound("That comment");
      const message = messages.get(index);
      if (message.authorId !== viewer.userId)
        throw errors.forbidden("Only the person who wrote a comment can change its words. You can reply instead.");
      const edited: CommentMessage = { ...message, text, editedAt: new Date().toISOString() };
      await room.change(`comments:${viewer.userId}`, () => {
        messages.delete(index, 1);
        messages.insert(index, [edited]);
      });
      return edited;
    },

    /**
     * Removes a message: its author can, and so can a coordinator (recorded in the history). A thread whose last
     * message goes is removed with it.
     */
    async removeMessage(viewer: Viewer, documentId: string, threadId: string, messageId: string) {
      await requireCommenter(viewer, documentId);
      const room = await sync.getRoom(documentId);
      const comments = room.doc.getMap("comments");
      const messages = messagesOf(threadMap(room.doc, threadId));
      const index = messages.toArray().findIndex((m) => m?.id === messageId);
      if (index < 0) throw errors.notFound("That comment");
      const message = messages.get(index);
      const own = message.authorId === viewer.userId;
      if (!own && !can(viewer.member, "manage"))
        throw errors.forbidden("Only the person who wrote a comment, or a coordinator, can remove it.");
      const threadGone = messages.length === 1;
      await room.change(`comments:${viewer.userId}`, () => {
        if (threadGone) comments.delete(threadId);
        else messages.delete(index, 1);
      });
      if (!own) {
        await audit.record({
          workspaceId: viewer.member.workspaceId,
          documentId,
          type: "comment.removed",
          actor: { id: viewer.userId, name: viewer.displayName },
          data: { threadId, messageId, author: message.authorName, authorId: message.authorId },
        });
      }
      return { removed: messageId, threadRemoved: threadGone };
    },
  };
}

export type CommentService = ReturnType<typeof createCommentService>;
