/**
 * Sessions: a 256-bit secret in the `tandem_session` cookie (HttpOnly,
 * SameSite=Lax, Path=/, Secure over HTTPS or with COOKIE_SECURE=true), stored
 * only as its SHA-256 hash with an expiry. Expiry slides: a session lasts
 * `ttlMs` (30 days by default) from its last renewal, and a request renews it
 * (and re-sends the cookie) once a day at most, so an active person stays
 * signed in and an abandoned session ends.
 */
import { SESSION_COOKIE } from '@tandem/protocol';
import type { Request, Response } from 'express';
import { hashSecret, newSecret } from './secrets.ts';
import type { AccessStore } from './store.ts';

export const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

export interface SessionSettings {
  ttlMs: number;
  /** Always mark the cookie Secure (COOKIE_SECURE=true), not only when the request came over HTTPS. */
  cookieSecure: boolean;
  now: () => number;
}

export class Sessions {
  constructor(
    private readonly store: AccessStore,
    private readonly settings: SessionSettings,
  ) {}

  /** Starts a session for the user and sets its cookie. */
  async start(req: Request, res: Response, userId: string): Promise<void> {
    const secret = newSecret();
    const now = this.settings.now();
    await this.store.createSession({ tokenHash: hashSecret(secret), userId, createdAt: now, expiresAt: now + this.settings.ttlMs });
    this.setCookie(req, res, secret, this.settings.ttlMs);
  }

  /** The user id of the request's live session (renewing it when due), with the session's hash; null without one. */
  async resolve(req: Request, res: Response): Promise<{ userId: string; sessionHash: string } | null> {
    const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!secret) return null;
    const sessionHash = hashSecret(secret);
    const now = this.settings.now();
    const session = await this.store.session(sessionHash, now);
    if (!session) return null;
    if (session.expiresAt - now < this.settings.ttlMs - RENEW_AFTER_MS) {
      await this.store.extendSession(sessionHash, now + this.settings.ttlMs);
      this.setCookie(req, res, secret, this.settings.ttlMs);
    }
    return { userId: session.userId, sessionHash };
  }

  /** Revokes the session on the server and clears the cookie. */
  async end(req: Request, res: Response, sessionHash: string | undefined): Promise<void> {
    if (sessionHash) await this.store.deleteSession(sessionHash);
    this.setCookie(req, res, '', 0);
  }

  private setCookie(req: Request, res: Response, value: string, maxAgeMs: number): void {
    const secure = this.settings.cookieSecure || req.secure;
    const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
    if (secure) parts.push('Secure');
    res.append('Set-Cookie', parts.join('; '));
  }
}

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
