/**
 * The published page: a complete HTML document, rendered with react-dom/server
 * from the same ComponentView the editor's canvas mounts. It carries no script
 * at all (no component needs one), only the components' CSS (COMPONENT_CSS, the
 * editor's own) and the page's title, description, social image and language
 * from the Page's props. A separate entry point (`@tandem/render/document`) so
 * that the editor's bundle never includes react-dom/server.
 */
import type { Json, PageDocument } from '@tandem/protocol';
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PageView } from './PageView.ts';
import { safeUrl } from './safe-url.ts';
import { COMPONENT_CSS, FRAME_CLASS } from './styles.ts';

export interface PublishedPageOptions {
  /** The page's public address, for `og:url` (absolute). */
  url?: string;
}

/** When the Page's `lang` is not a language tag. */
export const DEFAULT_LANG = 'en';
const LANG_PATTERN = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/;

/** A published page fills the window; what sits around the Page's max width is the body's white. */
const DOCUMENT_CSS = `html,body{margin:0;background:#fff}.${FRAME_CLASS}>.tp-page{min-height:100vh}`;

/** The CSS has no strings or comments whose whitespace matters: collapsing it is safe, and a third smaller. */
const PAGE_CSS = (DOCUMENT_CSS + COMPONENT_CSS)
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  .replace(/\s*([{};,>])\s*/g, '$1')
  // `: ` only ever follows a property or a media feature here (no selector has a space before a pseudo-class).
  .replace(/:\s+/g, ':')
  .replace(/;}/g, '}')
  .trim();
// Inserted as raw text (React would escape `>` in a <style>): it is a constant of ours, never a peer's, and cannot close the element.
if (/<\/style/i.test(PAGE_CSS)) throw new Error('COMPONENT_CSS must not contain </style');

const text = (value: Json | undefined): string => (typeof value === 'string' ? value.trim() : '');

/** The document's metadata, from the root Page's props. */
export function pageMeta(doc: PageDocument): { title: string; description: string; socialImage: string | null; lang: string } {
  const props = Object.hasOwn(doc.components, doc.rootId) ? (doc.components[doc.rootId]?.props ?? {}) : {};
  const lang = text(props.lang);
  const image = safeUrl(text(props.socialImage));
  return {
    title: text(props.title) || 'Untitled page',
    description: text(props.description),
    // Social networks fetch the image from elsewhere: only an absolute http(s) address means anything to them.
    socialImage: image && /^https?:\/\//i.test(image) ? image : null,
    lang: LANG_PATTERN.test(lang) ? lang : DEFAULT_LANG,
  };
}

/** The whole page as `<!DOCTYPE html>…`: semantic, escaped by React, without a single script. */
export function renderPublishedPage(doc: PageDocument, options: PublishedPageOptions = {}): string {
  const meta = pageMeta(doc);
  const tag = (attributes: Record<string, string>) => h('meta', attributes);
  const head = h(
    'head',
    null,
    tag({ charSet: 'utf-8' }),
    tag({ name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', null, meta.title),
    meta.description ? tag({ name: 'description', content: meta.description }) : null,
    tag({ property: 'og:type', content: 'website' }),
    tag({ property: 'og:title', content: meta.title }),
    meta.description ? tag({ property: 'og:description', content: meta.description }) : null,
    meta.socialImage ? tag({ property: 'og:image', content: meta.socialImage }) : null,
    options.url ? tag({ property: 'og:url', content: options.url }) : null,
    tag({ name: 'twitter:card', content: meta.socialImage ? 'summary_large_image' : 'summary' }),
    tag({ name: 'generator', content: 'Tandem' }),
    h('style', { dangerouslySetInnerHTML: { __html: PAGE_CSS } }),
  );
  const body = h('body', null, h('main', { className: FRAME_CLASS }, h(PageView, { doc, mode: 'preview' })));
  return `<!DOCTYPE html>${renderToStaticMarkup(h('html', { lang: meta.lang }, head, body))}`;
}
