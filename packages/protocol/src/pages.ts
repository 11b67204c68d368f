/**
 * The Pages API (REST, under /api/pages): request bodies the server checks and
 * the response shapes it sends, so that the web app and the server agree on one
 * definition. The reference with every route and status is README.md ("Pages API").
 */
import { z } from 'zod';
import { PageDocumentSchema } from './document.ts';
import { PageIdSchema, RoleSchema } from './messages.ts';
import { TEMPLATE_IDS } from './templates.ts';
import { PageTitleSchema } from './title.ts';

/**
 * A new page from a template, or from a document (an import: `document` is checked
 * with validateDocument after migrating it from `formatVersion`, the current format
 * by default). Not both.
 */
export const CreatePageRequestSchema = z
  .object({
    title: PageTitleSchema,
    template: z.enum(TEMPLATE_IDS).optional(),
    document: z.unknown().optional(),
    formatVersion: z.number().int().min(1).optional(),
  })
  .refine((body) => body.template === undefined || body.document === undefined, {
    message: 'give a template or a document, not both',
    path: ['document'],
  });
export type CreatePageRequest = z.infer<typeof CreatePageRequestSchema>;

/** The page's history names the signed-in person as the author (no `userName` field any more). */
export const RenamePageRequestSchema = z.object({ title: PageTitleSchema });
export type RenamePageRequest = z.infer<typeof RenamePageRequestSchema>;

export const RestorePageRequestSchema = z.object({ version: z.number().int().min(0) });
export type RestorePageRequest = z.infer<typeof RestorePageRequestSchema>;

export const PageSummarySchema = z.object({
  id: PageIdSchema,
  title: z.string(),
  version: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The signed-in person's role on the page. */
  role: RoleSchema,
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

/** `GET /api/pages` gives this many pages when `limit` is not given, and never more than the maximum. */
export const PAGE_LIST_DEFAULT_LIMIT = 50;
export const PAGE_LIST_MAX_LIMIT = 200;

/**
 * The query of `GET /api/pages`: `limit` pages, after `cursor` (the `nextCursor`
 * of the page before; opaque, at most 200 characters).
 */
export const PageListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIST_MAX_LIMIT).optional(),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageListQuery = z.infer<typeof PageListQuerySchema>;

/** One stretch of the list; `nextCursor` is null on the last one (and read as null when absent). */
export const PageListResponseSchema = z.object({ pages: z.array(PageSummarySchema), nextCursor: z.string().nullable().default(null) });
export type PageListResponse = z.infer<typeof PageListResponseSchema>;
export const CreatePageResponseSchema = z.object({ id: PageIdSchema });
export const PageResponseSchema = PageSummarySchema.extend({ document: PageDocumentSchema });
export type PageResponse = z.infer<typeof PageResponseSchema>;

/**
 * What made a stored version (SPEC H1): a `restore` (the page after `userName`
 * restored `restoredFrom`), `before-restore` (the page just before that restore),
 * or `session-end` (the page when `userName`, who had edited it, left). Versions
 * stored every SNAPSHOT_EVERY patches, when a room goes idle, and before labels
 * existed have none.
 */
export const VERSION_KINDS = ['restore', 'before-restore', 'session-end'] as const;
export const VersionKindSchema = z.enum(VERSION_KINDS);
export type VersionKind = z.infer<typeof VersionKindSchema>;
export const VersionLabelSchema = z.object({
  kind: VersionKindSchema,
  userName: z.string(),
  /** For `restore` and `before-restore`: the version that was restored. */
  restoredFrom: z.number().int().optional(),
  ts: z.number(),
});
export type VersionLabel = z.infer<typeof VersionLabelSchema>;

/** One point of a page's history: a stored snapshot, who edited the page since the one before, and what made it (`label`, when known). */
export const PageVersionSchema = z.object({
  version: z.number().int(),
  ts: z.number(),
  authors: z.array(z.string()),
  label: VersionLabelSchema.optional(),
});
export type PageVersion = z.infer<typeof PageVersionSchema>;
export const PageVersionsResponseSchema = z.object({ versions: z.array(PageVersionSchema) });
export const PageVersionResponseSchema = z.object({ version: z.number().int(), document: PageDocumentSchema });

/** What a rename or a restore applied: the patch everyone in the room received as `op-patch`. */
export const PageChangeResponseSchema = z.object({
  version: z.number().int(),
  opId: z.string().nullable(),
  patches: z.array(z.unknown()),
});
export type PageChangeResponse = z.infer<typeof PageChangeResponseSchema>;

/** Error codes of the HTTP API, in `{ error: { code, message } }`. A public contract, like ErrorCode. */
export const HttpErrorCode = {
  BadRequest: 'bad-request',
  /** Signed in, but the role on the page does not allow it (a viewer renaming or publishing, an editor managing members). */
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  PageDeleted: 'page-deleted',
  VersionUnavailable: 'version-unavailable',
  Conflict: 'conflict',
  /** A state-changing request from a page of a foreign Origin (see ALLOWED_ORIGINS). */
  ForbiddenOrigin: 'forbidden-origin',
  PageUnreadable: 'page-unreadable',
  TooLarge: 'too-large',
  /** Too many pages created from one address, or too many login attempts, in the last minute; `Retry-After` says when to try again. */
  RateLimited: 'rate-limited',
  UnsupportedType: 'unsupported-type',
  /** An upload that would take the account past its image quota (ASSET_QUOTA_BYTES, ASSET_QUOTA_COUNT): `413`, nothing stored. */
  QuotaExceeded: 'quota-exceeded',
  /** Removing a page's upload that its document still uses (SPEC U9): `409`, nothing removed. */
  AssetInUse: 'asset-in-use',
  Internal: 'internal',
  /** No session cookie or bearer token, or one that expired or was revoked. */
  Unauthenticated: 'unauthenticated',
  /** Sign-up with an email an account already has (emails compare case-insensitively). */
  EmailTaken: 'email-taken',
  /** Login with a wrong email or password (the same answer for both). */
  BadCredentials: 'bad-credentials',
} as const;
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];
