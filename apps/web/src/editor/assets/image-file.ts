/**
 * An image file dropped or pasted on the canvas (or pasted with the outline in
 * focus): uploaded with the page's one uploader (PageAssetsContext, the same the
 * Image field and the assets panel use), then put on the page in one edit, one
 * undo step: a new Image with that src where it was dropped or pasted, or the
 * dropped-on Image's src replaced. A refusal (type, size, quota, role) is a
 * notice for people and changes nothing.
 */
import type { EditorStore, Placement } from '@tandem/editor';
import { nodeOf } from '@tandem/protocol';
import { useCallback } from 'react';
import { describeError } from '../../lib/api.ts';
import { useEditorStore } from '../store-hooks.ts';
import { usePageAssets } from './PageAssetsContext.tsx';

/** Where the image goes: over an Image's src, or a new Image at `at` (without it, where a paste goes: insert-placement.ts). */
export type ImageTarget = { kind: 'replace'; id: string } | { kind: 'insert'; at?: Placement };

/** The notice code of a refused upload; its message is already a sentence for people (human-messages.ts). */
export const UPLOAD_REFUSED = 'upload-refused';

export const VIEWER_CANNOT_ADD = 'You can view this page but not change it, so images cannot be added to it.';

export function firstFile(list: FileList | null | undefined): File | undefined {
  return list && list.length > 0 ? (list[0] ?? undefined) : undefined;
}

/** Puts `url` on the page as `target` says; returns the Image's id (selected), or null when the edit was refused. */
export function placeImage(store: EditorStore, url: string, target: ImageTarget): string | null {
  const doc = store.doc;
  if (target.kind === 'replace' && doc !== null && nodeOf(doc, target.id)?.type === 'Image') {
    store.setProp(target.id, 'src', url);
    store.select(target.id);
    return target.id;
  }
  // The Image dropped on was deleted by someone meanwhile: a new one goes where a paste would.
  return store.addComponent('Image', target.kind === 'insert' ? target.at : undefined, { src: url });
}

/** Uploads `file` and places it; the alt-text prompt of the Image it lands in then asks for its description. */
export function useImageFile(): (file: File, target: ImageTarget) => Promise<void> {
  const api = useEditorStore();
  const { upload, askAlt } = usePageAssets();
  return useCallback(
    async (file: File, target: ImageTarget) => {
      if (api.getState().readOnly) {
        api.setState({ notice: { code: UPLOAD_REFUSED, message: VIEWER_CANNOT_ADD } });
        return;
      }
      let url: string;
      try {
        ({ url } = await upload(file));
      } catch (error) {
        api.setState({ notice: { code: UPLOAD_REFUSED, message: describeError(error) } });
        return;
      }
      const id = placeImage(api.getState(), url, target);
      if (id !== null) askAlt(id);
    },
    [api, upload, askAlt],
  );
}
