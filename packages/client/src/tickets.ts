/** `POST /api/tickets`: the single-use ticket that opens one WebSocket. */
import { type TicketResponse, TicketResponseSchema } from '@tandem/protocol';
import { ticketUrl } from './socket.ts';

/** The part of `fetch` the client uses; the global one fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class TicketError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or 0 when no response came. */
    readonly status: number,
    /** Whether asking again later may succeed (network trouble, 5xx, 408, 429). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TicketError';
  }
}

export async function requestTicket(fetchFn: FetchLike, base: string, pageId: string, userName: string): Promise<TicketResponse> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(ticketUrl(base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pageId, userName }),
    });
  } catch (error) {
    throw new TicketError(`ticket request failed: ${(error as Error).message ?? String(error)}`, 0, true);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    const reason = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new TicketError(
      `ticket refused (${response.status})${typeof reason === 'string' ? `: ${reason}` : ''}`,
      response.status,
      retryable,
    );
  }
  const parsed = TicketResponseSchema.safeParse(body);
  if (!parsed.success) throw new TicketError('ticket response has the wrong shape', response.status, true);
  return parsed.data;
}
