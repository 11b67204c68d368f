/**
 * Join tickets: 256 random bits, single-use, short-lived and bound to one page.
 * A ticket is consumed by any attempt to use it, right or wrong, so a leaked one
 * is good for at most one try.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';

export interface Grant {
  pageId: string;
  userId: string;
  userName: string;
}

export interface IssuedTicket {
  ticket: string;
  userId: string;
  expiresAt: number;
}

export class TicketStore {
  private readonly tickets = new Map<string, Grant & { expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  issue(pageId: string, userName: string): IssuedTicket {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const userId = `u-${randomBytes(9).toString('base64url')}`;
    const expiresAt = this.clock.now() + this.ttlMs;
    this.tickets.set(ticket, { pageId, userId, userName, expiresAt });
    return { ticket, userId, expiresAt };
  }

  /** The grant for a ticket presented for `pageId`, or null; the ticket is gone either way. */
  redeem(ticket: string, pageId: string): Grant | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    if (entry.expiresAt <= this.clock.now() || entry.pageId !== pageId) return null;
    return { pageId: entry.pageId, userId: entry.userId, userName: entry.userName };
  }

  get size(): number {
    return this.tickets.size;
  }

  /**
   * Drops expired tickets, so that unredeemed ones cannot pile up. Tickets share
   * one TTL, so insertion order is expiry order and the sweep stops at the first
   * live one.
   */
  private sweep(): void {
    const now = this.clock.now();
    for (const [ticket, entry] of this.tickets) {
      if (entry.expiresAt > now) break;
      this.tickets.delete(ticket);
    }
  }
}
