/**
 * The Fanout between processes, over Redis pub/sub (ioredis): one channel a
 * page (`<REDIS_PREFIX>page:<id>`), each message tagged with the process that
 * sent it, so that a process skips its own. Pub/sub is a hint, never the
 * truth: Redis may drop messages (a restart, a slow subscriber), so rooms fill
 * version gaps from the database and poll it while this reports unhealthy.
 * Nothing waits for Redis: a publish while it is down is dropped at once
 * (no offline queue), and edits go on committing to the database.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';

/** Redis must answer a PING within this long, every PING_EVERY_MS, to count as healthy. */
const PING_EVERY_MS = 1000;
const PING_TIMEOUT_MS = 1000;

export interface RedisHealth {
  ok: boolean;
  /** The last PING's round trip, in milliseconds (null before the first answer). */
  latencyMs: number | null;
}

export class RedisFanout implements Fanout {
  /** Who sent a message: this process (pid, and random bits in case of a pid reused on another machine). */
  readonly origin = `${process.pid}.${randomBytes(4).toString('hex')}`;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<(frame: string, origin: string) => void>>();
  private readonly timer: NodeJS.Timeout;
  private lastPong = 0;
  private latencyMs: number | null = null;
  private wasHealthy = false;
  private lastError = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    const options = {
      // Reconnect for ever, at most 1 s apart; a command waits for no reconnection.
      retryStrategy: (times: number) => Math.min(100 * times, 1000),
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    };
    this.pub = new Redis(url, { ...options, enableOfflineQueue: false });
    // The subscriber re-subscribes by itself after a reconnection (autoResubscribe).
    this.sub = new Redis(url, options);
    for (const connection of [this.pub, this.sub]) connection.on('error', (error) => this.reportError(error));
    this.sub.on('message', (channel: string, message: string) => this.receive(channel, message));
    this.timer = setInterval(() => this.ping(), PING_EVERY_MS);
    this.timer.unref();
    this.ping();
  }

  publish(pageId: string, frame: string): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(this.channel(pageId), `${this.origin} ${frame}`).catch((error: unknown) => this.reportError(error));
  }

  subscribe(pageId: string, onFrame: (frame: string, origin: string) => void): () => void {
    const channel = this.channel(pageId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.sub.subscribe(channel).catch((error: unknown) => this.reportError(error));
    }
    set.add(onFrame);
    return () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(onFrame) || current.size > 0) return;
      this.handlers.delete(channel);
      this.sub.unsubscribe(channel).catch((error: unknown) => this.reportError(error));
    };
  }

  healthy(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready' && Date.now() - this.lastPong < PING_EVERY_MS + PING_TIMEOUT_MS;
  }

  health(): RedisHealth {
    return { ok: this.healthy(), latencyMs: this.latencyMs };
  }

  close(): void {
    clearInterval(this.timer);
    this.handlers.clear();
    // Not QUIT: with Redis down it would wait for a reconnection that may never come.
    for (const connection of [this.pub, this.sub]) connection.disconnect();
  }

  private channel(pageId: string): string {
    return `${this.prefix}page:${pageId}`;
  }

  private receive(channel: string, message: string): void {
    const space = message.indexOf(' ');
    const origin = message.slice(0, space);
    if (space < 0 || origin === this.origin) return;
    const frame = message.slice(space + 1);
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(frame, origin);
      } catch (error) {
        this.log.error('a fan-out handler failed', { channel, error });
      }
    }
  }

  private ping(): void {
    if (this.pub.status === 'ready') {
      const sent = Date.now();
      this.pub.ping().then(
        () => {
          this.lastPong = Date.now();
          this.latencyMs = this.lastPong - sent;
        },
        (error: unknown) => this.reportError(error),
      );
    }
    const healthy = this.healthy();
    if (healthy !== this.wasHealthy) {
      this.wasHealthy = healthy;
      if (healthy) this.log.info('redis healthy');
      else this.log.warn('redis unhealthy: rooms poll the database', { pub: this.pub.status, sub: this.sub.status });
    }
  }

  /** Errors come once a reconnection attempt while Redis is down: logged at most every 5 s. */
  private reportError(error: unknown): void {
    const now = Date.now();
    if (now - this.lastError < 5000) return;
    this.lastError = now;
    this.log.warn('redis error', { error });
  }
}
