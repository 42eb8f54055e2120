/**
 * In-app notifications. Today: a comment (or reply) on a section someone owns tells the owner, unless they wrote
 * it themself. Comments live in the document's `comments` map (see app/editor/comments.ts), so this watches each
 * open room and attributes changes to the connection that made them.
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { DocumentRepository } from "../db/documents";
import type { NotificationRepository } from "../db/notifications";
import type { UserRepository } from "../db/users";
import type { RoomConnection } from "../sync/room";
import type { SyncServer } from "../sync/sync-server";

interface CommentMessage {
  id: string;
  authorId: string;
  text: string;
}

function sectionOf(doc: Y.Doc, sectionId: string): Y.XmlElement | undefined {
  return doc
    .getXmlFragment("content")
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute("id") === sectionId);
}

export function createNotificationService(deps: { notifications: NotificationRepository; documents: DocumentRepository; users: UserRepository; sync: SyncServer }) {
  const { notifications, documents, users, sync } = deps;

  sync.onRoomCreated((room) => {
    room.doc.getMap("comments").observeDeep((events, transaction) => {
      const origin = transaction.origin as RoomConnection | string | null;
      if (!origin || typeof origin === "string") return; // loads and server-side changes notify nobody
      const added: Array<{ thread: Y.Map<unknown>; message: CommentMessage; isNewThread: boolean }> = [];
      for (const event of events) {
        if (event.target === room.doc.getMap("comments")) {
          for (const [key, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
            if (change.action !== "add") continue;
            const thread = room.doc.getMap("comments").get(key);
            if (!(thread instanceof Y.Map)) continue;
            const messages = thread.get("messages");
            if (messages instanceof Y.Array) for (const message of messages.toArray()) added.push({ thread, message: message as CommentMessage, isNewThread: true });
          }
        } else if (event.target instanceof Y.Array && event.target.parent instanceof Y.Map) {
          for (const item of event.changes.added) {
            for (const message of item.content.getContent()) added.push({ thread: event.target.parent as Y.Map<unknown>, message: message as CommentMessage, isNewThread: false });
          }
        }
      }
      if (added.length === 0) return;
      const row = documents.getDocumentRow(room.documentId);
      if (!row) return;
      for (const { thread, message, isNewThread } of added) {
        const sectionId = thread.get("sectionId");
        if (typeof sectionId !== "string" || typeof message?.id !== "string") continue;
        const section = sectionOf(room.doc, sectionId);
        const owner = section?.getAttribute("owner");
        if (!owner || owner === origin.userId) continue;
        const author = users.getUser(origin.userId)?.display_name ?? "Someone";
        const title = section?.getAttribute("title") || "Untitled section";
        notifications.notify({
          id: randomUUID(),
          userId: owner,
          workspaceId: row.workspace_id,
          documentId: row.id,
          kind: "comment",
          message: `${author} ${isNewThread ? "commented on" : "replied about"} your section “${title}” in “${row.title}”.`,
          link: `/documents/${row.id}#comment-${String(thread.get("id"))}`,
          dedupeKey: `comment:${message.id}`,
        });
      }
    });
  });

  return {
    unreadCount: (userId: string, workspaceId: string) => notifications.unreadCount(userId, workspaceId),
    recent: (userId: string, workspaceId: string) => notifications.recentNotifications(userId, workspaceId),
    markAllRead: (userId: string) => notifications.markAllRead(userId),
    markRead: (userId: string, id: string) => notifications.markRead(userId, id),
  };
}
export type NotificationService = ReturnType<typeof createNotificationService>;
