import { starterDocument } from '@tandem/protocol';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { Canvas } from './Canvas.tsx';

test('every component is an element with its test id and type, in tree order', () => {
  const html = renderToStaticMarkup(<Canvas doc={starterDocument('My page')} />);
  const nodes = [...html.matchAll(/data-testid="canvas-node-([^"]+)" data-type="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
  expect(nodes).toEqual(['root:Page', 'hero:Section', 'hero-heading:Heading', 'hero-text:Text', 'hero-button:Button']);
  expect(html).toContain('<h1>Welcome to your page</h1>');
  expect(html).toContain('My page');
});

test('props are shown as text, never as HTML, and links are not live', () => {
  const doc = starterDocument();
  const props = (id: string) => (doc.components[id] as { props: Record<string, unknown> }).props;
  props('hero-heading').text = '<img src=x onerror="alert(1)">';
  props('hero-button').href = 'javascript:alert(1)';
  const html = renderToStaticMarkup(<Canvas doc={doc} />);
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  expect(html).not.toContain('href=');
});

test('a cycle or a missing child does not hang or crash the canvas', () => {
  const doc = starterDocument();
  (doc.components.hero as { children: string[] }).children.push('root', 'missing');
  const html = renderToStaticMarkup(<Canvas doc={doc} />);
  expect(html.match(/data-testid="canvas-node-root"/g)).toHaveLength(1);
});
