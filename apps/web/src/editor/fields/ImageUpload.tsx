/**
 * Beside an image URL field: upload a file (picked, dropped on the field, or
 * pasted into it) with POST /api/pages/:id/assets (POST /api/assets outside a page), then put the URL it is served at into
 * the prop — one ordinary edit, like typing it (SPEC U5).
 */
import { type ClipboardEvent, type DragEvent, type ReactNode, useId, useState } from 'react';
import { describeError } from '../../lib/api.ts';
import { IMAGE_ACCEPT } from '../../lib/assets-api.ts';
import { usePageAssets } from '../assets/PageAssetsContext.tsx';

/** `name` is the prop's: the test ids are `image-upload-<name>` (the file input), `image-drop-<name>`, `image-upload-error-<name>`. */
export function ImageUpload({ name, onUploaded, children }: { name: string; onUploaded: (url: string) => void; children: ReactNode }) {
  const inputId = useId();
  // For the editor's page when there is one (it then lists the image in its assets panel).
  const { upload: uploadImage } = usePageAssets();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setState({ busy: true, error: null });
    try {
      const { url } = await uploadImage(file);
      onUploaded(url);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: describeError(error) });
    }
  };
  const fileOf = (list: FileList | null | undefined) => (list && list.length > 0 ? list[0] : undefined);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is a shortcut; the button does the same
    <div
      className="image-upload"
      data-testid={`image-drop-${name}`}
      onDragOver={(event: DragEvent) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event: DragEvent) => {
        const file = fileOf(event.dataTransfer.files);
        if (!file) return;
        event.preventDefault();
        void upload(file);
      }}
      onPaste={(event: ClipboardEvent) => {
        const file = fileOf(event.clipboardData.files);
        if (!file) return;
        event.preventDefault();
        void upload(file);
      }}
    >
      {children}
      <label className="button image-upload__button" htmlFor={inputId} aria-disabled={state.busy || undefined}>
        {state.busy ? 'Uploading…' : 'Upload an image'}
      </label>
      <input
        id={inputId}
        data-testid={`image-upload-${name}`}
        className="sr-only"
        type="file"
        accept={IMAGE_ACCEPT}
        disabled={state.busy}
        onChange={(event) => {
          void upload(fileOf(event.target.files));
          event.target.value = '';
        }}
      />
      {state.error && (
        <p className="field__hint field__hint--warn" data-testid={`image-upload-error-${name}`} role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
