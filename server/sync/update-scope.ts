/**
 * Which root types of a Y.Doc (content, meta, design, comments…) an incoming update would change, so the server
 * can refuse, say, a writer's change to the design. Decoding also validates the update before it is applied:
 * a malformed update throws here and never reaches the document.
 */
import * as Y from "yjs";

type StructId = { client: number; clock: number };

/**
 * Marks content the server has already garbage-collected (deleted and cleared out). Yjs discards anything that
 * is inserted into or next to such content, so an edit there — e.g. typing in a paragraph someone else just
 * deleted — changes nothing and must not be refused.
 */
const GONE = "\u0000gone";

/** Root type name of an item already in the document. */
function rootOfDocItem(doc: Y.Doc, id: StructId): string | null {
  const clientStructs = doc.store.clients.get(id.client);
  if (!clientStructs) return null;
  const last = clientStructs[clientStructs.length - 1]!;
  if (id.clock >= last.id.clock + last.length) return null;
  const struct = Y.getItem(doc.store, id as Y.ID) as Y.Item | Y.AbstractStruct;
  if (!(struct instanceof Y.Item)) return GONE;
  return rootOfType(doc, struct.parent as Y.AbstractType<unknown> | null);
}

function rootOfType(doc: Y.Doc, type: Y.AbstractType<unknown> | null): string | null {
  let current = type;
  while (current && current._item) current = current._item.parent as Y.AbstractType<unknown>;
  if (!current) return null;
  for (const [name, shared] of doc.share) if (shared === current) return name;
  return null;
}

export interface UpdateScope {
  /** Root type names the update touches. */
  roots: Set<string>;
  /** True when some part could not be traced to a root (e.g. it depends on data the server has not seen). */
  unresolved: boolean;
  /* Parts landing in garbage-collected content are left out: Yjs discards them. */
}

/** Throws when the update cannot be decoded. */
export function scopeOfUpdate(doc: Y.Doc, update: Uint8Array): UpdateScope {
  const { structs, ds } = Y.decodeUpdate(update);
  const roots = new Set<string>();
  let unresolved = false;

  // Items inside the update itself, by client, sorted by clock, so origins within the same update resolve too.
  const ownItems = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = ownItems.get(struct.id.client) ?? [];
    list.push(struct);
    ownItems.set(struct.id.client, list);
  }
  const memo = new Map<Y.Item, string | null>();

  const findOwn = (id: StructId): Y.Item | undefined =>
    ownItems.get(id.client)?.find((item) => id.clock >= item.id.clock && id.clock < item.id.clock + item.length);

  const rootOfId = (id: StructId, depth: number): string | null => {
    const own = findOwn(id);
    if (own) return rootOfUpdateItem(own, depth + 1);
    return rootOfDocItem(doc, id);
  };

  const rootOfUpdateItem = (item: Y.Item, depth: number): string | null => {
    if (memo.has(item)) return memo.get(item)!;
    if (depth > 10_000) return null;
    let root: string | null = null;
    const parent = item.parent as unknown;
    if (typeof parent === "string") root = parent;
    else if (parent && typeof parent === "object" && "client" in (parent as object)) {
      // Parent is another item (a nested type): the root of that item's own parent.
      const parentId = parent as StructId;
      const own = findOwn(parentId);
      if (own) root = rootOfUpdateItem(own, depth + 1);
      else {
        root = rootOfDocItem(doc, parentId);
      }
    } else if (item.origin) root = rootOfId(item.origin, depth);
    else if (item.rightOrigin) root = rootOfId(item.rightOrigin, depth);
    memo.set(item, root);
    return root;
  };

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs carry no content
    const root = rootOfUpdateItem(struct, 0);
    if (root === null) unresolved = true;
    else if (root !== GONE) roots.add(root);
  }

  for (const [client, deletes] of ds.clients) {
    for (const range of deletes) {
      // One representative item per range is enough to name a root only if the range stays within one type,
      // so check each item the range covers that the document has.
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        const own = findOwn({ client, clock });
        let root: string | null;
        let length = 1;
        if (own) {
          root = rootOfUpdateItem(own, 0);
          length = own.id.clock + own.length - clock;
        } else {
          const structsOfClient = doc.store.clients.get(client);
          if (!structsOfClient) break; // deleting what nobody has seen changes nothing
          const last = structsOfClient[structsOfClient.length - 1]!;
          if (clock >= last.id.clock + last.length) break;
          const struct = Y.getItem(doc.store, Y.createID(client, clock));
          length = struct.id.clock + struct.length - clock;
          root = struct instanceof Y.Item ? rootOfType(doc, struct.parent as Y.AbstractType<unknown>) : GONE;
          if (root === GONE) {
            clock += length;
            continue; // already garbage-collected: deleting it again changes nothing
          }
        }
        if (root === null) unresolved = true;
        else if (root !== GONE) roots.add(root);
        clock += Math.max(1, length);
      }
    }
  }
  return { roots, unresolved };
}
