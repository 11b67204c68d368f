/**
 * The page as a plain tree: each component is one element named by test id and
 * type. Every prop is shown as text (React escapes it); links are not followed
 * and images are not loaded, since both come from whoever edits the page.
 */
import type { ComponentNode, PageDocument } from '@tandem/protocol';
import type { CSSProperties, ReactNode } from 'react';

export function Canvas({ doc }: { doc: PageDocument }) {
  return (
    <div className="canvas" data-testid="canvas">
      <Node doc={doc} id={doc.rootId} ancestors={new Set()} />
    </div>
  );
}

function Node({ doc, id, ancestors }: { doc: PageDocument; id: string; ancestors: ReadonlySet<string> }) {
  const node = Object.hasOwn(doc.components, id) ? doc.components[id] : undefined;
  // The protocol keeps documents acyclic; this guard only keeps a bad one from hanging the page.
  if (!node || ancestors.has(id)) return null;
  const inner = new Set(ancestors).add(id);
  const children = node.children.map((childId) => <Node key={childId} doc={doc} id={childId} ancestors={inner} />);
  return (
    <div
      className={`canvas-node canvas-node--${cssName(node.type)}`}
      data-testid={`canvas-node-${id}`}
      data-type={node.type}
      style={styleOf(node)}
    >
      {content(node, children)}
    </div>
  );
}

function content(node: ComponentNode, children: ReactNode[]): ReactNode {
  const text = (name: string) => {
    const value = node.props[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  switch (node.type) {
    case 'Page':
      return (
        <>
          <div className="canvas-page__title">{text('title')}</div>
          {children}
        </>
      );
    case 'Heading': {
      const level = Math.min(Math.max(Number(text('level')) || 2, 1), 6);
      const Tag = `h${level}` as 'h1';
      return <Tag>{text('text')}</Tag>;
    }
    case 'Text':
      return <p>{text('text')}</p>;
    case 'Button':
      return (
        <span className={`canvas-button canvas-button--${cssName(text('variant'))}`} title={text('href')}>
          {text('label')}
        </span>
      );
    case 'Image':
      return (
        <figure className="canvas-image">
          <figcaption>{text('alt') || 'Image'}</figcaption>
          <small>{text('src')}</small>
        </figure>
      );
    default:
      return (
        <>
          {node.type !== 'Section' && <div className="canvas-node__type">{node.type}</div>}
          {children}
        </>
      );
  }
}

function styleOf(node: ComponentNode): CSSProperties | undefined {
  const { props } = node;
  const px = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? `${value}px` : undefined);
  const color = (value: unknown) => (typeof value === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : undefined);
  if (node.type === 'Page') return { backgroundColor: color(props.background), maxWidth: px(props.maxWidth) };
  if (node.type === 'Section') {
    return {
      display: 'flex',
      flexDirection: props.direction === 'row' ? 'row' : 'column',
      gap: px(props.gap),
      padding: px(props.padding),
      backgroundColor: color(props.background),
    };
  }
  return undefined;
}

function cssName(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '').toLowerCase();
}
