/**
 * An Image component's picture, or a designed placeholder that says why there is
 * none (issue 11, bug 9): no address yet, an address refused by safeUrl (a
 * `javascript:` or `data:` source), or one that failed to load (the browser's
 * broken-image icon never shows). In the editor the placeholder explains and
 * suggests the fix; visitors get a quiet "Image not available".
 *
 * Its own component so that remembering a failed load (state) stays out of the
 * one renderer's pure switch. Published HTML is not hydrated, so there a broken
 * address still falls back to the browser's own rendering of the alt text.
 */
import type { CSSProperties, ReactNode } from 'react';
import { createElement as h, useState } from 'react';
import type { CanvasMode } from './ComponentView.ts';
import { safeUrl } from './safe-url.ts';

export type ImageProblem = 'empty' | 'refused' | 'broken';

const IMAGE_PATH =
  'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2Zm0 16H5V5h14v14Zm-5.04-6.71-2.75 3.54-1.96-2.36L6.5 17h11l-3.54-4.71Z';
const BROKEN_PATH =
  'M21 5v6.59l-3-3.01-4 4.01-4-4-4 4-3-3.01V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2ZM18 11.42l3 3.01V19a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-6.58l3 2.99 4-4 4 4 4-3.99Z';

/** What the placeholder says, for each reason, in the editor. */
export const IMAGE_PROBLEM_TEXT: Readonly<Record<ImageProblem, string>> = {
  empty: 'Add an image URL',
  refused: 'This address was refused: an image must be an http(s) or a relative address, never javascript: or data:.',
  broken: 'The image at this address could not be loaded. Check the address, or upload the image.',
};

export interface ImageViewProps {
  src: unknown;
  alt: string;
  width: number | undefined;
  height: number | undefined;
  /** SPEC U6: how the picture fills a frame of a set aspect ratio, the frame's shape (`4:3`; `auto` keeps the picture's), its corners. */
  fit: 'cover' | 'contain';
  aspectRatio: string;
  radius: number;
  mode: CanvasMode;
}

/** `4:3` → `4 / 3`; anything but two small whole numbers (the registry lists the shapes) is the picture's own. */
export function cssAspectRatio(value: string): string | undefined {
  const match = /^(\d{1,2}):(\d{1,2})$/.exec(value);
  return match && Number(match[1]) > 0 && Number(match[2]) > 0 ? `${match[1]} / ${match[2]}` : undefined;
}

export function ImageView({ src: raw, alt, width, height, fit, aspectRatio, radius, mode }: ImageViewProps): ReactNode {
  const src = safeUrl(raw);
  // The address that failed, so that a new address is tried afresh.
  const [failed, setFailed] = useState<string | null>(null);
  const ratio = cssAspectRatio(aspectRatio);
  const style: CSSProperties = {
    width: width === undefined ? undefined : `${width}px`,
    borderRadius: `${radius}px`,
    ...(ratio ? { aspectRatio: ratio } : {}),
  };
  const problem: ImageProblem | null =
    src === null ? (typeof raw === 'string' && raw.trim() !== '' ? 'refused' : 'empty') : failed === src ? 'broken' : null;
  if (problem === null) {
    return h('img', {
      src: src as string,
      alt,
      width,
      // The height only reserves the space while the image loads (height: auto in the CSS keeps its own shape).
      height,
      // With a set ratio the frame decides the height and the picture is cropped (cover) or fitted whole (contain).
      style: { ...style, objectFit: fit },
      loading: 'lazy',
      decoding: 'async',
      referrerPolicy: 'no-referrer',
      draggable: false,
      onError: () => setFailed(src),
    });
  }
  const text = mode === 'edit' ? IMAGE_PROBLEM_TEXT[problem] : problem === 'empty' ? '' : 'Image not available';
  return h(
    'div',
    {
      className: `tp-image__placeholder tp-image__placeholder--${problem}`,
      style,
      role: 'img',
      'aria-label': alt || (problem === 'empty' ? 'Image placeholder' : text),
      'data-testid': 'image-placeholder',
      'data-reason': problem,
    },
    h(
      'svg',
      { viewBox: '0 0 24 24', width: '32', height: '32', 'aria-hidden': 'true' },
      h('path', { fill: 'currentColor', d: problem === 'empty' ? IMAGE_PATH : BROKEN_PATH }),
    ),
    h('span', { className: 'tp-image__hint' }, text),
  );
}
