/**
 * Sends a picture from the person's device to the workspace's uploads (`POST /api/uploads`, purpose `image`): the
 * editor's picture dialog and the cover picture in Design both use it. Resolves to the upload's address, or to the
 * words to show when it could not be added.
 */
/** The picture files a file chooser offers: what the server takes in (server/services/uploads.ts). */
export const PICTURE_FILE_TYPES = "image/png,image/jpeg,image/webp,image/gif,image/avif,image/svg+xml";

export async function uploadPicture(file: File): Promise<{ url: string } | { error: string }> {
  try {
    const body = new FormData();
    body.append("file", file);
    body.append("purpose", "image");
    const response = await fetch("/api/uploads", { method: "POST", body });
    const result = (await response.json()) as { upload?: { url: string }; error?: { message: string } };
    if (!response.ok || !result.upload)
      return { error: result.error?.message ?? "The picture could not be added. Please try again." };
    return { url: result.upload.url };
  } catch {
    return { error: "The picture could not be sent. Check your connection and try again." };
  }
}
