/**
 * The page's images (SPEC U7): those its document uses — where, read live from
 * the local document — and those uploaded for it, with a thumbnail, size and
 * type from `GET /api/pages/:id/assets`. Clicking an image puts it into the
 * selected Image, or adds a new Image with it; clicking one of its uses selects
 * that component. Editors upload from here too (choose or drop a file), and
 * take an upload the page does not use off its list (SPEC U9).
 */
import { assetHashOf, getDefinition, type PageDocument, type PageImage, pageImages } from '@tandem/protocol';
import { safeUrl } from '@tandem/render';
import { type DragEvent, useEffect, useId, useMemo, useState } from 'react';
import { describeError, listPageAssets, removePageUpload } from '../../lib/api.ts';
import { IMAGE_ACCEPT } from '../../lib/assets-api.ts';
import { Icon } from '../icons.tsx';
import { useEditor, useEditorStore } from '../store-hooks.ts';
import { placeImage } from './image-file.ts';
import { usePageAssets } from './PageAssetsContext.tsx';
import './assets.css';

type Use = PageImage['uses'][number];

/** The document's images, computed once per document (every store update runs the selectors). */
const imagesOf = new WeakMap<PageDocument, ReturnType<typeof pageImages>>();
function documentImages(doc: PageDocument | null): ReturnType<typeof pageImages> {
  if (doc === null) return [];
  let found = imagesOf.get(doc);
  if (!found) {
    found = pageImages(doc);
    imagesOf.set(doc, found);
  }
  return found;
}

/** Our stored images the document names, as one string: the list is fetched again only when this changes (not per keystroke in a URL). */
const storedKey = (images: ReturnType<typeof pageImages>) =>
  images
    .map((image) => assetHashOf(image.url))
    .filter((hash) => hash !== null)
    .sort()
    .join(',');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A short name for an image: the start of its hash for ours, the file name for others. */
function nameOf(url: string): string {
  const hash = assetHashOf(url);
  if (hash) return `Upload ${hash.slice(0, 8)}`;
  const last = url.split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last).slice(0, 40) : url.slice(0, 40);
}

function useLabel(): (use: Use) => string {
  const doc = useEditor((state) => state.doc);
  return (use) => {
    const node = doc?.components[use.componentId];
    const type = node ? (getDefinition(node.type)?.label ?? node.type) : 'Component';
    const where = use.prop === 'src' ? '' : use.prop.startsWith('style.') ? ' background' : ` (${use.prop})`;
    return `${type}${where}`;
  };
}

export function AssetsPanel() {
  const api = useEditorStore();
  const { pageId, uploads, upload } = usePageAssets();
  const readOnly = useEditor((state) => state.readOnly);
  const used = useEditor((state) => documentImages(state.doc));
  const key = storedKey(used);
  const selectedImage = useEditor((state) => {
    const node = state.selection === null ? undefined : state.doc?.components[state.selection];
    return node?.type === 'Image' ? node.id : null;
  });
  const label = useLabel();
  const [listed, setListed] = useState<PageImage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  // The server's view: sizes and types, and the uploads the document does not use. Fetched again after an upload or a change in what is used.
  useEffect(() => {
    if (pageId === null) return;
    let current = true;
    listPageAssets(pageId).then(
      (assets) => {
        if (!current) return;
        setListed(assets);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(describeError(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [pageId, key, uploads]);

  // Uses come from the local document (it is always current); what is stored, from the server.
  const items = useMemo(() => {
    const known = new Map(listed.map((asset) => [asset.url, asset]));
    const live = used.map(({ url, uses }) => {
      const stored = known.get(url);
      return { url, uses, hash: assetHashOf(url), uploaded: stored?.uploaded ?? false, size: stored?.size ?? null, type: stored?.type ?? null };
    });
    const names = new Set(used.map((image) => image.url));
    const unused = listed.filter((asset) => !names.has(asset.url)).map((asset) => ({ ...asset, uses: [] as Use[] }));
    return [...live, ...unused];
  }, [listed, used]);

  // Off the list at once; the server's answer decides (the page may have started using it meanwhile).
  const removeUpload = async (hash: string) => {
    if (pageId === null) return;
    setError(null);
    try {
      await removePageUpload(pageId, hash);
      setListed((current) => current.filter((asset) => asset.hash !== hash));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  // One edit either way (image-file.ts): the selected Image's src, or a new Image with it.
  const put = (url: string) => {
    placeImage(api.getState(), url, selectedImage !== null ? { kind: 'replace', id: selectedImage } : { kind: 'insert' });
  };

  const uploadFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const { url } = await upload(file);
      // An empty Image that is selected is what the upload is for.
      const state = api.getState();
      const node = selectedImage === null ? undefined : state.doc?.components[selectedImage];
      if (node && (typeof node.props.src !== 'string' || node.props.src === '')) state.setProp(node.id, 'src', url);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="panel assets"
      data-testid="assets-panel"
      aria-labelledby={`${inputId}-title`}
      onDragOver={(event: DragEvent) => {
        if (!readOnly && event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event: DragEvent) => {
        const file = event.dataTransfer.files[0];
        if (readOnly || !file) return;
        event.preventDefault();
        void uploadFile(file);
      }}
    >
      <div className="assets__header">
        <h2 className="panel__title" id={`${inputId}-title`}>
          Assets
        </h2>
        {!readOnly && (
          <>
            <label className="button button--small assets__upload" htmlFor={inputId} aria-disabled={busy || undefined}>
              <Icon name="upload" size={14} /> {busy ? 'Uploading…' : 'Upload'}
            </label>
            <input
              id={inputId}
              data-testid="assets-upload"
              className="sr-only"
              type="file"
              accept={IMAGE_ACCEPT}
              disabled={busy}
              onChange={(event) => {
                void uploadFile(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          </>
        )}
      </div>
      {error && (
        <p className="field__hint field__hint--warn assets__error" role="alert" data-testid="assets-error">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p className="field__hint assets__empty">No images yet.{readOnly ? '' : ' Upload one here or drop a file on this panel.'}</p>
      ) : (
        <ul className="assets__list" data-testid="assets-list">
          {items.map((item) => {
            const src = safeUrl(item.url);
            const action = readOnly ? null : selectedImage !== null ? 'Put in the selected image' : 'Add as a new image';
            return (
              <li key={item.url} className="assets__item" data-testid="asset-item" data-url={item.url}>
                <button
                  type="button"
                  className="assets__pick"
                  disabled={action === null}
                  title={action ?? item.url}
                  aria-label={`${action ?? 'Image'}: ${nameOf(item.url)}`}
                  onClick={() => put(item.url)}
                >
                  {src ? (
                    <img className="assets__thumb" src={src} alt="" loading="lazy" referrerPolicy="no-referrer" draggable={false} />
                  ) : (
                    <span className="assets__thumb assets__thumb--none" aria-hidden="true">
                      <Icon name="alert" size={16} />
                    </span>
                  )}
                </button>
                <div className="assets__info">
                  <span className="assets__name" title={item.url}>
                    {nameOf(item.url)}
                  </span>
                  <span className="assets__meta" data-testid="asset-size">
                    {[item.size === null ? null : formatBytes(item.size), item.type?.replace('image/', '').toUpperCase()]
                      .filter(Boolean)
                      .join(' · ') || (src ? 'Linked' : 'Refused address')}
                  </span>
                  {item.uses.length === 0 ? (
                    <span className="assets__uses assets__uses--none">
                      Not used yet
                      {!readOnly && item.hash !== null && item.uploaded && (
                        <button
                          type="button"
                          className="assets__remove"
                          data-testid="asset-remove"
                          title="Take this upload off the page's list (the image stays on the server)"
                          aria-label={`Remove ${nameOf(item.url)} from this page's uploads`}
                          onClick={() => item.hash !== null && void removeUpload(item.hash)}
                        >
                          Remove
                        </button>
                      )}
                    </span>
                  ) : (
                    <span className="assets__uses">
                      {item.uses.map((use) => (
                        <button
                          key={`${use.componentId}:${use.prop}`}
                          type="button"
                          className="assets__use"
                          data-testid="asset-use"
                          title="Select this component"
                          onClick={() => api.getState().select(use.componentId)}
                        >
                          {label(use)}
                        </button>
                      ))}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
