// @vitest-environment happy-dom
/** The canvas's one `<style>`: the page's stylesheet as container queries, following every edit (SPEC S8, S9, S13). */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { byTestId, type Mounted, mount } from '../testing/mount.tsx';
import { PageStyle } from './PageStyle.tsx';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const css = () => byTestId((mounted as Mounted).container, 'page-style')?.textContent ?? '';

test('[S9] prints the page style with container queries, and follows edits', () => {
  mounted = mount(<PageStyle />, starterDocument());
  expect(css()).toContain('--theme-primary: #2563eb;');
  expect(css()).toContain('@container canvas (max-width: 640px)');
  expect(css()).not.toContain('@media');
  act(() => mounted?.store.getState().setStyle('hero-heading', 'mobile', { fontSize: '28px' }));
  expect(css()).toMatch(
    /@container canvas \(max-width: 640px\) \{[^@]*\[data-node-id="hero-heading"\] \{\n {4}font-size: 28px !important;/,
  );
  act(() => mounted?.store.getState().setTheme({ primary: '#be123c' }));
  expect(css()).toContain('--theme-primary: #be123c;');
});

test('[S13] a hostile value that reached the document some other way is not printed', () => {
  const doc = starterDocument();
  (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.style = {
    base: { color: '</style><img src=x onerror=alert(1)>', fontSize: '1px;}*{display:none' },
  };
  mounted = mount(<PageStyle />, doc);
  expect(css()).not.toContain('</style');
  expect(css()).not.toContain('display:none');
  // Still one style element, and nothing it holds became markup.
  expect((mounted as Mounted).container.querySelectorAll('style')).toHaveLength(1);
  expect((mounted as Mounted).container.querySelector('img')).toBeNull();
});
