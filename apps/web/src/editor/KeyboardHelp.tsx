/**
 * The keyboard help sheet: every shortcut (shortcuts.ts), opened with `?` outside
 * a text field or from its button in the top bar, closed with Escape or Close.
 * While it is open the editor's shortcuts stay off, so no key acts on the page
 * behind it.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import { SHORTCUT_GROUPS } from './shortcuts.ts';
import { isEditableTarget } from './system-clipboard.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const keyName = (key: string) => (key === 'Mod' ? (isMac ? '⌘' : 'Ctrl') : key);

export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const closer = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isEditableTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    if (!open) return;
    closer.current?.focus();
    // First, before anything else hears it: keys go to the sheet, not to the editor behind it.
    const onKeyDown = (event: KeyboardEvent) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      opener.current?.focus();
    };
  }, [open]);

  return (
    <>
      <button
        ref={opener}
        type="button"
        className="button button--small"
        data-testid="keyboard-help-toggle"
        aria-haspopup="dialog"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">?</span>
        <span className="sr-only">Keyboard shortcuts</span>
      </button>
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop closes, Escape does the same by keyboard
        // biome-ignore lint/a11y/useKeyWithClickEvents: see above
        <div className="keys-backdrop" onClick={(event) => event.target === event.currentTarget && setOpen(false)}>
          <div className="keys-sheet" role="dialog" aria-modal="true" aria-labelledby="keys-title" data-testid="keyboard-help">
            <div className="keys-sheet__head">
              <h2 id="keys-title">Keyboard shortcuts</h2>
              <button ref={closer} type="button" className="button button--small" data-testid="keyboard-help-close" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
            {SHORTCUT_GROUPS.map((group) => (
              <section key={group.title} aria-label={group.title}>
                <h3>{group.title}</h3>
                <dl>
                  {group.shortcuts.map((shortcut) => (
                    <Fragment key={shortcut.does}>
                      <dt>
                        {shortcut.keys.map((combo, i) => (
                          <Fragment key={combo.join('+')}>
                            {i > 0 && ' or '}
                            {combo.map((key, j) => (
                              <Fragment key={key}>
                                {j > 0 && '+'}
                                <kbd>{keyName(key)}</kbd>
                              </Fragment>
                            ))}
                          </Fragment>
                        ))}
                      </dt>
                      <dd>{shortcut.does}</dd>
                    </Fragment>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </div>
      )}
    </>
  );
}
