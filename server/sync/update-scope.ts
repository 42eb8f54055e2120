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

/**
 * Places of types already in a document. A Yjs type never moves (moving a section re-creates it), so its place is
 * fixed once known: typing resolves each character's paragraph here instead of walking up to the root every time.
 */
const knownPlaces = new WeakMap<Y.AbstractType<unknown>, Place>();

/** Place of a type in the document (the type that holds some content). */
function placeInType(doc: Y.Doc, type: Y.AbstractType<unknown> | null): Place | null {
  if (!type) return null;
  const known = knownPlaces.get(type);
  if (known) return known;
  const place = findPlaceInType(doc, type);
  // Only places found for types of this document are remembered.
  if (place && type.doc === doc) knownPlaces.set(type, place);
  return place;
}

function findPlaceInType(doc: Y.Doc, type: Y.AbstractType<unknown>): Place | null {
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

/** The item with this id in the document: null when the document has not seen it, GONE when it was collected. */
function docItem(doc: Y.Doc, id: StructId): Y.Item | typeof GONE | null {
  const clientStructs = doc.store.clients.get(id.client);
  if (!clientStructs) return null;
  const last = clientStructs[clientStructs.length - 1]!;
  if (id.clock >= last.id.clock + last.length) return null;
  const struct = Y.getItem(doc.store, id as Y.ID) as Y.Item | Y.AbstractStruct;
  return struct instanceof Y.Item ? struct : GONE;
}

/** Place of an item already in the document. */
function placeOfDocItem(doc: Y.Doc, id: StructId): Resolved {
  const struct = docItem(doc, id);
  if (struct === null || struct === GONE) return struct;
  return placeOfItem(doc, struct);
}

function placeOfItem(doc: Y.Doc, struct: Y.Item): Resolved {
  const parentType = struct.parent as Y.AbstractType<unknown> | null;
  if (!parentType) return GONE;
  const inParent = placeInType(doc, parentType);
  if (!inParent) return null;
  if (!parentType._item) {
    // A direct child of the root: the item is a whole top-level element (a section).
    const own = struct.content instanceof Y.ContentType ? (struct.content.type as Y.AbstractType<unknown>) : null;
    return { root: inParent.root, isTopLevel: true, top: own };
  }
  return inParent; // places are never changed once made, so they can be shared
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
  /** True when the update adds a top-level element to `content` (a new section) or content inside one. */
  newSections: boolean;
  /**
   * True when some part could not be traced or could not be applied now: it sits next to or inside content the
   * server has not seen, or it leaves a gap in its client's clocks. Yjs would keep such structs waiting ("pending")
   * and fill them in whenever the missing part turned up, so they are refused instead.
   */
  unresolved: boolean;
  /**
   * True when the update deletes clocks the server has not seen (and the update does not carry). Yjs keeps such
   * deletions waiting and applies them to whatever later arrives under those ids: a member could erase another
   * person's FUTURE work with one message. Always refused.
   */
  deletesUnseen: boolean;
  /**
   * The client ids whose unseen clocks the update depends on or deletes. When they are all the sender's own, an
   * honest client is just ahead of itself (it typed while its reconnection was still catching up) and can be asked
   * to send what is missing; another person's unseen clocks can never be legitimately touched.
   */
  waitingFor: Set<number>;
}

/**
 * Where an update item goes: the type it is inserted into, and the attribute key when it is an attribute value.
 * An item with an origin carries neither on the wire: both are those of the item it sits next to.
 */
interface Slot {
  type: Y.AbstractType<unknown> | null;
  key: string | null;
}

const NO_SLOT: Slot = { type: null, key: null };

/** Throws when the update cannot be decoded. */
export function scopeOfUpdate(doc: Y.Doc, update: Uint8Array): UpdateScope {
  const { structs, ds } = Y.decodeUpdate(update);
  const reader = new ScopeReader(doc, structs);
  // The next clock each client may continue from: what the server has, then what this update brings in order.
  const nextClock = new Map<number, number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue; // a gap in a merged update: what follows it must still be contiguous
    const client = struct.id.client;
    const next = nextClock.get(client) ?? Y.getState(doc.store, client);
    if (struct.id.clock > next) {
      reader.unresolved = true; // would wait for clocks nobody has sent
      reader.waitingFor.add(client);
    }
    const end = struct.id.clock + struct.length;
    const isNew = end > next;
    if (isNew) {
      nextClock.set(client, end);
      // Collected (GC) structs count as new content too: they take up clocks, and under someone else's id they
      // would make the server ignore that person's real edits with those clocks.
      reader.authors.add(client);
    }
    // GC structs carry no content to place. Items the server already has change nothing (Yjs skips them): a client
    // may resend them — y-websocket sends a whole offline copy when it loads after connecting — and they must not
    // count as touching, say, the comments a client may not write.
    if (!(struct instanceof Y.Item) || !isNew) continue;
    const place = reader.placeOfUpdateItem(struct, 0);
    reader.note(place);
    if (place && place !== GONE && place.root === "content" && !reader.fitsTheSchema(struct))
      reader.invalidContent = true;
  }

  for (const [client, deletes] of ds.clients) {
    const known = Y.getState(doc.store, client);
    for (const range of deletes) {
      // A range may span several items (and types): look at each item it covers.
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        if (clock < known) {
          // Deleting what the server has: traced to where it is (nothing, when it is deleted already).
          const struct = Y.getItem(doc.store, Y.createID(client, clock));
          if (struct instanceof Y.Item && !struct.deleted) reader.note(placeOfItem(doc, struct));
          clock = struct.id.clock + struct.length;
          continue;
        }
        const own = reader.findOwn({ client, clock });
        if (!own) {
          reader.deletesUnseen = true;
          reader.waitingFor.add(client);
          break;
        }
        if (own instanceof Y.Item) reader.note(reader.placeOfUpdateItem(own, 0));
        clock = own.id.clock + own.length;
      }
    }
  }
  const { roots, sections, newSections, unresolved, deletesUnseen, waitingFor, authors, invalidContent } = reader;
  return { roots, sections, newSections, unresolved, deletesUnseen, waitingFor, authors, invalidContent };
}

/**
 * The work of scopeOfUpdate for one update. A class rather than closures made on every call: the sync server runs
 * this for every message, and methods cost nothing to create.
 */
class ScopeReader {
  readonly roots = new Set<string>();
  readonly sections = new Set<Y.AbstractType<unknown>>();
  readonly authors = new Set<number>();
  newSections = false;
  unresolved = false;
  deletesUnseen = false;
  readonly waitingFor = new Set<number>();
  invalidContent = false;
  /**
   * Structs inside the update itself (items and collected ranges), by client, so origins, parents and deletions
   * within the same update resolve too.
   */
  private readonly ownItems = new Map<number, Array<Y.Item | Y.GC>>();
  private readonly memo = new Map<Y.Item, Resolved>();
  private readonly slots = new Map<Y.Item, Slot>();

  constructor(
    private readonly doc: Y.Doc,
    structs: Array<Y.Item | Y.GC | Y.Skip>,
  ) {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const list = this.ownItems.get(struct.id.client);
      if (list) list.push(struct);
      else this.ownItems.set(struct.id.client, [struct]);
    }
  }

  /** Items of one client come in clock order: find by binary search (big updates arrive after reconnecting). */
  findOwn(id: StructId): Y.Item | Y.GC | undefined {
    const list = this.ownItems.get(id.client);
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
  }

  /** Place of an item referred to by id: one in this update, or one in the document. */
  private placeOfId(id: StructId, depth: number): Resolved {
    const own = this.findOwn(id);
    if (!own) {
      const place = placeOfDocItem(this.doc, id);
      if (place === null) this.waitingFor.add(id.client);
      return place;
    }
    // Next to or inside a range the update itself marks as collected: Yjs discards what goes there.
    return own instanceof Y.Item ? this.placeOfUpdateItem(own, depth + 1) : GONE;
  }

  /** Where the content INSIDE the item with this id goes (the item holds a type: a section, a paragraph…). */
  private placeInsideId(id: StructId, depth: number): Resolved {
    const holder = this.placeOfId(id, depth);
    if (holder === null || holder === GONE) return holder;
    if (holder.isTopLevel) {
      // Inside a top-level element: that element is the section touched (or a new one).
      if (this.findOwn(id) instanceof Y.Item) return { root: holder.root, isTopLevel: false, top: "new" };
      return { root: holder.root, isTopLevel: false, top: holder.top };
    }
    return holder;
  }

  placeOfUpdateItem(item: Y.Item, depth: number): Resolved {
    const known = this.memo.get(item);
    if (known !== undefined) return known;
    if (depth > 10_000) return null;
    let place: Resolved = null;
    const parent = item.parent as unknown;
    if (typeof parent === "string") place = { root: parent, isTopLevel: true, top: "new" };
    else if (parent && typeof parent === "object" && "client" in (parent as object))
      place = this.placeInsideId(parent as StructId, depth);
    else {
      const sibling = item.origin
        ? this.placeOfId(item.origin, depth)
        : item.rightOrigin
          ? this.placeOfId(item.rightOrigin, depth)
          : null;
      // A new item next to a top-level element is itself a new top-level element.
      if (sibling && sibling !== GONE)
        place = sibling.isTopLevel ? { root: sibling.root, isTopLevel: true, top: "new" } : sibling;
      else place = sibling;
    }
    this.memo.set(item, place);
    return place;
  }

  note(place: Resolved) {
    if (place === null) this.unresolved = true;
    else if (place !== GONE) {
      this.roots.add(place.root);
      // Sections are the top-level elements of `content` (a comment thread is not one).
      if (place.root === "content" && place.top === "new") this.newSections = true;
      else if (place.root === "content" && place.top && place.top !== "new") this.sections.add(place.top);
    }
  }

  private slotOf(item: Y.Item, depth: number): Slot {
    const known = this.slots.get(item);
    if (known) return known;
    const slot = depth > 10_000 ? NO_SLOT : this.findSlot(item, depth);
    this.slots.set(item, slot);
    return slot;
  }

  /** Items arrive in clock order, so a chain of typing resolves one step at a time through the memo above. */
  private findSlot(item: Y.Item, depth: number): Slot {
    const parent = item.parent as unknown;
    if (typeof parent === "string")
      return { type: (this.doc.share.get(parent) as Y.AbstractType<unknown> | undefined) ?? null, key: item.parentSub };
    if (parent && typeof parent === "object" && "client" in (parent as object)) {
      const id = parent as StructId;
      const holder = this.findOwn(id) ?? docItem(this.doc, id); // a GC holder has no content: no slot
      const content = holder instanceof Y.Item ? holder.content : null;
      return {
        type: content instanceof Y.ContentType ? (content.type as Y.AbstractType<unknown>) : null,
        key: item.parentSub,
      };
    }
    const siblingId = item.origin ?? item.rightOrigin;
    if (!siblingId) return NO_SLOT;
    const own = this.findOwn(siblingId);
    if (own instanceof Y.Item) return this.slotOf(own, depth + 1);
    if (own) return NO_SLOT;
    const sibling = docItem(this.doc, siblingId);
    return sibling instanceof Y.Item
      ? { type: sibling.parent as Y.AbstractType<unknown> | null, key: sibling.parentSub }
      : NO_SLOT;
  }

  /** Can y-prosemirror read this item where it goes? Elements and text among elements, strings and marks in text. */
  fitsTheSchema(item: Y.Item): boolean {
    const content = item.content;
    if (content instanceof Y.ContentDeleted) return true;
    const { type: parent, key } = this.slotOf(item, 0);
    if (key !== null) return content instanceof Y.ContentAny; // attributes hold plain values
    if (parent === null) return false;
    if (parent instanceof Y.XmlText)
      return (
        content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed
      );
    if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) {
      return (
        content instanceof Y.ContentType && (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)
      );
    }
    return false;
  }
}
