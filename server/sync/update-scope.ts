/**
 * What an incoming update would change, before it is applied: which root types (content, meta, design,
 * comments, settings) and which existing top-level sections of `content`. The server uses it to refuse, say, a
 * writer's change to the design, or (in owned mode) a change to a section someone else owns. Decoding also
 * validates the update: a malformed update throws here and never reaches the document.
 */
import * as Y from "yjs";

type StructId = { client: number; clock: number };

/**
 * Where a piece of content sits: its root type, and the top-level element of that root it belongs to.
 * `isTopLevel`: the item itself is a direct child of the root (a whole section). `top`: the existing top-level
 * element it is in (or is), or "new" when that element arrives in the same update.
 */
interface Place {
  root: string;
  isTopLevel: boolean;
  top: Y.AbstractType<unknown> | "new" | null;
}

/**
 * Content the server has already garbage-collected (deleted and cleared out). Yjs discards anything inserted into
 * or next to such content, so an edit there — e.g. typing in a paragraph someone else just deleted — changes
 * nothing and must not be refused.
 */
const GONE = "gone" as const;
type Resolved = Place | typeof GONE | null;

function rootName(doc: Y.Doc, type: Y.AbstractType<unknown>): string | null {
  for (const [name, shared] of doc.share) if (shared === type) return name;
  return null;
}

/** Place of a type in the document (the type that holds some content). */
function placeInType(doc: Y.Doc, type: Y.AbstractType<unknown> | null): Place | null {
  if (!type) return null;
  if (!type._item) {
    const root = rootName(doc, type);
    return root ? { root, isTopLevel: true, top: null } : null;
  }
  // Walk up to the root, remembering the element just below it.
  let child: Y.AbstractType<unknown> = type;
  let parent = type._item.parent as Y.AbstractType<unknown> | null;
  while (parent && parent._item) {
    child = parent;
    parent = parent._item.parent as Y.AbstractType<unknown> | null;
  }
  const root = parent ? rootName(doc, parent) : null;
  return root ? { root, isTopLevel: false, top: child } : null;
}

/** Place of an item already in the document. */
function placeOfDocItem(doc: Y.Doc, id: StructId): Resolved {
  const clientStructs = doc.store.clients.get(id.client);
  if (!clientStructs) return null;
  const last = clientStructs[clientStructs.length - 1]!;
  if (id.clock >= last.id.clock + last.length) return null;
  const struct = Y.getItem(doc.store, id as Y.ID) as Y.Item | Y.AbstractStruct;
  if (!(struct instanceof Y.Item)) return GONE;
  const parentType = struct.parent as Y.AbstractType<unknown> | null;
  if (!parentType) return GONE;
  const inParent = placeInType(doc, parentType);
  if (!inParent) return null;
  if (!parentType._item) {
    // A direct child of the root: the item is a whole top-level element (a section).
    const own = struct.content instanceof Y.ContentType ? (struct.content.type as Y.AbstractType<unknown>) : null;
    return { root: inParent.root, isTopLevel: true, top: own };
  }
  return { root: inParent.root, isTopLevel: false, top: inParent.top };
}

export interface UpdateScope {
  /** Root type names the update touches. */
  roots: Set<string>;
  /** Client ids under which the update adds new content (each must belong to the sender). */
  authors: Set<number>;
  /**
   * True when the update would put into `content` something the editor's schema cannot hold (a Y.Map or Y.Text,
   * raw JSON among the elements, a type as an attribute): applied, it would break the document for everyone.
   */
  invalidContent: boolean;
  /** Existing top-level elements (sections of `content`) whose content or attributes the update changes. */
  sections: Set<Y.AbstractType<unknown>>;
  /** True when some part could not be traced (e.g. it depends on data the server has not seen). */
  unresolved: boolean;
}

/** Throws when the update cannot be decoded. */
export function scopeOfUpdate(doc: Y.Doc, update: Uint8Array): UpdateScope {
  const { structs, ds } = Y.decodeUpdate(update);
  const roots = new Set<string>();
  const sections = new Set<Y.AbstractType<unknown>>();
  const authors = new Set<number>();
  let unresolved = false;
  let invalidContent = false;

  // Items inside the update itself, so origins and parents within the same update resolve too.
  const ownItems = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = ownItems.get(struct.id.client) ?? [];
    list.push(struct);
    ownItems.set(struct.id.client, list);
  }
  const memo = new Map<Y.Item, Resolved>();
  // Items of one client come in clock order: find by binary search (big updates arrive after reconnecting).
  const findOwn = (id: StructId): Y.Item | undefined => {
    const list = ownItems.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return undefined;
  };

  /** Place of an item referred to by id: one in this update, or one in the document. */
  const placeOfId = (id: StructId, depth: number): Resolved => {
    const own = findOwn(id);
    return own ? placeOfUpdateItem(own, depth + 1) : placeOfDocItem(doc, id);
  };

  /** Where the content INSIDE the item with this id goes (the item holds a type: a section, a paragraph…). */
  const placeInsideId = (id: StructId, depth: number): Resolved => {
    const holder = placeOfId(id, depth);
    if (holder === null || holder === GONE) return holder;
    const own = findOwn(id);
    if (holder.isTopLevel) {
      // Inside a top-level element: that element is the section touched (or a new one).
      if (own) return { root: holder.root, isTopLevel: false, top: "new" };
      return { root: holder.root, isTopLevel: false, top: holder.top };
    }
    return { root: holder.root, isTopLevel: false, top: holder.top };
  };

  const placeOfUpdateItem = (item: Y.Item, depth: number): Resolved => {
    if (memo.has(item)) return memo.get(item)!;
    if (depth > 10_000) return null;
    let place: Resolved = null;
    const parent = item.parent as unknown;
    if (typeof parent === "string") place = { root: parent, isTopLevel: true, top: "new" };
    else if (parent && typeof parent === "object" && "client" in (parent as object)) place = placeInsideId(parent as StructId, depth);
    else {
      const sibling = item.origin ? placeOfId(item.origin, depth) : item.rightOrigin ? placeOfId(item.rightOrigin, depth) : null;
      // A new item next to a top-level element is itself a new top-level element.
      if (sibling && sibling !== GONE) place = sibling.isTopLevel ? { root: sibling.root, isTopLevel: true, top: "new" } : sibling;
      else place = sibling;
    }
    memo.set(item, place);
    return place;
  };

  const note = (place: Resolved) => {
    if (place === null) unresolved = true;
    else if (place !== GONE) {
      roots.add(place.root);
      // Sections are the top-level elements of `content` (a comment thread is not one).
      if (place.root === "content" && place.top && place.top !== "new") sections.add(place.top);
    }
  };

  /** The type an update item is inserted into (its parent), or null when it cannot be known. */
  /**
   * Where an update item goes: the type it is inserted into, and the attribute key when it is an attribute value.
   * An item with an origin carries neither on the wire: both are those of the item it sits next to.
   */
  interface Slot {
    type: Y.AbstractType<unknown> | null;
    key: string | null;
  }
  const slots = new Map<Y.Item, Slot>();
  const slotOf = (item: Y.Item, depth: number): Slot => {
    const known = slots.get(item);
    if (known) return known;
    const slot = depth > 10_000 ? { type: null, key: null } : findSlot(item, depth);
    slots.set(item, slot);
    return slot;
  };
  // Items arrive in clock order, so a chain of typing resolves one step at a time through the memo above.
  const findSlot = (item: Y.Item, depth: number): Slot => {
    const parent = item.parent as unknown;
    if (typeof parent === "string") return { type: (doc.share.get(parent) as Y.AbstractType<unknown> | undefined) ?? null, key: item.parentSub };
    if (parent && typeof parent === "object" && "client" in (parent as object)) {
      const id = parent as StructId;
      const holder = findOwn(id) ?? (placeOfDocItem(doc, id) ? (Y.getItem(doc.store, id as Y.ID) as Y.Item) : undefined);
      return { type: holder?.content instanceof Y.ContentType ? (holder.content.type as Y.AbstractType<unknown>) : null, key: item.parentSub };
    }
    const siblingId = item.origin ?? item.rightOrigin;
    if (!siblingId) return { type: null, key: null };
    const own = findOwn(siblingId);
    if (own) return slotOf(own, depth + 1);
    const sibling = placeOfDocItem(doc, siblingId) ? (Y.getItem(doc.store, siblingId) as Y.Item) : null;
    return sibling instanceof Y.Item ? { type: sibling.parent as Y.AbstractType<unknown> | null, key: sibling.parentSub } : { type: null, key: null };
  };

  /** Can y-prosemirror read this item where it goes? Elements and text among elements, strings and marks in text. */
  const fitsTheSchema = (item: Y.Item): boolean => {
    const content = item.content;
    if (content instanceof Y.ContentDeleted) return true;
    const { type: parent, key } = slotOf(item, 0);
    if (key !== null) return content instanceof Y.ContentAny; // attributes hold plain values
    if (parent === null) return false;
    if (parent instanceof Y.XmlText) return content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed;
    if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) {
      return content instanceof Y.ContentType && (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText);
    }
    return false;
  };

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs carry no content
    const place = placeOfUpdateItem(struct, 0);
    note(place);
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) {
      authors.add(struct.id.client);
      if (place && place !== GONE && place.root === "content" && !fitsTheSchema(struct)) invalidContent = true;
    }
  }

  for (const [client, deletes] of ds.clients) {
    for (const range of deletes) {
      // A range may span several items (and types): look at each item it covers.
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        const own = findOwn({ client, clock });
        if (own) {
          note(placeOfUpdateItem(own, 0));
          clock = own.id.clock + own.length;
          continue;
        }
        const structsOfClient = doc.store.clients.get(client);
        if (!structsOfClient) break; // deleting what nobody has seen changes nothing
        const last = structsOfClient[structsOfClient.length - 1]!;
        if (clock >= last.id.clock + last.length) break;
        const struct = Y.getItem(doc.store, Y.createID(client, clock));
        if (struct instanceof Y.Item && !struct.deleted) note(placeOfDocItem(doc, struct.id));
        clock = struct.id.clock + struct.length;
      }
    }
  }
  return { roots, sections, unresolved, authors, invalidContent };
}
