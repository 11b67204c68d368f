/** The page menu in the top bar: export the page as one HTML file or as its JSON document (downloads). */
import { useCallback, useRef, useState } from 'react';
import { exportUrl } from '../../lib/api.ts';
import { Icon } from '../icons.tsx';
import { useDismiss } from './use-dismiss.ts';

/** One download each, the same link but for its format. */
const EXPORTS = [
  { format: 'html', label: 'Export HTML', hint: 'one standalone file of the draft' },
  { format: 'json', label: 'Export JSON', hint: 'the document, to import on any Tandem' },
] as const;

export function PageMenu({ pageId }: { pageId: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, close);

  return (
    <div className="page-menu" ref={root}>
      <button
        type="button"
        className="icon-button"
        data-testid="page-menu"
        aria-label="Page menu"
        title="Export the page"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
      </button>
      {open && (
        <div className="page-menu__list" role="menu">
          {EXPORTS.map(({ format, label, hint }) => (
            <a
              key={format}
              role="menuitem"
              className="page-menu__item"
              data-testid={`export-${format}`}
              href={exportUrl(pageId, format)}
              download
              onClick={() => setOpen(false)}
            >
              <Icon name="download" size={14} />
              {label}
              <span className="page-menu__hint">{hint}</span>
            </a>
          ))}
        </div>
      )}
    </div>
  );
}
