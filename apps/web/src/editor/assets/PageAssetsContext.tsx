/**
 * The page the editor uploads images for (SPEC A7), shared by every upload
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
  upload(file: Blob): Promise<AssetResponse>;
}

const standalone: PageAssets = { pageId: null, uploads: 0, lastUploadedUrl: null, upload: (file) => uploadImage(file) };
const PageAssetsContext = createContext<PageAssets>(standalone);

export function PageAssetsProvider({ pageId, children }: { pageId: string; children: ReactNode }) {
  const [last, setLast] = useState<{ uploads: number; url: string | null }>({ uploads: 0, url: null });
  const upload = useCallback(
    async (file: Blob) => {
      const asset = await uploadImage(file, pageId);
      setLast((before) => ({ uploads: before.uploads + 1, url: asset.url }));
      return asset;
    },
    [pageId],
  );
  const value = useMemo<PageAssets>(() => ({ pageId, uploads: last.uploads, lastUploadedUrl: last.url, upload }), [pageId, last, upload]);
  return <PageAssetsContext.Provider value={value}>{children}</PageAssetsContext.Provider>;
}

export function usePageAssets(): PageAssets {
  return useContext(PageAssetsContext);
}
