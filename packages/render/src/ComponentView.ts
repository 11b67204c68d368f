/**
 * How each registered type looks, in the editor's canvas, its preview and the
 * published page alike: the one renderer (the editor wraps it with its chrome,
 * the server renders it with react-dom/server).
 *
 * Everything a peer wrote is rendered as text (React escapes it); numbers and
 * colours reach styles only when they are plain numbers and #hex colours; an
 * href or src only when safeUrl allows it, and an href only in preview (and so
 * when published), so a click in the editor selects instead of navigating.
 *
 * Plain `createElement` rather than JSX: this package is compiled by the web
 * app's bundler and run by the server under plain node, and needs no JSX setting
 * in either.
 */
import type { ComponentNode, Json } from '@tandem/protocol';
import { type CSSProperties, createElement as h, type HTMLAttributes, type ReactNode } from 'react';
import { safeColor } from './color.ts';
import { safeUrl } from './safe-url.ts';

/** `edit`: the editor's canvas (nothing navigates); `preview`: what visitors get, in preview and when published. */
export type CanvasMode = 'edit' | 'preview';

/** Attributes the canvas puts on a component's root element (test id, type, classes, handlers). */
export type NodeAttributes = HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string | undefined };

export interface ComponentViewProps {
  node: ComponentNode;
  mode: CanvasMode;
  attributes: NodeAttributes;
  children?: ReactNode;
}

const str = (value: Json | undefined, fallback = ''): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;

const clamp = (value: Json | undefined, min: number, max: number): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, min), max) : undefined;

const px = (value: Json | undefined, min = 0, max = 4096): string | undefined => {
  const n = clamp(value, min, max);
  return n === undefined ? undefined : `${n}px`;
};

const oneOf = <T extends string>(value: Json | undefined, options: readonly T[], fallback: T): T =>
  typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : fallback;

const ALIGN_ITEMS = { stretch: 'stretch', start: 'flex-start', center: 'center', end: 'flex-end' } as const;
const TEXT_ALIGN = ['left', 'center', 'right'] as const;
const IMAGE_PATH =
  'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2Zm0 16H5V5h14v14Zm-5.04-6.71-2.75 3.54-1.96-2.36L6.5 17h11l-3.54-4.71Z';

function withClass(attributes: NodeAttributes, className: string, style?: CSSProperties): NodeAttributes {
  return {
    ...attributes,
    className: attributes.className ? `${className} ${attributes.className}` : className,
    style: style ? { ...style, ...attributes.style } : attributes.style,
  };
}

/** Renders one component as its own root element, with `children` (already rendered) inside containers. */
export function ComponentView({ node, mode, attributes, children }: ComponentViewProps): ReactNode {
  const { props } = node;
  const empty = node.children.length === 0;
  const containerClass = (name: string) => (empty ? `${name} tp-empty` : name);

  switch (node.type) {
    case 'Page':
      return h(
        'div',
        withClass(attributes, containerClass('tp-page'), {
          backgroundColor: safeColor(props.background),
          maxWidth: px(props.maxWidth, 240, 4096),
        }),
        children,
      );
    case 'Section': {
      const row = props.direction === 'row';
      return h(
        'section',
        withClass(attributes, containerClass(row ? 'tp-section tp-section--row' : 'tp-section'), {
          gap: px(props.gap, 0, 512),
          padding: px(props.padding, 0, 512),
          backgroundColor: safeColor(props.background),
          alignItems: ALIGN_ITEMS[oneOf(props.align, ['stretch', 'start', 'center', 'end'] as const, 'stretch')],
        }),
        children,
      );
    }
    case 'Heading': {
      const level = oneOf(props.level, ['1', '2', '3', '4', '5', '6'] as const, '2');
      return h(
        `h${level}`,
        withClass(attributes, `tp-heading tp-heading--${level}`, { textAlign: oneOf(props.align, TEXT_ALIGN, 'left') }),
        str(props.text),
      );
    }
    case 'Text':
      return h('p', withClass(attributes, 'tp-text', { textAlign: oneOf(props.align, TEXT_ALIGN, 'left') }), str(props.text));
    case 'Button': {
      const variant = oneOf(props.variant, ['primary', 'secondary', 'ghost'] as const, 'primary');
      const href = mode === 'preview' ? safeUrl(props.href) : null;
      return h(
        'div',
        withClass(attributes, 'tp-button-wrap'),
        h(
          'a',
          { className: `tp-button tp-button--${variant}`, href: href ?? undefined, role: href ? undefined : 'button' },
          str(props.label),
        ),
      );
    }
    case 'Link': {
      const href = mode === 'preview' ? safeUrl(props.href) : null;
      const newTab = props.newTab === true && href !== null;
      return h(
        'div',
        withClass(attributes, 'tp-link-wrap'),
        h(
          'a',
          {
            className: 'tp-link',
            href: href ?? undefined,
            target: newTab ? '_blank' : undefined,
            rel: href ? 'noopener noreferrer' : undefined,
          },
          str(props.text),
        ),
      );
    }
    case 'Image': {
      const src = safeUrl(props.src);
      const width = clamp(props.width, 16, 4096);
      const height = clamp(props.height, 16, 4096);
      const style = { width: width === undefined ? undefined : `${width}px` };
      return h(
        'figure',
        withClass(attributes, 'tp-image'),
        src
          ? h('img', {
              src,
              alt: str(props.alt),
              width,
              // The height only reserves the space while the image loads (height: auto in the CSS keeps its own shape).
              height,
              style,
              loading: 'lazy',
              decoding: 'async',
              referrerPolicy: 'no-referrer',
              draggable: false,
            })
          : h(
              'div',
              { className: 'tp-image__placeholder', style, role: 'img', 'aria-label': str(props.alt) || 'Image placeholder' },
              h(
                'svg',
                { viewBox: '0 0 24 24', width: '32', height: '32', 'aria-hidden': 'true' },
                h('path', { fill: 'currentColor', d: IMAGE_PATH }),
              ),
              h('span', { className: 'tp-image__hint' }, mode === 'edit' ? 'Add an image URL' : ''),
            ),
      );
    }
    case 'Columns':
      return h(
        'div',
        withClass(attributes, containerClass('tp-columns'), {
          gap: px(props.gap, 0, 256),
          alignItems: ALIGN_ITEMS[oneOf(props.verticalAlign, ['start', 'center', 'end'] as const, 'start')],
          ['--columns' as string]: Math.max(node.children.length, 1),
        }),
        children,
      );
    case 'Column':
      return h(
        'div',
        withClass(attributes, containerClass('tp-column'), {
          padding: px(props.padding, 0, 256),
          backgroundColor: safeColor(props.background),
        }),
        children,
      );
    case 'Card':
      return h(
        'div',
        withClass(attributes, containerClass(props.shadow === false ? 'tp-card' : 'tp-card tp-card--shadow'), {
          backgroundColor: safeColor(props.background),
          padding: px(props.padding, 0, 256),
          borderRadius: px(props.radius, 0, 64),
        }),
        children,
      );
    case 'List': {
      const items = Array.isArray(props.items) ? props.items : [];
      return h(
        props.ordered === true ? 'ol' : 'ul',
        withClass(attributes, 'tp-list'),
        items.map((item, index) => h('li', { key: index }, str(item))),
      );
    }
    case 'Divider':
      return h(
        'div',
        withClass(attributes, 'tp-divider'),
        h('hr', { style: { borderTopWidth: px(props.thickness, 1, 16), borderTopColor: safeColor(props.color) } }),
      );
    case 'Spacer':
      return h('div', {
        ...withClass(attributes, 'tp-spacer', { height: px(props.height, 0, 512) }),
        'aria-hidden': mode === 'preview' || undefined,
      });
    default:
      return h('div', withClass(attributes, 'tp-unknown'), `Unknown component “${node.type}”`, children);
  }
}
