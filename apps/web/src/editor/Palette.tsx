/**
 * Every registered component type. A click adds one where the store decides
 * (`placementFor`: beside a selected component of the same type, into the selected
 * container, after the selected component, else at the end of the page); dragging
 * one onto the canvas or the outline puts it there. The hint line under the tiles
 * describes the one under the pointer or focus and says, from that same rule,
 * where a click will put it.
 *
 * The search field above the tiles filters them by name and description as one
 * types (palette-search.ts); Enter adds the first match, Escape clears the field
 * (and, when it is empty, leaves it), the down arrow moves to the first tile.
 */
import { registry } from '@tandem/protocol';
import { type KeyboardEvent, useRef, useState } from 'react';
import { clickHint, IDLE_HINT } from './palette-hint.ts';
import { searchPalette } from './palette-search.ts';
import { useEditor, useEditorStore } from './store-hooks.ts';
import { endDrag, startDrag } from './dnd.ts';
import { Icon } from './icons.tsx';

const DESCRIPTIONS: Record<string, string> = {
  Section: 'A block that stacks its contents',
  Heading: 'A title, from H1 to H6',
  Text: 'A paragraph of text',
  Button: 'A call to action with a link',
  Image: 'A picture from a URL',
  Link: 'An inline text link',
  List: 'Bulleted or numbered items',
  Divider: 'A horizontal rule',
  Spacer: 'Empty vertical space',
};

// The root type (Page) is the page itself: there is only ever one, so it is not offered.
const items = [...registry.values()]
  .filter((def) => !def.rootOnly)
  .map((def) => ({ type: def.type, label: def.label, description: def.description ?? DESCRIPTIONS[def.type] ?? '' }));

export function Palette() {
  const api = useEditorStore();
  const [hint, setHint] = useState<{ type: string; label: string; description: string } | null>(null);
  // A string, so zustand's Object.is keeps the palette from re-rendering on unrelated edits.
  const where = useEditor((s) => (hint === null ? null : clickHint(s.doc, hint.type, s.selection)));
  const [query, setQuery] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const shown = searchPalette(items, query);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = shown[0];
      if (first) api.getState().addComponent(first.type);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (query !== '') setQuery('');
      else event.currentTarget.blur();
    } else if (event.key === 'ArrowDown' && shown.length > 0) {
      event.preventDefault();
      list.current?.querySelector<HTMLButtonElement>('button')?.focus();
    }
  };
  return (
    <section className="panel palette" data-testid="palette" aria-labelledby="palette-title">
      <h2 className="panel__title" id="palette-title">
        Components
      </h2>
      <input
        type="search"
        className="palette__search"
        data-testid="palette-search"
        placeholder="Search components"
        aria-label="Search components"
        aria-describedby="palette-search-hint"
        aria-controls="palette-list"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onSearchKey}
      />
      <span className="sr-only" id="palette-search-hint">
        Enter adds the first match; Escape clears the search.
      </span>
      {shown.length === 0 && (
        <p className="palette__empty" role="status" data-testid="palette-no-match">
          No component matches “{query.trim()}”.
        </p>
      )}
      <ul className="palette__list" id="palette-list" ref={list}>
        {shown.map((item) => (
          <li key={item.type}>
            <button
              type="button"
              className="palette__item"
              data-testid={`palette-item-${item.type}`}
              draggable
              aria-describedby={`palette-description-${item.type}`}
              onClick={() => api.getState().addComponent(item.type)}
              onDragStart={(event) => startDrag(event, { kind: 'new', type: item.type })}
              onDragEnd={endDrag}
              onPointerEnter={() => setHint(item)}
              onPointerLeave={() => setHint(null)}
              onFocus={() => setHint(item)}
              onBlur={() => setHint(null)}
            >
              <span className="palette__icon">
                <Icon name={item.type} />
              </span>
              <span className="palette__label">{item.label}</span>
              <span className="sr-only" id={`palette-description-${item.type}`}>
                {item.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="palette__hint" aria-hidden="true" data-testid="palette-hint">
        {hint ? (
          <>
            <strong>{hint.label}</strong> — {hint.description}. {where}
          </>
        ) : (
          IDLE_HINT
        )}
      </p>
    </section>
  );
}
