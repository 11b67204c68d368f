/**
 * Other people's pointers on the canvas, each an arrow with their name in their
 * presence colour. A pointer arrives anchored to a component (anchor.ts, M7) and
 * is drawn on that component as laid out here, so it points at the same thing
 * whatever this window's size, viewport frame or zoom. The layer sits in the
 * canvas's scroller, outside the zoomed frame, so names stay legible; it is
 * measured again whenever a pointer moves or the layout can have changed.
 * Names are text, never markup; colours pass `safeColor`.
 */
import { type RefObject, useCallback, useLayoutEffect, useState } from 'react';
import { safeColor } from '../../lib/color.ts';
import { useEditor, useEditorStore } from '../store-hooks.ts';
import { useRemeasure } from '../canvas/use-remeasure.ts';
import { placePointer } from './anchor.ts';

interface Placed {
  userId: string;
  left: number;
  top: number;
}

export function LiveCursors({ frame, scroller }: { frame: RefObject<HTMLElement | null>; scroller: RefObject<HTMLElement | null> }) {
  const api = useEditorStore();
  const pointers = useEditor((state) => state.pointers);
  const users = useEditor((state) => state.users);
  const [placed, setPlaced] = useState<Placed[]>([]);

  const measure = useCallback(() => {
    const root = frame.current;
    const area = scroller.current;
    if (!root || !area) return;
    const origin = area.getBoundingClientRect();
    const next: Placed[] = [];
    for (const [userId, pointer] of Object.entries(api.getState().pointers)) {
      const element = root.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(pointer.id)}"]`);
      // Someone pointing at a component this window does not have (yet) is not drawn.
      if (!element) continue;
      const at = placePointer(pointer, element.getBoundingClientRect());
      next.push({
        userId,
        left: at.left - origin.left - area.clientLeft + area.scrollLeft,
        top: at.top - origin.top - area.clientTop + area.scrollTop,
      });
    }
    setPlaced(next);
  }, [api, frame, scroller]);

  useLayoutEffect(() => {
    void pointers;
    measure();
  }, [measure, pointers]);

  useRemeasure(frame, measure);

  return (
    <div className="live-cursors" aria-hidden="true">
      {placed.map(({ userId, left, top }) => {
        const user = users.find((u) => u.userId === userId);
        if (!user) return null;
        const color = safeColor(user.color) ?? '#64748b';
        return (
          <div
            key={userId}
            className="live-cursor"
            data-testid={`live-cursor-${userId}`}
            data-anchor={pointers[userId]?.id}
            style={{ transform: `translate(${left}px, ${top}px)`, color }}
          >
            <svg className="live-cursor__arrow" width="16" height="20" viewBox="0 0 16 20" aria-hidden="true">
              <path
                d="M1 1 L1 17 L5.5 12.5 L8.5 19 L11 18 L8 11.5 L14 11.5 Z"
                fill="currentColor"
                stroke="#fff"
                strokeWidth="1.5"
                strokeLinejoin="round"
              />
            </svg>
            <span className="live-cursor__name" style={{ backgroundColor: color }}>
              {user.userName}
            </span>
          </div>
        );
      })}
    </div>
  );
}
