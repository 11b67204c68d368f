import type { ConnectionStatus as Status } from '@tandem/client';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from './store-hooks.ts';

/** data-state is one of connected | reconnecting | offline; connecting shows as reconnecting. */
const STATES: Record<Status, { state: 'connected' | 'reconnecting' | 'offline'; label: string }> = {
  connecting: { state: 'reconnecting', label: 'Connecting…' },
  connected: { state: 'connected', label: 'Connected' },
  reconnecting: { state: 'reconnecting', label: 'Reconnecting…' },
  offline: { state: 'offline', label: 'Offline' },
  closed: { state: 'offline', label: 'Disconnected' },
};

export function ConnectionStatus() {
  const { status, pendingCount } = useEditor(useShallow((s) => ({ status: s.status, pendingCount: s.pendingCount })));
  const { state, label } = STATES[status] ?? STATES.offline;
  const pending = pendingCount === 1 ? '1 edit not saved yet' : `${pendingCount} edits not saved yet`;
  return (
    <span
      className={`status status--${state}`}
      data-testid="connection-status"
      data-state={state}
      data-pending={pendingCount}
      role="status"
      title={pendingCount > 0 ? pending : label}
    >
      <span className="status__dot" aria-hidden="true" />
      <span className="status__label">{label}</span>
      {pendingCount > 0 && (
        <span className="status__pending" data-testid="pending-count">
          {pendingCount}
          <span className="sr-only"> {pendingCount === 1 ? 'edit' : 'edits'} not saved yet</span>
        </span>
      )}
    </span>
  );
}
