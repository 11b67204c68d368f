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
import { ImageView } from './ImageView.ts';
import { FEATURE_ICON_PATHS } from './icons.ts';
import { safeUrl } from './safe-url.ts';
import { videoEmbed } from './video.ts';

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

/** `Label | URL` list items (Navbar, Footer, FAQ, Logo row) as pairs; the second half may be empty. */
export function pairs(value: Json | undefined): [string, string][] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is string => typeof item === 'string')
    .map((item) => {
      const bar = item.indexOf('|');
      return (bar === -1 ? [item.trim(), ''] : [item.slice(0, bar).trim(), item.slice(bar + 1).trim()]) as [string, string];
    })
    .filter(([first]) => first !== '');
}

const svg = (d: string, size = 24) =>
  h(
    'svg',
    { viewBox: '0 0 24 24', width: String(size), height: String(size), 'aria-hidden': 'true', focusable: 'false' },
    h('path', { d, fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' }),
  );

/** A link of a Navbar or Footer: live only in preview, and only through safeUrl. */
const navLink = (mode: CanvasMode, [label, target]: [string, string], key: number, className: string) => {
  const href = mode === 'preview' ? safeUrl(target) : null;
  return h('li', { key }, h('a', { className, href: href ?? undefined }, label));
};

function withClass(attributes: NodeAttributes, className: string, style?: CSSProperties): NodeAttributes {
  const { className: extra, style: own, ...rest } = attributes;
  // The class first, so that the published HTML reads `<h1 class="…" data-node-id="…">` (key order is attribute order).
  return { className: extra ? `${className} ${extra}` : className, ...rest, style: style ? { ...style, ...own } : own };
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
    case 'Image':
      return h(
        'figure',
        withClass(attributes, 'tp-image'),
        h(ImageView, {
          src: props.src,
          // A decorative image says so with an empty alt; every <img> has one (SPEC U6).
          alt: props.decorative === true ? '' : str(props.alt),
          width: clamp(props.width, 16, 4096),
          height: clamp(props.height, 16, 4096),
          fit: oneOf(props.fit, ['cover', 'contain'] as const, 'cover'),
          aspectRatio: str(props.aspectRatio),
          radius: clamp(props.radius, 0, 512) ?? 8,
          mode,
        }),
      );
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
    case 'Navbar': {
      const links = pairs(props.links);
      const label = str(props.buttonLabel);
      const buttonHref = mode === 'preview' ? safeUrl(props.buttonHref) : null;
      const button = (key: string) =>
        label ? h('a', { key, className: 'tp-button tp-button--primary tp-navbar__button', href: buttonHref ?? undefined }, label) : null;
      const list = (className: string) =>
        h(
          'ul',
          { className },
          links.map((link, i) => navLink(mode, link, i, 'tp-navbar__link')),
        );
      // No script: wide screens show the links inline; narrow ones a <details> menu holding the same links (CSS picks one).
      return h(
        'nav',
        withClass(attributes, 'tp-navbar', undefined),
        h('span', { className: 'tp-navbar__logo' }, str(props.logo)),
        list('tp-navbar__links'),
        button('button'),
        h(
          'details',
          { className: 'tp-navbar__menu' },
          h('summary', { className: 'tp-navbar__toggle', 'aria-label': 'Menu' }, svg('M4 7h16M4 12h16M4 17h16')),
          h('div', { className: 'tp-navbar__panel' }, list('tp-navbar__menu-links'), button('menu-button')),
        ),
      );
    }
    case 'Footer':
      return h(
        'footer',
        withClass(attributes, 'tp-footer'),
        h('p', { className: 'tp-footer__text' }, str(props.text)),
        h(
          'ul',
          { className: 'tp-footer__links' },
          pairs(props.links).map((link, i) => navLink(mode, link, i, 'tp-footer__link')),
        ),
      );
    case 'Testimonial': {
      const avatar = safeUrl(props.avatar);
      const name = str(props.name);
      return h(
        'figure',
        withClass(attributes, 'tp-testimonial'),
        h('blockquote', { className: 'tp-testimonial__quote' }, h('p', null, str(props.quote))),
        h(
          'figcaption',
          { className: 'tp-testimonial__author' },
          avatar
            ? h('img', {
                className: 'tp-testimonial__avatar',
                src: avatar,
                alt: '',
                width: 48,
                height: 48,
                loading: 'lazy',
                referrerPolicy: 'no-referrer',
              })
            : h(
                'span',
                { className: 'tp-testimonial__avatar tp-testimonial__initial', 'aria-hidden': 'true' },
                name.slice(0, 1).toUpperCase(),
              ),
          h('span', { className: 'tp-testimonial__who' }, h('strong', null, name), h('span', null, str(props.role))),
        ),
      );
    }
    case 'Feature': {
      const icon = FEATURE_ICON_PATHS[str(props.icon)] ?? FEATURE_ICON_PATHS.bolt;
      return h(
        'div',
        withClass(attributes, 'tp-feature'),
        h('span', { className: 'tp-feature__icon' }, svg(icon as string)),
        h('h3', { className: 'tp-feature__title' }, str(props.title)),
        h('p', { className: 'tp-feature__text' }, str(props.text)),
      );
    }
    case 'FAQ':
      return h(
        'div',
        withClass(attributes, 'tp-faq'),
        pairs(props.items).map(([question, answer], i) =>
          h(
            'details',
            { key: i, className: 'tp-faq__item' },
            h('summary', { className: 'tp-faq__question' }, question),
            h('p', { className: 'tp-faq__answer' }, answer),
          ),
        ),
      );
    case 'LogoRow': {
      const title = str(props.title);
      return h(
        'div',
        withClass(attributes, 'tp-logos'),
        title ? h('p', { className: 'tp-logos__title' }, title) : null,
        h(
          'ul',
          { className: 'tp-logos__list' },
          pairs(props.logos).map(([name, image], i) => {
            const src = safeUrl(image);
            return h(
              'li',
              { key: i, className: 'tp-logos__item' },
              src ? h('img', { src, alt: name, height: 32, loading: 'lazy', referrerPolicy: 'no-referrer' }) : name,
            );
          }),
        ),
      );
    }
    case 'Video': {
      const embed = videoEmbed(props.url);
      const title = str(props.title) || 'Video';
      // In the editor an iframe would swallow the click that selects it: the canvas shows what will play instead.
      if (!embed || mode === 'edit')
        return h(
          'div',
          withClass(attributes, 'tp-video'),
          h(
            'div',
            { className: 'tp-video__placeholder', role: 'img', 'aria-label': title },
            svg('M5 4l14 8-14 8z', 40),
            h(
              'span',
              { className: 'tp-video__hint' },
              embed
                ? `${embed.provider === 'youtube' ? 'YouTube' : 'Vimeo'} video ${embed.id}`
                : mode === 'edit'
                  ? 'Paste a YouTube or Vimeo URL'
                  : '',
            ),
          ),
        );
      return h(
        'div',
        withClass(attributes, 'tp-video'),
        h('iframe', {
          className: 'tp-video__frame',
          src: embed.src,
          title,
          loading: 'lazy',
          // The players need their own scripts and origin; nothing else (no top navigation, no forms, no downloads).
          sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups',
          referrerPolicy: 'strict-origin-when-cross-origin',
          allow: 'accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen',
          allowFullScreen: true,
        }),
      );
    }
    default:
      return h('div', withClass(attributes, 'tp-unknown'), `Unknown component “${node.type}”`, children);
  }
}
