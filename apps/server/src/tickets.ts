/**
 * Join tickets: 256 random bits, single-use, short-lived and bound to one page.
 * A ticket is consumed by any attempt to use it, right or wrong, so a leaked one
 * is good for at most one try.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '@tandem/protocol';
import type { Clock } from './clock.ts';

/** Who may join which page, as what: the account's id, name and colour, and the role when the ticket was issued. */
export interface Grant {
  pageId: string;
  userId: string;
  userName: string;
  role: Role;
  color?: string;
}

export interface IssuedTicket {
  ticket: string;
  userId: string;
  expiresAt: number;
  role: Role;
}

export class TicketStore {
  private readonly tickets = new Map<string, Grant & { expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  issue(grant: Grant): IssuedTicket {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now() + this.ttlMs;
    this.tickets.set(ticket, { ...grant, expiresAt });
    return { ticket, userId: grant.userId, expiresAt, role: grant.role };
  }

  /** The grant for a ticket presented for `pageId`, or null; the ticket is gone either way. */
  redeem(ticket: string, pageId: string): Grant | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    if (entry.expiresAt <= this.clock.now() || entry.pageId !== pageId) return null;
    const { expiresAt: _, ...grant } = entry;
    return grant;
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
