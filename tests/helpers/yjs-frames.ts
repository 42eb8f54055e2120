/**
 * Hand-made y-websocket frames and Yjs updates, written with lib0 the way a modified client could send them — no
 * y-websocket or Yjs encoder on the attacker's side, so nothing is tidied up on the way.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

const SYNC = 0;
const AWARENESS = 1;
const QUERY_AWARENESS = 3;
const STEP_1 = 0;
const UPDATE = 2;

/** An update (Yjs format v1) with no structs and these delete ranges. */
export function deleteSetUpdate(ranges: Array<{ client: number; clock: number; length: number }>): Uint8Array {
  const byClient = new Map<number, Array<{ clock: number; length: number }>>();
  for (const range of ranges) byClient.set(range.client, [...(byClient.get(range.client) ?? []), range]);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const { clock, length } of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** An update holding one collected (GC) range under a client id, and no deletions. */
export function collectedRangeUpdate(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // structs of one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  encoding.writeUint8(encoder, 0); // info 0: a GC struct
  encoding.writeVarUint(encoder, length);
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

/** [sync][update][bytes]: how a client sends a change. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** [sync][step 1][empty state vector]: asks for the whole document; the reply tells that earlier frames were handled. */
export function step1Frame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, STEP_1);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
}

export function queryAwarenessFrame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, QUERY_AWARENESS);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame with these entries, in this order (the same client id may repeat). */
export function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

export type DecodedFrame =
  | { kind: "sync"; subType: number; payload: Uint8Array }
  | { kind: "awareness"; entries: Array<{ clientId: number; clock: number; state: unknown }> }
  | { kind: "other"; type: number };

/** Reads a frame the server sent. */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === SYNC) {
    const subType = decoding.readVarUint(decoder);
    return { kind: "sync", subType, payload: decoding.readVarUint8Array(decoder) };
  }
  if (type === AWARENESS) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(inner);
    const entries = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner);
      const clock = decoding.readVarUint(inner);
      entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(inner)) as unknown });
    }
    return { kind: "awareness", entries };
  }
  return { kind: "other", type };
}

/** Re-encodes the one inserted struct of an update under another client id and clock, with no delete set. */
export function forgeClient(update: Uint8Array, fromClient: number, toClient: number, clock: number): Uint8Array {
  const item = Y.decodeUpdate(update).structs.find((struct) => struct.id.client === fromClient) as Y.Item;
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // one client
  encoding.writeVarUint(encoder.restEncoder, 1); // one struct
  encoder.writeClient(toClient);
  encoding.writeVarUint(encoder.restEncoder, clock);
  item.write(encoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
  return encoder.toUint8Array();
}

/** [sync][step 2][bytes]: a client's answer to the server's sync step 1. */
export function stepTwoFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
