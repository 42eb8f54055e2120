/**
 * The copies of documents the editor keeps in this browser (IndexedDB, through y-indexeddb) so that edits survive
 * going offline. Many of our people write on shared computers at drop-in centres, so signing out removes every
 * such copy on this device, whoever made it.
 */

/** Every copy's database name starts with this; the editor names them `copress:<documentId>:<userId>`. */
export const OFFLINE_COPY_PREFIX = "copress:";

export function offlineCopyName(documentId: string, userId: string): string {
  return `${OFFLINE_COPY_PREFIX}${documentId}:${userId}`;
}

export type RemovalResult =
  | { outcome: "removed"; count: number }
  /** The browser cannot list its databases, or refused to delete one: the person must be told. */
  | { outcome: "failed" };

/**
 * Deletes every `copress:*` database of this site. An editor still open in another tab holds its database open:
 * y-indexeddb closes it when asked (`versionchange`), but if something keeps it open the deletion waits, and
 * `onBlocked` is called so the page can ask the person to close the other tabs; it completes when they do.
 */
export async function removeOfflineCopies(
  options: { factory?: IDBFactory; onBlocked?: () => void } = {},
): Promise<RemovalResult> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory || typeof factory.databases !== "function") return { outcome: "failed" };
  let names: string[];
  try {
    names = (await factory.databases())
      .map((info) => info.name ?? "")
      .filter((name) => name.startsWith(OFFLINE_COPY_PREFIX));
  } catch {
    return { outcome: "failed" };
  }
  const deleted = await Promise.all(names.map((name) => deleteDatabase(factory, name, options.onBlocked)));
  return deleted.every(Boolean) ? { outcome: "removed", count: names.length } : { outcome: "failed" };
}

function deleteDatabase(factory: IDBFactory, name: string, onBlocked?: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(name);
    } catch {
      return resolve(false);
    }
    request.onsuccess = () => resolve(true);
    request.onerror = () => resolve(false);
    request.onblocked = () => onBlocked?.();
  });
}
