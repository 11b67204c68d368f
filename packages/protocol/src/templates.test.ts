import { describe, expect, it } from 'vitest';
import {
  COMPONENT_ID_PATTERN,
  isTemplateId,
  TEMPLATE_IDS,
  TEMPLATE_IMAGE_BASE,
  TEMPLATES,
  templateDocument,
  validateDocument,
} from './index.ts';

describe('templates', () => {
  it.each(TEMPLATE_IDS)('%s is a valid document (D1–D9) titled as asked', (id) => {
    const doc = templateDocument(id, 'Spring sale');
    expect(validateDocument(doc)).toEqual([]);
    expect(doc.components[doc.rootId]?.props.title).toBe('Spring sale');
    for (const key of Object.keys(doc.components)) expect(key).toMatch(COMPONENT_ID_PATTERN);
  });

  it('lists each template once, with a name and a description', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([...TEMPLATE_IDS]);
    for (const t of TEMPLATES) expect(t.name.length * t.description.length).toBeGreaterThan(0);
  });

  it('gives a blank page only its root, and the others something to edit', () => {
    expect(Object.keys(templateDocument('blank').components)).toEqual(['root']);
    expect(Object.keys(templateDocument('landing').components).length).toBeGreaterThan(10);
    expect(Object.keys(templateDocument('pricing').components).length).toBeGreaterThan(10);
  });

  it('returns a fresh document each time', () => {
    const a = templateDocument('landing');
    (a.components.root as { props: Record<string, unknown> }).props.title = 'changed';
    expect(templateDocument('landing').components.root?.props.title).toBe('Untitled page');
  });

  it('recognises only its own ids', () => {
    expect(isTemplateId('pricing')).toBe(true);
    expect(isTemplateId('Pricing')).toBe(false);
    expect(isTemplateId(undefined)).toBe(false);
  });

  it.each(['pricing', 'saas', 'launch', 'portfolio', 'event'] as const)(
    '%s looks like a site: navigation, footer, theme, equal-height cards, shipped images',
    (id) => {
      const doc = templateDocument(id, 'A real site');
      const root = doc.components[doc.rootId];
      const children = root?.children.map((c) => doc.components[c]?.type);
      expect(children?.[0]).toBe('Navbar');
      expect(children?.at(-1)).toBe('Footer');
      expect((root?.props.theme as { primary?: string } | undefined)?.primary).toMatch(/^#[0-9a-f]{6}$/);
      const nodes = Object.values(doc.components);
      expect(
        nodes.some((n) => n.type === 'Columns' && (n.props.style as { base?: { equalHeight?: boolean } }).base?.equalHeight === true),
      ).toBe(true);
      const images = nodes.filter((n) => n.type === 'Image').map((n) => n.props.src as string);
      // The pricing page is plans and words; the others carry an illustration.
    if (id !== 'pricing') expect(images.length).toBeGreaterThan(0);
      // Relative, so the published page loads them from the same server as the editor (apps/web/public/templates).
      for (const src of images) expect(src).toMatch(new RegExp(`^${TEMPLATE_IMAGE_BASE}[a-z0-9-]+\\.svg$`));
      expect(nodes.length).toBeGreaterThan(20);
    },
  );
});
