/**
 * The Pages API (REST, under /api/pages): request bodies the server checks and
 * the response shapes it sends, so that the web app and the server agree on one
 * definition. The reference with every route and status is README.md ("Pages API").
 */
import { z } from 'zod';
import { PageDocumentSchema } from './document.ts';
import { PageIdSchema, UserNameSchema } from './messages.ts';
import { TEMPLATE_IDS } from './templates.ts';
import { PageTitleSchema } from './title.ts';

export const CreatePageRequestSchema = z.object({ title: PageTitleSchema, template: z.enum(TEMPLATE_IDS).optional() });
export type CreatePageRequest = z.infer<typeof CreatePageRequestSchema>;

/** `userName` names who did it in the page's history; optional. */
export const RenamePageRequestSchema = z.object({ title: PageTitleSchema, userName: UserNameSchema.optional() });
export type RenamePageRequest = z.infer<typeof RenamePageRequestSchema>;

export const RestorePageRequestSchema = z.object({ version: z.number().int().min(0), userName: UserNameSchema.optional() });
export type RestorePageRequest = z.infer<typeof RestorePageRequestSchema>;

export const PageSummarySchema = z.object({
  id: PageIdSchema,
  title: z.string(),
  version: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const PageListResponseSchema = z.object({ pages: z.array(PageSummarySchema) });
export const CreatePageResponseSchema = z.object({ id: PageIdSchema });
export const PageResponseSchema = PageSummarySchema.extend({ document: PageDocumentSchema });
export type PageResponse = z.infer<typeof PageResponseSchema>;

/** One point of a page's history: a stored snapshot, and who edited the page since the one before. */
export const PageVersionSchema = z.object({ version: z.number().int(), ts: z.number(), authors: z.array(z.string()) });
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
  NotFound: 'not-found',
  PageDeleted: 'page-deleted',
  VersionUnavailable: 'version-unavailable',
  Conflict: 'conflict',
  PageUnreadable: 'page-unreadable',
  TooLarge: 'too-large',
  Internal: 'internal',
} as const;
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];
