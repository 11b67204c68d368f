/**
 * Every registered component type. A click adds one where the store decides
 * (into the selected container, after the selected component, else at the end
 * of the page); dragging one onto the canvas or the outline puts it there.
 * The hint line under the tiles describes the one under the pointer or focus.
 */
import { registry } from '@tandem/protocol';
import { useState } from 'react';
import { useEditorStore } from './store-hooks.ts';
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

const HINT = 'Click to add after the selection, or drag onto the page or the outline.';

// The root type (Page) is the page itself: there is only ever one, so it is not offered.
const items = [...registry.values()]
  .filter((def) => !def.rootOnly)
  .map((def) => ({ type: def.type, label: def.label, description: def.description ?? DESCRIPTIONS[def.type] ?? '' }));

export function Palette() {
  const api = useEditorStore();
  const [hint, setHint] = useState<{ label: string; description: string } | null>(null);
  return (
    <section className="panel palette" data-testid="palette" aria-labelledby="palette-title">
      <h2 className="panel__title" id="palette-title">
        Components
      </h2>
      <ul className="palette__list">
        {items.map((item) => (
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
      <p className="palette__hint" aria-hidden="true">
        {hint ? (
          <>
            <strong>{hint.label}</strong> — {hint.description}
          </>
        ) : (
          HINT
        )}
      </p>
    </section>
  );
}
