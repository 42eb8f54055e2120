/**
 * Who has edited which part of each document (`document_contributors`), for sign-off policies where approvals
 * from people who helped make a part do not count. Every change to content, meta or design made for a person
 * records them: edits over sync (noted by this log's room hook after each stored batch) and changes asked for
 * over HTTP (rename, restore), which record before the change is made (callers await it), so no approval can slip
 * in between.
 */
import type { Scope } from "../../app/domain/approval-policy";
import type { SignoffRepository } from "../db/signoff";
import type { Room } from "../sync/room";

/** Sync edits refresh a person's row at most this often (the first edit is always written). */
const REFRESH_MS = 60_000;

export function createContributionLog(deps: {
  signoff: Pick<SignoffRepository, "recordContributor">;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}) {
  /** When each person's row for each part was last written, per document (forgotten when the room unloads). */
  const lastWritten = new Map<string, Map<string, number>>();
  /** Each document's writes, one after another in the order they were asked for (the last one, while any runs). */
  const writing = new Map<string, Promise<void>>();

  /**
   * Writes the person's row after the document's earlier writes. It counts as written from now (so the edits of a
   * burst don't each write it again); if the write fails, that is forgotten, so the next edit writes it again.
   */
  const write = (documentId: string, userId: string, part: Scope): Promise<void> => {
    const key = `${userId}:${part}`;
    const at = Date.now();
    let ofDocument = lastWritten.get(documentId);
    if (!ofDocument) lastWritten.set(documentId, (ofDocument = new Map()));
    ofDocument.set(key, at);

    const written = (writing.get(documentId) ?? Promise.resolve()).then(() =>
      deps.signoff.recordContributor(documentId, userId, part),
    );
    const settled = written.then(
      () => undefined,
      () => {
        const times = lastWritten.get(documentId);
        if (times?.get(key) === at) times.delete(key);
      },
    );
    writing.set(documentId, settled);
    void settled.then(() => {
      if (writing.get(documentId) === settled) writing.delete(documentId);
    });
    return written;
  };

  /**
   * An edit over sync, after its batch was stored. Typing sends many batches: once a person is recorded for a part
   * (rows are never removed), later batches only refresh the row's time, at most once a minute. Resolves when the row
   * is written (at once when nothing needed writing); rejects if it could not be.
   */
  const note = async (documentId: string, userId: string, part: Scope): Promise<void> => {
    if (Date.now() - (lastWritten.get(documentId)?.get(`${userId}:${part}`) ?? 0) < REFRESH_MS) return;
    await write(documentId, userId, part);
  };

  return {
    /** A change made over HTTP for `userId`: written now, whatever was written a moment ago. */
    async record(documentId: string, userId: string, parts: readonly Scope[]): Promise<void> {
      await Promise.all(parts.map((part) => write(documentId, userId, part)));
    },

    /**
     * An edit over sync, after its batch was stored. Typing sends many batches: once a person is recorded for a part
     * (rows are never removed), later batches only refresh the row's time, at most once a minute. Resolves when the
     * row is written (at once when nothing needed writing); rejects if it could not be.
     */
    note,

    /** The room hook: who edited which part over sync (changes over HTTP are recorded by the service making them). */
    watchRoom(room: Room) {
      room.onChange((_origins, roots) => {
        for (const [connection, touched] of roots) {
          const parts: Scope[] = [];
          if (touched.has("content") || touched.has("meta")) parts.push("content");
          if (touched.has("design")) parts.push("design");
          for (const part of parts)
            void note(room.documentId, connection.userId, part).catch((error: unknown) => {
              deps.log?.("signoff.contributor_failed", {
                documentId: room.documentId,
                userId: connection.userId,
                part,
                error: String(error),
              });
            });
        }
      });
    },

    /** The document's room unloaded: its next edit is written afresh. */
    forgetRoom: (documentId: string) => void lastWritten.delete(documentId),
  };
}
export type ContributionLog = ReturnType<typeof createContributionLog>;
