/**
 * Wires the parts into one process: the HTTP app, the WebSocket upgrade (where
 * tickets are checked, before any socket opens), the hub and its heartbeat.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BATCH_PARAM, PAGE_ID_PATTERN } from '@tandem/protocol';
import { WebSocketServer } from 'ws';
import { accessStoreFor } from './auth/open-store.ts';
import { Sessions } from './auth/sessions.ts';
import type { AccessStore } from './auth/store.ts';
import { type Clock, systemClock } from './clock.ts';
import { CreationLimiter, type LimiterFactory } from './creation-limit.ts';
import { type Config, defaultConfig } from './env.ts';
import { type Fanout, localFanout } from './fanout.ts';
import { assetsDirectory } from './assets.ts';
import { createHttpApp } from './http.ts';
import { Hub } from './hub.ts';
import { createLogger, type Logger } from './log.ts';
import { originAllowed } from './security.ts';
import { MemoryStorage } from './storage/memory.ts';
import type { PageStorage, SharedLog } from './storage/storage.ts';
import { type Grant, TicketStore, type Tickets } from './tickets.ts';

export interface ServerOptions {
  config?: Partial<Config>;
  /** Where pages live; in memory by default (main.ts opens SQLite or PostgreSQL from the configuration). */
  storage?: PageStorage;
  /** Accounts and access; by default the store beside `storage` (the same database). */
  access?: AccessStore;
  /** Close the storage when the server closes (main.ts passes true for the storage it opened). */
  ownsStorage?: boolean;
  fanout?: Fanout;
  /** Where join tickets live; this process's memory by default (main.ts passes PostgreSQL's for several processes). */
  tickets?: Tickets;
  /** The login and page-creation limits; this process's buckets by default (main.ts passes PostgreSQL's for several processes). */
  limiters?: LimiterFactory;
  /** Set when other processes serve the same pages: the store's log, which rooms follow (see Room's `shared`). */
  shared?: SharedLog;
  /** What GET /healthz reports besides `ok` (the database, Redis, the process); `ok` is false when the database is not. */
  health?: () => Promise<{ database: { ok: boolean } } & Record<string, unknown>>;
  clock?: Clock;
  log?: Logger;
}

export interface TandemServer {
  readonly http: Server;
  readonly hub: Hub;
  readonly storage: PageStorage;
  readonly access: AccessStore;
  readonly tickets: Tickets;
  readonly config: Config;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  /**
   * Shuts down gracefully: stops accepting, stores every accepted patch (with a
   * snapshot of each open page), tells every client the server is going away
   * (1001), and closes the storage when it owns it.
   */
  close(): Promise<void>;
}

export function createServer(options: ServerOptions = {}): TandemServer {
  const config: Config = { ...defaultConfig, ...options.config };
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const storage = options.storage ?? new MemoryStorage();
  const hub = new Hub({ config, storage, fanout: options.fanout ?? localFanout, clock, log, shared: options.shared });
  const tickets = options.tickets ?? new TicketStore(config.ticketTtlMs, clock);
  const access = options.access ?? accessStoreFor(storage);
  const now = () => clock.now();
  const limiters = options.limiters ?? ((_name: string, perMinute: number) => new CreationLimiter(perMinute, now));
  const sessions = new Sessions(access, { ttlMs: config.sessionTtlMs, cookieSecure: config.cookieSecure, now });
  const accessRoutes = {
    store: access,
    pages: storage,
    sessions,
    signup: config.signup,
    loginAttemptsPerMinute: config.loginAttemptsPerMinute,
    limiters,
    passwordCost: config.passwordCost,
    now,
    onRoleChange: (pageId: string, userId: string, role: Parameters<Hub['setAccess']>[2]) => hub.setAccess(pageId, userId, role),
  };
  const app = createHttpApp({
    ...config,
    hub,
    storage,
    tickets,
    log,
    creations: limiters('page-creation', config.pagesPerMinute),
    assetsDir: assetsDirectory(config),
    health: options.health,
    access: accessRoutes,
    publishing: { frameAncestors: config.publishFrameAncestors, publicUrl: config.publicUrl },
  });
  // Express catches what its handlers throw; this catches what Express itself might.
  const http = createHttpServer((req, res) => {
    try {
      app(req, res);
    } catch (error) {
      log.error('request handler failed', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"internal","message":"internal error"}}');
    }
  });
  let closing: Promise<void> | null = null;
  // Frames over the limit get a `too-large` error from the connection before it
  // closes; ws itself only steps in (closing with 1009) far beyond that.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes * 2 + 1024 });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) return refuse(socket, 503, 'Service Unavailable');
    // Another site's page must not open a socket with a visitor's browser.
    if (!originAllowed(req, config.allowedOrigins)) return refuse(socket, 403, 'Forbidden');
    const url = parseUrl(req.url);
    if (url === null) return refuse(socket, 400, 'Bad Request');
    const match = /^\/ws\/([^/]+)$/.exec(url.pathname);
    const pageId = match ? safeDecode(match[1] as string) : null;
    if (pageId === null || !PAGE_ID_PATTERN.test(pageId)) return refuse(socket, 404, 'Not Found');
    const sinceParam = url.searchParams.get('since');
    // A `since` that is not a version is ignored: the client gets a full sync.
    const since = sinceParam !== null && /^\d{1,15}$/.test(sinceParam) ? Number(sinceParam) : undefined;
    // SPEC M8: the client takes `batch` frames.
    const batch = url.searchParams.get(BATCH_PARAM) === '1';
    let grant: Grant | null = null;
    Promise.resolve(tickets.redeem(url.searchParams.get('ticket') ?? '', pageId))
      .then((redeemed) => {
        grant = redeemed;
        // The role now, not when the ticket was issued: a member removed meanwhile does not get in.
        return grant ? access.role(pageId, grant.userId) : null;
      })
      .then(
      (role) => {
        if (!grant) return refuse(socket, 401, 'Unauthorized');
        const granted = grant;
        if (!role) return refuse(socket, 403, 'Forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => {
          hub.connect(ws, { ...granted, role }, since, batch).catch((error: unknown) => {
            log.error('join failed', { pageId, error });
            ws.terminate();
          });
        });
      },
      (error: unknown) => {
        log.error('ticket or role look-up failed', { pageId, error });
        refuse(socket, 503, 'Service Unavailable');
      },
    );
  };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Nothing an unauthenticated request does may throw out of here: that would end the process.
    try {
      upgrade(req, socket, head);
    } catch (error) {
      log.error('upgrade failed', { error });
      refuse(socket, 400, 'Bad Request');
    }
  });

  let heartbeat: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  return {
    http,
    hub,
    storage,
    access,
    tickets,
    config,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          heartbeat = setInterval(() => hub.heartbeat(), config.heartbeatMs);
          heartbeat.unref();
          if (options.shared) {
            poll = setInterval(() => void hub.poll(), config.clusterPollMs);
            poll.unref();
          }
          const { port } = http.address() as AddressInfo;
          log.info('listening', { port, host: config.host });
          resolve(port);
        });
      }),
    close: () => {
      closing ??= (async () => {
        clearInterval(heartbeat);
        clearInterval(poll);
        await hub.close();
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        if (options.ownsStorage) await storage.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}

/** The request's URL, or null when it cannot be parsed. */
function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** A %-decoded path segment, or null for a malformed escape (`%E0%A4%A`). */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed || !socket.writable) return;
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
