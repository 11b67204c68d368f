/**
 * Uploaded images (SPEC U1–U5): the response shapes of the assets routes, and
 * `pageImages`, which finds every image a page uses from its document alone.
 * The reference is README.md ("Assets").
 */
import { z } from 'zod';
import type { PageDocument } from './document.ts';
import { hasOwn, isPlainObject } from './json.ts';
import { BREAKPOINTS } from './style.ts';

/** U1: at most 10 MB per image. */
export const MAX_ASSET_BYTES = 10 * 1024 * 1024;
/** U1: the accepted types, told by the file's first bytes (never by its name or declared type). */
export const ASSET_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];
/** U2: an asset is named by the sha256 of its bytes, in lower-case hex. */
export const ASSET_HASH_PATTERN = /^[0-9a-f]{64}$/;
/** U2: where an asset is served, relative to the server: the URL a document holds. */
export const assetUrl = (hash: string): string => `/assets/${hash}`;
const ASSET_URL = /^\/assets\/([0-9a-f]{64})$/;
/** The hash of a URL that names one of our assets, or null. */
export function assetHashOf(url: string): string | null {
  return ASSET_URL.exec(url)?.[1] ?? null;
}

export const AssetSchema = z.object({
  hash: z.string().regex(ASSET_HASH_PATTERN),
  url: z.string(),
  type: z.enum(ASSET_TYPES),
  size: z.number().int().min(1).max(MAX_ASSET_BYTES),
});
/** `POST /api/assets`: 201 with what was stored (200 when those bytes were stored already). */
export type AssetResponse = z.infer<typeof AssetSchema>;

export const PageImageSchema = z.object({
  url: z.string(),
  /** Set when the URL is one of our assets. */
  hash: z.string().nullable(),
  /** Type and size of a stored asset; null for other URLs and for assets this server does not hold. */
  type: z.enum(ASSET_TYPES).nullable(),
  size: z.number().int().nullable(),
  /** Where the page uses it: the component and the prop (`src`, `socialImage`, `style.mobile.backgroundImage`…). */
  uses: z.array(z.object({ componentId: z.string(), prop: z.string() })),
  /** U7: uploaded for this page (`POST /api/pages/:id/assets`); an upload not used yet has no `uses`. */
  uploaded: z.boolean(),
});
export type PageImage = z.infer<typeof PageImageSchema>;
export const PageAssetsResponseSchema = z.object({ assets: z.array(PageImageSchema) });
export type PageAssetsResponse = z.infer<typeof PageAssetsResponseSchema>;

/** Props that hold an image URL, besides style backgrounds. */
const IMAGE_PROPS: Readonly<Record<string, readonly string[]>> = { Image: ['src'], Page: ['socialImage'] };

/**
 * U3: every image URL the page uses, each once, in the order of the components
 * map, with where it is used. Pure; its cost is the size of the document.
 */
export function pageImages(doc: PageDocument): { url: string; uses: { componentId: string; prop: string }[] }[] {
  const found = new Map<string, { componentId: string; prop: string }[]>();
  const use = (url: unknown, componentId: string, prop: string) => {
    if (typeof url !== 'string' || url.trim() === '') return;
    const list = found.get(url) ?? [];
    list.push({ componentId, prop });
    found.set(url, list);
  };
  for (const [id, node] of Object.entries(doc.components)) {
    for (const prop of hasOwn(IMAGE_PROPS, node.type) ? (IMAGE_PROPS[node.type] ?? []) : []) use(node.props[prop], id, prop);
    const style = node.props.style;
    if (!isPlainObject(style)) continue;
    for (const bp of BREAKPOINTS) {
      const values = style[bp];
      if (isPlainObject(values)) use(values.backgroundImage, id, `style.${bp}.backgroundImage`);
    }
  }
  return [...found].map(([url, uses]) => ({ url, uses }));
}
