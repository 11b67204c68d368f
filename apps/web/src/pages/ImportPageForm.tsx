/**
 * Import on the start page: a JSON file exported from Tandem (`Export JSON`)
 * becomes a new page. The server checks the document (validateDocument) and
 * says what is wrong when it is not a valid page; nothing is created then.
 */
import { ExportedPageSchema } from '@tandem/protocol';
import { type ChangeEvent, useRef, useState } from 'react';
import { Icon } from '../editor/icons.tsx';
import { createPage, describeError } from '../lib/api.ts';
import { navigate, pagePath } from '../lib/routes.ts';

/** The server takes an imported document of up to 1 MB (IMPORT_BODY_LIMIT). */
const MAX_FILE_BYTES = 1024 * 1024;

/** What to send for a file's text: an export file, or a bare document (titled after the file). */
export function importRequest(
  text: string,
  fileName: string,
): { title: string; document: unknown; formatVersion?: number } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'This file is not JSON. Choose a file made with Export JSON.' };
  }
  const exported = ExportedPageSchema.safeParse(json);
  const fallbackTitle =
    fileName
      .replace(/\.json$/i, '')
      .trim()
      .slice(0, 200) || 'Imported page';
  if (exported.success) {
    const { title, document, formatVersion } = exported.data;
    return { title: title.trim().slice(0, 200) || fallbackTitle, document, formatVersion };
  }
  if (typeof json === 'object' && json !== null && 'rootId' in json && 'components' in json)
    return { title: fallbackTitle, document: json };
  return { error: 'This file is not a Tandem page. Choose a file made with Export JSON.' };
}

export function ImportPageForm() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    if (file.size > MAX_FILE_BYTES) return setError('This file is larger than 1 MB, more than any page holds.');
    const request = importRequest(await file.text(), file.name);
    if ('error' in request) return setError(request.error);
    setBusy(true);
    try {
      const { id } = await createPage(request);
      navigate(pagePath(id));
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  };

  return (
    <div className="dash__card home__form">
      <h2 className="dash__title">Import</h2>
      <p className="home__help">A page exported as JSON, from this Tandem or another, becomes a new page.</p>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        data-testid="import-file"
        aria-label="Page file (JSON)"
        onChange={chosen}
      />
      <button
        type="button"
        className="button button--large dash__gap"
        data-testid="import-page"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        <Icon name="upload" />
        {busy ? 'Importing…' : 'Import a JSON file'}
      </button>
      {error !== null && (
        <p className="home__help home__help--error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  );
}
