/**
 * Export and import: a page's document as a JSON file with its format version
 * (and back, through POST /api/pages), or as one standalone HTML file rendered
 * by the published page's renderer. Pure: the routes are in publish.ts and pages.ts.
 */
import { cloneJson, EXPORT_KIND, type ExportedPage, type Json, type PageDocument, validateDocument } from '@tandem/protocol';
import { DOCUMENT_FORMATS, type DocumentFormats, migrateDocument } from './storage/migrations.ts';

/** An imported document is a whole page: up to the largest WebSocket frame (MAX_MESSAGE_BYTES' default). */
export const IMPORT_BODY_LIMIT = '1mb';
/** A 400 lists this many problems at most, then says how many more there are. */
const MAX_LISTED_PROBLEMS = 20;

/** An import that is not a valid page: a 400 whose message lists what is wrong. */
export class ImportRejectedError extends Error {
  override readonly name = 'ImportRejectedError';
  constructor(readonly problems: string[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    super(`document is not a valid page: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
  }
}

/**
 * The document of `POST /api/pages { title, document, formatVersion? }`: migrated
 * from its format to today's, checked (validateDocument), and titled `title` (the
 * page's title is its root's `title` prop). Throws ImportRejectedError.
 */
export function importedDocument(
  body: { title: string; document?: unknown; formatVersion?: number | undefined },
  formats: DocumentFormats = DOCUMENT_FORMATS,
): PageDocument {
  let doc: unknown;
  try {
    doc = migrateDocument(body.document, body.formatVersion ?? formats.current, formats);
  } catch (error) {
    throw new ImportRejectedError([(error as Error).message]);
  }
  const problems = validateDocument(doc);
  if (problems.length > 0) throw new ImportRejectedError(problems);
  const page = cloneJson(doc as Json) as unknown as PageDocument;
  const root = page.components[page.rootId] as { props: Record<string, Json> };
  root.props.title = body.title;
  return page;
}

/** The `?format=json` file: the document with the format it is written in. */
export function exportedPage(doc: PageDocument, version: number, now: number, formats: DocumentFormats = DOCUMENT_FORMATS): ExportedPage {
  const title = doc.components[doc.rootId]?.props.title;
  return {
    kind: EXPORT_KIND,
    formatVersion: formats.current,
    title: typeof title === 'string' ? title : '',
    version,
    exportedAt: now,
    document: doc,
  };
}

/** A file name from the page's title: lower-case letters, digits and dashes only, never empty. */
export function exportFileName(title: string, extension: 'html' | 'json'): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'page'}.${extension}`;
}
