/**
 * Asks for an Image's alt text (SPEC U6) while it has none and is not marked
 * decorative: a description typed here, saved with Enter or Save, or "It is
 * decorative" (decorative = true, so the page says alt="" on purpose). It takes
 * the focus right after an image is uploaded in this tab for this component, or
 * dropped or pasted on the canvas as this component.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { usePageAssets } from '../assets/PageAssetsContext.tsx';
import { useComponent, useEditorStore } from '../store-hooks.ts';
import '../assets/assets.css';

export function AltTextPrompt({ componentId }: { componentId: string }) {
  const api = useEditorStore();
  const node = useComponent(componentId);
  const { uploads, lastUploadedUrl, askAltFor, askAlt } = usePageAssets();
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  // Uploads made before this prompt was shown do not move the focus.
  const seen = useRef(uploads);
  const src = node?.props.src;
  const alt = node?.props.alt;
  const described = node?.props.decorative === true || (typeof alt === 'string' && alt.trim() !== '');
  const show = node?.type === 'Image' && !described;

  useEffect(() => {
    // The upload and the edit that puts its URL in the prop may arrive in either order: wait for both.
    if (uploads === seen.current || !show || src !== lastUploadedUrl) return;
    seen.current = uploads;
    input.current?.focus();
  }, [uploads, lastUploadedUrl, src, show]);

  // An Image the canvas just made from a dropped or pasted file: this prompt appears with it, so the upload came first.
  useEffect(() => {
    if (askAltFor !== componentId) return;
    askAlt(null);
    if (show) input.current?.focus();
  }, [askAltFor, askAlt, componentId, show]);

  if (!show) return null;
  const save = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === '') return;
    api.getState().setProp(componentId, 'alt', text);
    setDraft('');
  };
  return (
    <section className="alt-prompt" aria-labelledby={titleId} data-testid="alt-prompt">
      <p className="alt-prompt__title" id={titleId}>
        Describe this image
      </p>
      <p className="alt-prompt__why">
        Screen readers say it, and it shows if the image cannot load. Say what the image shows or does, in a sentence.
      </p>
      <form className="alt-prompt__row" onSubmit={save}>
        <input
          ref={input}
          className="input"
          type="text"
          aria-label="Alt text"
          data-testid="alt-prompt-input"
          placeholder="e.g. Two people editing a page together"
          value={draft}
          maxLength={500}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button button--small button--primary" data-testid="alt-prompt-save" disabled={draft.trim() === ''}>
          Save
        </button>
      </form>
      <button
        type="button"
        className="button button--small alt-prompt__decorative"
        data-testid="alt-prompt-decorative"
        title={'Only decoration: screen readers skip it (alt="")'}
        onClick={() => api.getState().setProp(componentId, 'decorative', true)}
      >
        It is decorative
      </button>
    </section>
  );
}
