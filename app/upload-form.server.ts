/**
 * Reads a multipart form with one picture (`file`) and a few text fields, without ever holding more than the
 * upload limit in memory: a request that says it is bigger is refused before its body is read, and a part that
 * turns out bigger stops the read.
 */
import { errors } from "./domain/errors";

/** Room for the other form fields and the multipart boundaries around the file. */
export const UPLOAD_FORM_OVERHEAD_BYTES = 64 * 1024;

export interface UploadForm {
  fields: FormData;
  /** The chosen file, or null when the file field was left empty. */
  file: { bytes: Uint8Array; name: string } | null;
}

/** Past this, a too-big request is cut off rather than read to its end. */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Reads and throws away the rest of a refused request, so the sender (still uploading) gets our answer rather than a
 * reset connection. Nothing is kept, so this costs time, not memory; a request beyond the drain limit is cut off.
 */
async function discardBody(request: Request) {
  if (!request.body) return;
  let seen = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > DRAIN_LIMIT_BYTES) return void (await reader.cancel());
    }
  } catch {
    // The sender went away: nothing left to answer.
  }
}

function tooBig(maxBytes: number) {
  return errors.tooLarge(`That file is bigger than ${maxBytes / 1024 / 1024} MB. Save it smaller and try again.`);
}

export async function readUploadForm(request: Request, maxBytes: number): Promise<UploadForm> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw errors.badRequest(
      "Send the picture as a form upload (multipart/form-data) with the file in a field called “file”.",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + UPLOAD_FORM_OVERHEAD_BYTES) {
    await discardBody(request);
    throw tooBig(maxBytes);
  }
  // The platform's own multipart parser (it reads quoted file names like "Leaflet; final=2.png" correctly), fed
  // through a counter that stops reading past the limit, so nothing bigger is ever held in memory.
  const limit = maxBytes + UPLOAD_FORM_OVERHEAD_BYTES;
  let seen = 0;
  let exceeded = false;
  const counted = request.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          exceeded = true;
          controller.error(new Error("too large"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  let fields: FormData;
  try {
    fields = await new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: counted ?? null,
      duplex: "half",
    } as RequestInit).formData();
  } catch {
    if (exceeded) throw tooBig(maxBytes);
    throw errors.badRequest("We couldn't read that upload. Please choose the file and try again.");
  }
  const file = fields.get("file");
  if (!file || typeof file === "string" || (file.size === 0 && !file.name)) return { fields, file: null };
  return { fields, file: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } };
}
