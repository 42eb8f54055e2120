/**
 * Reads a multipart form with one picture (`file`) and a few text fields, without ever holding more than the
 * upload limit in memory: a request that says it is bigger is refused before its body is read, and a part that
 * turns out bigger stops the read.
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { errors } from "./domain/errors";

/** Room for the other form fields and the multipart boundaries around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

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
    throw errors.badRequest("Send the picture as a form upload (multipart/form-data) with the file in a field called “file”.");
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD_BYTES) {
    await discardBody(request);
    throw tooBig(maxBytes);
  }
  let fields: FormData;
  try {
    fields = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      await discardBody(request);
      throw tooBig(maxBytes);
    }
    throw errors.badRequest("We couldn't read that upload. Please choose the file and try again.");
  }
  const file = fields.get("file");
  if (!file || typeof file === "string" || (file.size === 0 && !file.name)) return { fields, file: null };
  return { fields, file: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } };
}
