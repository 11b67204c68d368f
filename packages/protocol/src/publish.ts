/**
 * Publishing, export and import (REST, under /api/pages and /s): request bodies
 * the server checks and the responses it sends. The reference with every route,
 * status and header is README.md ("Publishing").
 */
import { z } from 'zod';
import { UserNameSchema } from './messages.ts';

/** `userName` is who published, shown in the list, until accounts exist (issue #10); optional. */
export const PublishRequestSchema = z.object({ userName: UserNameSchema.optional() });
export type PublishRequest = z.infer<typeof PublishRequestSchema>;

export const PublicationSchema = z.object({
  number: z.number().int().min(1),
  version: z.number().int().min(0),
  publishedAt: z.number(),
  publishedBy: z.string(),
});
export type Publication = z.infer<typeof PublicationSchema>;

export const PublishResponseSchema = z.object({ publication: PublicationSchema, url: z.string() });
export type PublishResponse = z.infer<typeof PublishResponseSchema>;

export const PublicationListingSchema = PublicationSchema.extend({ live: z.boolean() });
export type PublicationListing = z.infer<typeof PublicationListingSchema>;
/** `url` is the public address, whether or not a publication is live there now. */
export const PublicationsResponseSchema = z.object({ publications: z.array(PublicationListingSchema), url: z.string() });
export type PublicationsResponse = z.infer<typeof PublicationsResponseSchema>;

/** What `POST …/publications/:number/live` and `DELETE …/publish` answer: the list as it is now. */
export const LiveChangeResponseSchema = PublicationsResponseSchema;

/** The formats of `GET /api/pages/:id/export?format=…`. */
export const EXPORT_FORMATS = ['html', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Marks a JSON file as an exported Tandem page. */
export const EXPORT_KIND = 'tandem-page';

/**
 * An exported page (`?format=json`): the document with the format it is written
 * in, so that a later server migrates it on import. `POST /api/pages` takes
 * `{ title, document, formatVersion }` from it.
 */
export const ExportedPageSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  formatVersion: z.number().int().min(1),
  title: z.string(),
  version: z.number().int().min(0),
  exportedAt: z.number(),
  document: z.unknown(),
});
export type ExportedPage = z.infer<typeof ExportedPageSchema>;
