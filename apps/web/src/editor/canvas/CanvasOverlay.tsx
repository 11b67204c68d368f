/**
 * What the editor draws over the page: the selected component's name label,
 * other people's names on what they have selected, and the drop indicator.
 * Positions are measured from the DOM after each change that can move things
 * (the document, the selection, the viewport, a resize, an image loading).
 */
import { getDefinition } from '@tandem/protocol';
import { type RefObject, useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { safeColor } from '../../lib/color.ts';
import { useEditor } from '../store-hooks.ts';
import { type Rect, useDnd } from '../dnd.ts';
import { useRemeasure } from './use-remeasure.ts';
import { zoomOf } from './zoom.ts';

interface Label {
  key: string;
  rect: Rect;
  text: string;
  color?: string;
  userId?: string;
}

function rectOf(frame: HTMLElement, id: string): Rect | null {
  const element = frame.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`);
  if (!element) return null;
  const r = element.getBoundingClientRect();
  const origin = frame.getBoundingClientRect();
  const zoom = zoomOf(frame);
  return { top: (r.top - origin.top) / zoom, left: (r.left - origin.left) / zoom, width: r.width / zoom, height: r.height / zoom };
}

export function CanvasOverlay({ frame }: { frame: RefObject<HTMLDivElement | null> }) {
  const selection = useEditor((state) => state.selection);
  const selectedType = useEditor((state) => (state.selection ? (state.doc?.components[state.selection]?.type ?? null) : null));
  const selectedCount = useEditor((state) => state.selectedIds.length);
  // Primitives only (userId and component id pairs), so useShallow can compare them.
  const remotePairs = useEditor(
    useShallow((state) => {
      const out: string[] = [];
      for (const [userId, ids] of Object.entries(state.presence)) {
        const id = ids?.[0];
        if (id && userId !== state.me?.userId) out.push(userId, id);
      }
      return out;
    }),
  );
  const users = useEditor((state) => state.users);
  const indicator = useDnd((state) => state.canvasIndicator);
  const [labels, setLabels] = useState<Label[]>([]);

  // A selection made in the outline: bring it into view on the canvas (nothing moves if it is in view).
  useEffect(() => {
    if (selection === null) return;
    const element = frame.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(selection)}"]`);
    element?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [frame, selection]);

  const measure = useCallback(() => {
    const root = frame.current;
    if (!root) return;
    const next: Label[] = [];
    if (selection && selectedType) {
      const rect = rectOf(root, selection);
      const label = getDefinition(selectedType)?.label ?? selectedType;
      // On a multi-selection the label says how many are selected (each is outlined).
      if (rect) next.push({ key: 'self', rect, text: selectedCount > 1 ? `${label} · ${selectedCount} selected` : label });
    }
    for (let i = 0; i < remotePairs.length; i += 2) {
      const user = users.find((u) => u.userId === remotePairs[i]);
      const id = remotePairs[i + 1] as string;
      if (!user) continue;
      const rect = rectOf(root, id);
      if (rect)
        next.push({
          key: `remote-${user.userId}`,
          rect,
          text: user.userName,
          color: safeColor(user.color) ?? '#64748b',
          userId: user.userId,
        });
    }
    setLabels((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
  }, [frame, selection, selectedType, selectedCount, remotePairs, users]);

  useRemeasure(frame, measure, { onLoad: true });

  return (
    <div className="cv-overlay" aria-hidden="true">
      {labels.map((label) =>
        label.userId ? (
          <div
            key={label.key}
            className="cv-remote"
            data-testid={`remote-selection-${label.userId}`}
            style={{ ...box(label.rect), '--remote-color': label.color } as React.CSSProperties}
          >
            <span className="cv-remote__name">{label.text}</span>
          </div>
        ) : (
          <div
            key={label.key}
            className={`cv-label${label.rect.top < 24 ? ' cv-label--inside' : ''}`}
            data-testid="selection-label"
            style={{ top: label.rect.top, left: label.rect.left }}
          >
            {label.text}
          </div>
        ),
      )}
      {indicator && <div className={`cv-drop cv-drop--${indicator.kind}`} data-testid="drop-indicator" style={box(indicator.rect)} />}
    </div>
  );
}

function box(rect: Rect): React.CSSProperties {
  return { top: rect.top, left: rect.left, width: rect.width, height: rect.height };
}
