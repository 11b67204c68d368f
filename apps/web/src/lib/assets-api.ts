/**
 * Uploading an image (packages/protocol/README.md, "Assets"): the file itself is
 * the body of `POST /api/assets`; the answer says where it is served. Errors
 * are `ApiError`s with a message fit to show, as in api.ts.
 */
import { ASSET_TYPES, type AssetResponse, AssetSchema, MAX_ASSET_BYTES } from '@tandem/protocol';
import { ApiError } from './api.ts';

/** What the file picker offers: the types the server accepts. */
export const IMAGE_ACCEPT = ASSET_TYPES.join(',');

/** With `pageId`, uploaded for that page (SPEC U7: it needs the editor role, and the page's assets panel lists it). */
export async function uploadImage(file: Blob, pageId?: string): Promise<AssetResponse> {
  // Said before sending 10 MB for nothing; the server checks again (and the bytes, not the name, decide the type).
  if (file.size > MAX_ASSET_BYTES) throw new ApiError(413, 'too-large', 'This image is over 10 MB. Make it smaller and try again.');
  if (file.type === 'image/svg+xml')
    throw new ApiError(415, 'unsupported-type', 'SVG images cannot be uploaded (they can carry script). Use PNG, JPEG, GIF, WebP or AVIF.');
  let response: Response;
  try {
    const target = pageId === undefined ? '/api/assets' : `/api/pages/${encodeURIComponent(pageId)}/assets`;
    response = await globalThis.fetch(target, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Tandem server to upload the image. Try again when you are online.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http-${response.status}`;
    const message =
      code === 'unsupported-type'
        ? 'This file is not a PNG, JPEG, GIF, WebP or AVIF image.'
        : code === 'too-large'
          ? 'This image is over 10 MB. Make it smaller and try again.'
          : code === 'quota-exceeded'
            ? `Your account has reached its upload quota (${typeof error?.message === 'string' ? error.message : 'too many images'}). Reuse an image from the Assets panel, or ask whoever runs this server for more.`
            : code === 'forbidden'
              ? 'Your role on this page does not allow uploading images.'
              : `The upload failed (${typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`}).`;
    throw new ApiError(response.status, code, message);
  }
  const parsed = AssetSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'bad-response', 'The server sent an answer this page does not understand.');
  return parsed.data;
}
