/**
 * Every registered component type. A click adds one where the store decides
 * (into the selected container, after the selected component, else at the end
 * of the page); dragging one onto the canvas or the outline puts it there.
 */
import { registry } from '@tandem/protocol';
import { useEditorApi } from './bindings.ts';
import { endDrag, startDrag } from './dnd.ts';
import { Icon } from './icons.tsx';

const DESCRIPTIONS: Record<string, string> = {
  Page: 'A nested page frame with its own width',
  Section: 'A block that stacks its contents',
  Heading: 'A title, H1 to H6',
  Text: 'A paragraph of text',
  Button: 'A call to action with a link',
  Image: 'A picture from a URL',
  Link: 'An inline text link',
  List: 'Bulleted or numbered items',
  Divider: 'A horizontal rule',
  Spacer: 'Empty vertical space',
};

const definitions = [...registry.values()];

export function Palette() {
  const api = useEditorApi();
  return (
    <section className="panel palette" data-testid="palette" aria-labelledby="palette-title">
      <h2 className="panel__title" id="palette-title">
        Components
      </h2>
      <ul className="palette__list">
        {definitions.map((def) => (
          <li key={def.type}>
            <button
              type="button"
              className="palette__item"
              data-testid={`palette-item-${def.type}`}
              draggable
              title={def.description ?? DESCRIPTIONS[def.type]}
              onClick={() => api.getState().addComponent(def.type)}
              onDragStart={(event) => startDrag(event, { kind: 'new', type: def.type })}
              onDragEnd={endDrag}
            >
              <span className="palette__icon">
                <Icon name={def.type} />
              </span>
              <span className="palette__text">
                <span className="palette__label">{def.label}</span>
                <span className="palette__description">{def.description ?? DESCRIPTIONS[def.type]}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
