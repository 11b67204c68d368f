import type { ConnectionStatus as Status } from '@tandem/client';

/** data-state is one of connected | reconnecting | offline; connecting shows as reconnecting. */
const STATES: Record<Status, { state: 'connected' | 'reconnecting' | 'offline'; label: string }> = {
  connecting: { state: 'reconnecting', label: 'Connecting…' },
  connected: { state: 'connected', label: 'Connected' },
  reconnecting: { state: 'reconnecting', label: 'Reconnecting…' },
  offline: { state: 'offline', label: 'Offline' },
  closed: { state: 'offline', label: 'Disconnected' },
};

export function ConnectionStatus({ status, pendingCount }: { status: Status; pendingCount: number }) {
  const { state, label } = STATES[status];
  return (
    <span className={`connection-status connection-status--${state}`} data-testid="connection-status" data-state={state}>
      {label}
      {pendingCount > 0 && <span className="connection-status__pending"> · {pendingCount} unsaved</span>}
    </span>
  );
}
