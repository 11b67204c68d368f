import { describe, expect, it } from 'vitest';
import { applyDocumentPatch, validateDocument } from './document.ts';
import type { Json } from './json.ts';
import { defaultProps, IMAGE_ASPECT_RATIOS } from './registry.ts';
import { starterDocument as starter } from './starter.ts';
import type { Operation } from './patch.ts';

/** A page with one Image, `img`, under the hero section. */
function withImage() {
  const added = applyDocumentPatch(starter(), [
    { op: 'add', path: '/components/img', value: { id: 'img', type: 'Image', props: defaultProps('Image'), children: [] } },
    { op: 'add', path: '/components/hero/children/-', value: 'img' },
  ]);
  if (!added.ok) throw new Error(added.error.message);
  return added.doc;
}

const edit = (prop: string, value: Json): Operation[] => [{ op: 'replace', path: `/components/img/props/${prop}`, value }];

describe('Image frame fields (SPEC U6)', () => {
  it('[U6] a new Image covers its frame at its own proportions, with 8 px corners, not yet described', () => {
    expect(defaultProps('Image')).toMatchObject({ fit: 'cover', aspectRatio: 'auto', radius: 8, alt: '', decorative: false });
  });

  it('[U6] accepts every fit, every listed aspect ratio, a radius within 0–512 and the decorative switch', () => {
    const doc = withImage();
    const ops: Operation[] = [
      ...edit('fit', 'contain'),
      ...IMAGE_ASPECT_RATIOS.map(([value]) => edit('aspectRatio', value)[0] as Operation),
      ...edit('radius', 0),
      ...edit('radius', 512),
      ...edit('decorative', true),
    ];
    const result = applyDocumentPatch(doc, ops);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(validateDocument(result.doc)).toEqual([]);
      expect(result.doc.components.img?.props).toMatchObject({ fit: 'contain', aspectRatio: '16:9', radius: 512, decorative: true });
    }
  });

  it.each([
    ['fit', 'fill'],
    ['fit', 'url(javascript:alert(1))'],
    ['aspectRatio', '2:1'],
    ['aspectRatio', '4 / 3'],
    ['aspectRatio', 16 / 9],
    ['radius', -1],
    ['radius', 513],
    ['radius', '8px'],
    ['decorative', 'yes'],
  ])('[U6] refuses %s = %j with schema-violation and changes nothing', (prop, value) => {
    const doc = withImage();
    const result = applyDocumentPatch(doc, edit(prop, value));
    expect(result).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    expect(doc.components.img?.props[prop]).toEqual(defaultProps('Image')[prop]);
  });
});
