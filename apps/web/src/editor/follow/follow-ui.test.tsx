// @vitest-environment happy-dom
/** Live cursors, follow mode, palette search and the `?` sheet, in the whole editor over a fake client. */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Editor } from '../Editor.tsx';
import { byTestId, click, type Mounted, mount, press, typeInto } from '../testing/mount.tsx';

let mounted: Mounted;
afterEach(() => mounted.unmount());

const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const bob = { userId: 'u-bob', userName: 'Bob Otter', color: '#0ea5e9' };

function open() {
  mounted = mount(<Editor pageId="my-page" userName="Ann Lee" onUserNameChange={() => {}} />, starterDocument());
  act(() => {
    mounted.client.users = [mounted.client.me as never, bob];
    mounted.client.emit({ type: 'users', users: mounted.client.users });
  });
}

function bobLooksAt(view: { viewport: 'desktop' | 'tablet' | 'mobile'; scroll: number }, selection: string[] | null) {
  act(() => {
    mounted.client.views.set(bob.userId, view);
    mounted.client.emit({ type: 'view', userId: bob.userId, view });
    mounted.client.presence.set(bob.userId, selection);
    mounted.client.emit({ type: 'presence', userId: bob.userId, selection });
  });
}

describe('live cursors', () => {
  test("another person's pointer is drawn with their name on the component it is on, and goes when it leaves", () => {
    open();
    expect(get('live-cursor-u-bob')).toBeNull();
    act(() => {
      mounted.client.pointers.set(bob.userId, { id: 'hero-heading', x: 0.5, y: 0.5 });
      mounted.client.emit({ type: 'pointer', userId: bob.userId, pointer: { id: 'hero-heading', x: 0.5, y: 0.5 } });
    });
    const cursor = get('live-cursor-u-bob');
    expect(cursor.textContent).toBe('Bob Otter');
    expect(cursor.dataset.anchor).toBe('hero-heading');
    expect(cursor.innerHTML).not.toContain('<script');
    act(() => {
      mounted.client.pointers.delete(bob.userId);
      mounted.client.emit({ type: 'pointer', userId: bob.userId, pointer: null });
    });
    expect(get('live-cursor-u-bob')).toBeNull();
  });
});

describe('follow mode', () => {
  test("clicking an avatar takes that person's viewport and selection, says so, and Stop ends it", () => {
    open();
    bobLooksAt({ viewport: 'tablet', scroll: 0 }, ['hero-text']);
    expect(get('follow-banner')).toBeNull();
    click(get('follow-u-bob'));
    expect(get('follow-banner').textContent).toContain('Following Bob Otter');
    expect(get('presence-avatar-u-bob').dataset.following).toBe('true');
    expect(mounted.store.getState().viewport).toBe('tablet');
    expect(mounted.store.getState().selection).toBe('hero-text');
    // Bob moves on: so does this window.
    bobLooksAt({ viewport: 'mobile', scroll: 0.5 }, ['hero-heading']);
    expect(get('canvas').dataset.viewport).toBe('mobile');
    expect(mounted.store.getState().selection).toBe('hero-heading');
    click(get('follow-stop'));
    expect(get('follow-banner')).toBeNull();
    bobLooksAt({ viewport: 'desktop', scroll: 0 }, null);
    expect(mounted.store.getState().viewport).toBe('mobile');
    expect(mounted.store.getState().selection).toBe('hero-heading');
  });

  test('following ends when the person followed leaves', () => {
    open();
    click(get('follow-u-bob'));
    expect(get('follow-banner')).not.toBeNull();
    act(() => {
      mounted.client.users = [mounted.client.me as never];
      mounted.client.emit({ type: 'users', users: mounted.client.users });
    });
    expect(get('follow-banner')).toBeNull();
  });

  test('one’s own avatar is no follow button', () => {
    open();
    expect(get('follow-u-me')).toBeNull();
    expect(get('follow-u-bob').getAttribute('aria-label')).toBe('Follow Bob Otter');
  });
});

describe('palette search', () => {
  test('filters as one types; Enter adds the first match', () => {
    open();
    const search = get('palette-search') as HTMLInputElement;
    const tiles = () => mounted.container.querySelectorAll('[data-testid^="palette-item-"]');
    const all = tiles().length;
    typeInto(search, 'head');
    expect([...tiles()].map((t) => t.getAttribute('data-testid'))).toEqual(['palette-item-Heading']);
    const before = Object.keys(mounted.store.getState().doc?.components ?? {}).length;
    press(search, 'Enter');
    const doc = mounted.store.getState().doc;
    expect(Object.keys(doc?.components ?? {}).length).toBe(before + 1);
    expect(doc?.components[mounted.store.getState().selection as string]?.type).toBe('Heading');
    expect(all).toBeGreaterThan(10);
  });

  test('says when nothing matches; Escape clears the search', () => {
    open();
    const search = get('palette-search') as HTMLInputElement;
    const tiles = () => mounted.container.querySelectorAll('[data-testid^="palette-item-"]');
    const all = tiles().length;
    typeInto(search, 'zebra');
    expect(tiles()).toHaveLength(0);
    expect(get('palette-no-match').textContent).toContain('zebra');
    press(search, 'Escape');
    expect(search.value).toBe('');
    expect(tiles()).toHaveLength(all);
  });
});

describe('keyboard help', () => {
  test('? opens the sheet, no key reaches the editor behind it, Escape closes it and keeps the selection', () => {
    open();
    act(() => mounted.store.getState().select('hero-heading'));
    press(document.body, '?');
    expect(get('keyboard-help').textContent).toContain('Duplicate the selected component');
    press(document.body, 'Delete');
    expect(mounted.store.getState().doc?.components['hero-heading']).toBeDefined();
    press(document.body, 'Escape');
    expect(get('keyboard-help')).toBeNull();
    expect(mounted.store.getState().selection).toBe('hero-heading');
    click(get('keyboard-help-toggle'));
    expect(get('keyboard-help')).not.toBeNull();
    click(get('keyboard-help-close'));
    expect(get('keyboard-help')).toBeNull();
  });

  test('? typed into a text field is text', () => {
    open();
    press(get('palette-search'), '?');
    expect(get('keyboard-help')).toBeNull();
  });
});
