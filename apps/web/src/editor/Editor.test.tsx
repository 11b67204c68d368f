// @vitest-environment happy-dom
/** The whole editor: palette, outline keyboard, shortcuts, top bar, presence and connection status. */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Editor } from './Editor.tsx';
import { byTestId, click, type Mounted, mount, press, typeInto } from './testing/mount.tsx';

let mounted: Mounted;
afterEach(() => mounted.unmount());

const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const children = (id: string) => mounted.store.getState().doc?.components[id]?.children;

function open() {
  mounted = mount(<Editor pageId="my-page" userName="Ann Lee" onUserNameChange={() => {}} />, starterDocument());
}

describe('layout', () => {
  test('the panes and the top bar are there, with their test ids', () => {
    open();
    for (const id of [
      'palette',
      'outline',
      'canvas',
      'properties',
      'undo',
      'redo',
      'delete',
      'duplicate',
      'preview-toggle',
      'user-name',
      'connection-status',
    ]) {
      expect(get(id), id).not.toBeNull();
    }
    expect(get('page-id').textContent).toBe('my-page');
    // Every registered type but the root-only Page.
    expect(mounted.container.querySelectorAll('[data-testid^="palette-item-"]')).toHaveLength(19);
    expect(mounted.container.querySelector('[data-testid="palette-item-Page"]')).toBeNull();
  });

  test('preview hides the panels and the editing tools; Escape leaves it', () => {
    open();
    click(get('preview-toggle'));
    expect(get('palette')).toBeNull();
    expect(get('properties')).toBeNull();
    expect(get('undo')).toBeNull();
    expect(get('canvas')).not.toBeNull();
    press(document.body, 'Escape');
    expect(get('palette')).not.toBeNull();
  });

  test('the viewport switch sets the canvas width', () => {
    open();
    click(get('viewport-mobile'));
    expect(get('canvas').style.width).toBe('375px');
    click(get('viewport-tablet'));
    expect(get('canvas').style.width).toBe('768px');
    expect(get('viewport-tablet').getAttribute('aria-pressed')).toBe('true');
    click(get('viewport-desktop'));
    expect(get('canvas').style.width).toBe('');
  });
});

test('Share copies the page address', async () => {
  open();
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void written.push(text) },
  });
  await act(async () => {
    get('copy-link').click();
  });
  expect(written).toEqual([window.location.href]);
  expect(get('copy-link').textContent).toContain('Copied');
});

describe('palette', () => {
  test('a click adds the type after the selection and selects it', () => {
    open();
    act(() => mounted.store.getState().select('hero-heading'));
    click(get('palette-item-Divider'));
    const added = mounted.store.getState().selection as string;
    expect(children('hero')).toEqual(['hero-heading', added, 'hero-text', 'hero-button']);
    expect(get(`canvas-node-${added}`).dataset.type).toBe('Divider');
  });
});

describe('[#11 bug 2] the palette hint says where a click puts the component, and the click does it', () => {
  test('Section on a selected Section: the hint says after it, and the click puts it after it', () => {
    open();
    act(() => mounted.store.getState().select('hero'));
    act(() => get('palette-item-Section').focus());
    expect(get('palette-hint').textContent).toContain('Click to add it right after this Section.');
    click(get('palette-item-Section'));
    const added = mounted.store.getState().selection as string;
    expect(children('root')).toEqual(['hero', added]);
    expect(children('hero')).not.toContain(added);
  });

  test('Text on a selected Section: the hint says inside it, and the click puts it at its end', () => {
    open();
    act(() => mounted.store.getState().select('hero'));
    act(() => get('palette-item-Text').focus());
    expect(get('palette-hint').textContent).toContain('Click to add it at the end of this Section.');
    click(get('palette-item-Text'));
    expect(children('hero')?.at(-1)).toBe(mounted.store.getState().selection);
  });
});

describe('outline keyboard', () => {
  test('arrows move the focus and the selection', () => {
    open();
    const row = get('outline-node-hero-heading');
    click(row);
    row.focus();
    press(row, 'ArrowDown');
    expect(mounted.store.getState().selection).toBe('hero-text');
    press(get('outline-node-hero-text'), 'ArrowUp');
    press(get('outline-node-hero-heading'), 'ArrowUp');
    expect(mounted.store.getState().selection).toBe('hero');
  });

  test('Alt+Up/Down move; Tab / Alt+Right indent into a container; Shift+Tab / Alt+Left outdent', () => {
    open();
    click(get('outline-node-hero-button'));
    press(get('outline-node-hero-button'), 'ArrowUp', { altKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-button', 'hero-text']);
    press(get('outline-node-hero-button'), 'ArrowDown', { altKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-text', 'hero-button']);

    press(get('outline-node-hero-button'), 'ArrowLeft', { altKey: true });
    expect(children('root')).toEqual(['hero', 'hero-button']);
    const tab = press(get('outline-node-hero-button'), 'Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(children('hero')).toEqual(['hero-heading', 'hero-text', 'hero-button']);
    press(get('outline-node-hero-button'), 'Tab', { shiftKey: true });
    expect(children('root')).toEqual(['hero', 'hero-button']);
    press(get('outline-node-hero-button'), 'ArrowRight', { altKey: true });
    expect(children('root')).toEqual(['hero']);
  });

  test('← collapses a container, →  opens it; a selection made elsewhere opens the rows above it', () => {
    open();
    click(get('outline-node-hero'));
    press(get('outline-node-hero'), 'ArrowLeft');
    expect(get('outline-node-hero').getAttribute('aria-expanded')).toBe('false');
    expect(get('outline-node-hero-text')).toBeNull();
    press(get('outline-node-hero'), 'ArrowRight');
    expect(get('outline-node-hero-text')).not.toBeNull();
    press(get('outline-node-hero'), 'ArrowLeft');
    act(() => mounted.store.getState().select('hero-text'));
    expect(get('outline-node-hero').getAttribute('aria-expanded')).toBe('true');
    expect(get('outline-node-hero-text').getAttribute('aria-selected')).toBe('true');
  });

  test('Delete in the outline removes the row and moves the focus to its neighbour', () => {
    open();
    click(get('outline-node-hero-text'));
    const event = press(get('outline-node-hero-text'), 'Delete');
    expect(event.defaultPrevented).toBe(true);
    expect(children('hero')).toEqual(['hero-heading', 'hero-button']);
    expect(mounted.store.getState().selection).toBe('hero-button');
    press(get('outline-node-hero-button'), 'Backspace');
    expect(mounted.store.getState().selection).toBe('hero-heading');
  });

  test('rows say their depth (aria-level) and which one is selected', () => {
    open();
    expect(get('outline-node-root').getAttribute('aria-level')).toBe('1');
    expect(get('outline-node-hero-text').getAttribute('aria-level')).toBe('3');
    click(get('outline-node-hero-text'));
    expect(get('outline-node-hero-text').getAttribute('aria-selected')).toBe('true');
    expect(get('canvas-node-hero-text').dataset.selected).toBe('true');
  });
});

describe('shortcuts and toolbar', () => {
  test('Delete removes the selection; Ctrl+Z brings it back; Ctrl+Shift+Z and Ctrl+Y redo', () => {
    open();
    click(get('outline-node-hero-text'));
    press(document.body, 'Delete');
    expect(children('hero')).toEqual(['hero-heading', 'hero-button']);
    press(document.body, 'z', { ctrlKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-text', 'hero-button']);
    press(document.body, 'z', { ctrlKey: true, shiftKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-button']);
    press(document.body, 'z', { metaKey: true });
    press(document.body, 'y', { ctrlKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-button']);
  });

  test('[#11 bug 3] Ctrl/Cmd+A on the canvas or the outline never selects the editor chrome; in a field it still selects the text', () => {
    open();
    click(get('outline-node-hero-text'));
    expect(press(get('outline-node-hero-text'), 'a', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(press(get('canvas'), 'a', { metaKey: true }).defaultPrevented).toBe(true);
    expect(press(document.body, 'A', { ctrlKey: true }).defaultPrevented).toBe(true);
    // It selects components instead: the selected one and its siblings (multi-select).
    expect(mounted.store.getState().selection).toBe('hero-text');
    expect(mounted.store.getState().selectedIds).toEqual(['hero-heading', 'hero-text', 'hero-button']);
    click(get('outline-node-hero-text'));
    const textarea = get('prop-field-text');
    textarea.focus();
    expect(press(textarea, 'a', { ctrlKey: true }).defaultPrevented).toBe(false);
  });

  test('keys typed into a field edit the field, not the page', () => {
    open();
    click(get('outline-node-hero-text'));
    const textarea = get('prop-field-text');
    textarea.focus();
    press(textarea, 'Backspace');
    press(textarea, 'd', { ctrlKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-text', 'hero-button']);
  });

  test('Ctrl+D and the Duplicate button copy the selection just after it', () => {
    open();
    click(get('outline-node-hero-heading'));
    press(document.body, 'd', { ctrlKey: true });
    expect(children('hero')).toHaveLength(4);
    click(get('duplicate'));
    expect(children('hero')).toHaveLength(5);
    click(get('delete'));
    expect(children('hero')).toHaveLength(4);
  });

  test('the page itself cannot be deleted or duplicated', () => {
    open();
    click(get('outline-node-root'));
    expect(get('delete').hasAttribute('disabled')).toBe(true);
    press(document.body, 'Delete');
    expect(children('root')).toEqual(['hero']);
  });

  test('copy and paste go through clipboard events as JSON', () => {
    open();
    click(get('outline-node-hero-button'));
    const data = new Map<string, string>();
    const clipboardData = {
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? '',
    };
    const copy = new Event('copy', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    copy.clipboardData = clipboardData;
    act(() => {
      document.body.dispatchEvent(copy);
    });
    expect(copy.defaultPrevented).toBe(true);
    expect(JSON.parse(data.get('text/plain') as string)).toBeTruthy();

    click(get('outline-node-root'));
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    paste.clipboardData = clipboardData;
    act(() => {
      document.body.dispatchEvent(paste);
    });
    const pasted = children('root')?.[1] as string;
    expect(pasted).toBeDefined();
    expect(mounted.store.getState().doc?.components[pasted]?.type).toBe('Button');
    expect(mounted.store.getState().doc?.components[pasted]?.props.label).toBe('Get started');
  });
});

describe('people and connection', () => {
  test('avatars: initials in their colour, names on hover, own marked', () => {
    open();
    act(() => {
      mounted.client.users = [mounted.client.me as never, { userId: 'u-bob', userName: 'Bob Otter', color: '#0ea5e9' }];
      mounted.client.emit({ type: 'users', users: mounted.client.users } as never);
    });
    const me = get('presence-avatar-u-me');
    const bob = get('presence-avatar-u-bob');
    expect(bob.textContent).toContain('BO');
    expect(bob.textContent).toContain('Bob Otter');
    expect(bob.getAttribute('title')).toBe('Bob Otter');
    expect(bob.style.backgroundColor).not.toBe('');
    expect(me.dataset.me).toBe('true');
    expect(me.getAttribute('title')).toContain('(you)');
  });

  test('[#11 bug 5] while this window is offline, the others are marked last seen, and live again once connected', () => {
    open();
    act(() => {
      mounted.client.users = [mounted.client.me as never, { userId: 'u-bob', userName: 'Bob Otter', color: '#0ea5e9' }];
      mounted.client.emit({ type: 'users', users: mounted.client.users } as never);
    });
    expect(get('presence-avatar-u-bob').dataset.stale).toBeUndefined();
    for (const status of ['offline', 'reconnecting'] as const) {
      act(() => {
        mounted.client.status = status;
        mounted.client.emit({ type: 'status', status } as never);
      });
      const bob = get('presence-avatar-u-bob');
      expect(bob.dataset.stale, status).toBe('true');
      expect(bob.getAttribute('title')).toMatch(/^Bob Otter, last seen .+ \(this window is offline\)$/);
      expect(get('presence-avatar-u-me').dataset.stale).toBeUndefined();
    }
    act(() => {
      mounted.client.status = 'connected';
      mounted.client.emit({ type: 'status', status: 'connected' } as never);
    });
    expect(get('presence-avatar-u-bob').dataset.stale).toBeUndefined();
    expect(get('presence-avatar-u-bob').getAttribute('title')).toBe('Bob Otter');
  });

  test("others' selections are marked in their colour, with their name", () => {
    open();
    act(() => {
      mounted.client.users = [mounted.client.me as never, { userId: 'u-bob', userName: 'Bob Otter', color: '#0ea5e9' }];
      mounted.client.presence.set('u-bob', ['hero-text']);
      mounted.client.emit({ type: 'users', users: mounted.client.users } as never);
      mounted.client.emit({ type: 'presence', presence: mounted.client.presence } as never);
    });
    expect(get('canvas-node-hero-text').style.getPropertyValue('--remote-color')).toBe('#0ea5e9');
    expect(get('outline-node-hero-text').textContent).toContain('Bob Otter');
    expect(get('remote-selection-u-bob').textContent).toContain('Bob Otter');
  });

  test('the connection status and the count of unsaved edits', () => {
    open();
    expect(get('connection-status').dataset.state).toBe('connected');
    act(() => {
      mounted.client.status = 'reconnecting';
      mounted.client.pendingCount = 3;
      mounted.client.emit({ type: 'status', status: 'reconnecting' } as never);
      mounted.client.emit({ type: 'pending', pendingCount: 3 } as never);
    });
    expect(get('connection-status').dataset.state).toBe('reconnecting');
    expect(get('pending-count').textContent).toContain('3');
    act(() => {
      mounted.client.status = 'offline';
      mounted.client.emit({ type: 'status', status: 'offline' } as never);
    });
    expect(get('connection-status').dataset.state).toBe('offline');
  });
});

describe('the user name', () => {
  test('Enter or leaving the field applies a new name; a blank one is refused', () => {
    const names: string[] = [];
    mounted = mount(<Editor pageId="p" userName="Ann Lee" onUserNameChange={(name) => names.push(name)} />, starterDocument());
    const input = get('user-name') as HTMLInputElement;
    expect(input.value).toBe('Ann Lee');
    typeInto(input, '  Ann   Smith ');
    press(input, 'Enter');
    expect(names).toEqual(['Ann Smith']);
    typeInto(input, '   ');
    act(() => {
      input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    });
    expect(names).toEqual(['Ann Smith']);
    expect(input.value).toBe('Ann Lee');
  });
});
