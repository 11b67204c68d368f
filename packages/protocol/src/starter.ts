import type { PageDocument } from './document.ts';
import { defaultProps } from './registry.ts';
import { DEFAULT_PAGE_TITLE } from './title.ts';

/** What a new page holds, so that a newcomer sees something at once. */
export function starterDocument(title = DEFAULT_PAGE_TITLE): PageDocument {
  const node = (id: string, type: string, props: Record<string, string>, children: string[] = []) => ({
    id,
    type,
    props: { ...defaultProps(type), ...props },
    children,
  });
  return {
    rootId: 'root',
    components: {
      root: node('root', 'Page', { title }, ['hero']),
      hero: node('hero', 'Section', {}, ['hero-heading', 'hero-text', 'hero-button']),
      'hero-heading': node('hero-heading', 'Heading', { text: 'Welcome to your page', level: '1' }),
      'hero-text': node('hero-text', 'Text', { text: 'Everyone on this page edits it together. Select anything to change it.' }),
      'hero-button': node('hero-button', 'Button', { label: 'Get started', href: 'https://example.com' }),
    },
  };
}

// Web Crypto is global in browsers and in Node 20; declared here so the package needs neither lib.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

/** A fresh component id: 12 random base-36 characters, unique within a page in practice. */
export function createId(prefix = 'c'): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let out = `${prefix}-`;
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
