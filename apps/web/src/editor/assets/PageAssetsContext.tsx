/**
 * The page the editor uploads images for (SPEC U7), shared by every upload
 * control (the Image field, the assets panel) so that each upload goes to
 * `POST /api/pages/:id/assets` and the assets panel and the alt-text prompt
 * hear of it. Outside the editor (no provider) uploads go to `POST /api/assets`.
 */
import type { AssetResponse } from '@tandem/protocol';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { uploadImage } from '../../lib/assets-api.ts';

export interface PageAssets {
  pageId: string | null;
  /** How many uploads this tab has made, and the URL of the latest: the panel refreshes, the alt prompt takes the focus. */
  uploads: number;
  lastUploadedUrl: string | null;
  /** Uploads under way in this tab: the canvas shows a placeholder meanwhile. */
  uploading: number;
  /** An Image just placed from an upload (a file dropped or pasted on the canvas): its alt prompt takes the focus once shown. */
  askAltFor: string | null;
  askAlt(componentId: string | null): void;
  upload(file: Blob): Promise<AssetResponse>;
}

const standalone: PageAssets = {
  pageId: null,
  uploads: 0,
  lastUploadedUrl: null,
  uploading: 0,
  askAltFor: null,
  askAlt: () => {},
  upload: (file) => uploadImage(file),
};
const PageAssetsContext = createContext<PageAssets>(standalone);

export function PageAssetsProvider({ pageId, children }: { pageId: string; children: ReactNode }) {
  const [last, setLast] = useState<{ uploads: number; url: string | null }>({ uploads: 0, url: null });
  const [uploading, setUploading] = useState(0);
  const [askAltFor, askAlt] = useState<string | null>(null);
  const upload = useCallback(
    async (file: Blob) => {
      setUploading((n) => n + 1);
      try {
        const asset = await uploadImage(file, pageId);
        setLast((before) => ({ uploads: before.uploads + 1, url: asset.url }));
        return asset;
      } finally {
        setUploading((n) => n - 1);
      }
    },
    [pageId],
  );
  const value = useMemo<PageAssets>(
    () => ({ pageId, uploads: last.uploads, lastUploadedUrl: last.url, uploading, askAltFor, askAlt, upload }),
    [pageId, last, uploading, askAltFor, upload],
  );
  return <PageAssetsContext.Provider value={value}>{children}</PageAssetsContext.Provider>;
}

export function usePageAssets(): PageAssets {
  return useContext(PageAssetsContext);
}
