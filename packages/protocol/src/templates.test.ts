import { describe, expect, it } from 'vitest';
import { COMPONENT_ID_PATTERN, isTemplateId, TEMPLATE_IDS, TEMPLATES, templateDocument, validateDocument } from './index.ts';

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
});
