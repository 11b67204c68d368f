/**
 * Join tickets: 256 random bits, single-use, short-lived and bound to one page.
 * A ticket is consumed by any attempt to use it, right or wrong, so a leaked one
 * is good for at most one try.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@tandem/protocol';
import type pg from 'pg';
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

/** Where tickets live: this process's memory (TicketStore), or PostgreSQL when several processes serve the pages (SharedTicketStore). */
export interface Tickets {
  issue(grant: Grant): IssuedTicket | Promise<IssuedTicket>;
  /** The grant for a ticket presented for `pageId`, or null; the ticket is gone either way. */
  redeem(ticket: string, pageId: string): Grant | null | Promise<Grant | null>;
}

export class TicketStore implements Tickets {
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

/**
 * Tickets in PostgreSQL's `tickets` table, for several processes: one issues the
 * ticket over HTTP, any other may take the socket. Only the SHA-256 of a ticket
 * is kept; redeeming is one DELETE … RETURNING, so a ticket is used at most
 * once whichever process sees it. Expired rows are swept now and then.
 */
export class SharedTicketStore implements Tickets {
  private issued = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  async issue(grant: Grant): Promise<IssuedTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = now + this.ttlMs;
    if (this.issued++ % 100 === 0) await this.pool.query('DELETE FROM tickets WHERE expires_at <= $1', [now]);
    await this.pool.query('INSERT INTO tickets (hash, page_id, grant_json, expires_at) VALUES ($1, $2, $3, $4)', [
      hashOf(ticket),
      grant.pageId,
      JSON.stringify(grant),
      expiresAt,
    ]);
    return { ticket, userId: grant.userId, expiresAt, role: grant.role };
  }

  async redeem(ticket: string, pageId: string): Promise<Grant | null> {
    if (ticket === '') return null;
    const result = await this.pool.query<{ page_id: string; grant_json: string; expires_at: string }>(
      'DELETE FROM tickets WHERE hash = $1 RETURNING page_id, grant_json, expires_at',
      [hashOf(ticket)],
    );
    const row = result.rows[0];
    if (!row || Number(row.expires_at) <= this.clock.now() || row.page_id !== pageId) return null;
    return JSON.parse(row.grant_json) as Grant;
  }
}

function hashOf(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}
