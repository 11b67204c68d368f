/**
 * One WebSocket: a read loop that turns frames into validated messages for its
 * room (or a precise error), and a write side that never lets a slow reader
 * hold the room back.
 */
import {
  CLIENT_MESSAGE_TYPES,
  ClientMessageSchema,
  CloseCode,
  ErrorCode,
  type ProtocolError,
  type Role,
  roleAtLeast,
  SERVER_SENDER,
} from '@tandem/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from './clock.ts';
import type { Config } from './env.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './rate-limit.ts';
import { frame, type Room, type RoomClient } from './room.ts';

export class Connection implements RoomClient {
  /** Cleared by each heartbeat, set by each pong. */
  alive = true;
  /** Whose socket this is and what they may do on the page; the hub changes `role` when an owner does. */
  access: { pageId: string; userId: string; role: Role } = { pageId: '', userId: '', role: 'viewer' };
  private readonly bucket: TokenBucket;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly room: Room,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.bucket = new TokenBucket(config.rateLimitPerSecond, config.rateLimitBurst, () => clock.now());
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  send(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    // ws buffers without limit; a reader this far behind would only grow it.
    if (this.socket.bufferedAmount > this.config.maxBufferedBytes) {
      this.log.warn('dropping a client that fell too far behind', { bufferedAmount: this.socket.bufferedAmount });
      this.close(CloseCode.TooSlow, 'too slow to keep up');
      this.socket.terminate();
      return;
    }
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }

  ping(): void {
    this.alive = false;
    this.socket.ping();
  }

  private receive(data: RawData, isBinary: boolean): void {
    const bytes = byteLength(data);
    if (bytes > this.config.maxMessageBytes) {
      this.error({ code: ErrorCode.TooLarge, message: `frame of ${bytes} bytes exceeds the limit of ${this.config.maxMessageBytes}` });
      this.close(CloseCode.TooLarge, 'message too large');
      return;
    }
    if (isBinary) return this.error({ code: ErrorCode.BadMessage, message: 'frames must be JSON text' });
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return this.error({ code: ErrorCode.BadMessage, message: 'frame is not valid JSON' });
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) return this.error({ code: ErrorCode.BadMessage, message: describe(raw, parsed.error.issues[0]) }, opIdOf(raw));
    const message = parsed.data;
    if (!this.bucket.take()) {
      return this.error(
        { code: ErrorCode.RateLimited, message: 'too many messages; slow down' },
        message.type === 'op-patch' ? message.payload.opId : undefined,
      );
    }
    switch (message.type) {
      case 'op-patch':
        if (!roleAtLeast(this.access.role, 'editor'))
          return this.error({ code: ErrorCode.Forbidden, message: 'viewers cannot edit this page' }, message.payload.opId);
        return this.room.submit(this, message.payload);
      case 'presence':
        return this.room.setPresence(this, message.payload.selection);
    }
  }

  private error(error: ProtocolError, opId?: string): void {
    this.log.debug('rejected a message', { ...error, opId });
    this.send(frame('error', SERVER_SENDER, opId === undefined ? error : { ...error, opId }, this.clock.now()));
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** The opId of a malformed op-patch, when it has one worth echoing. */
function opIdOf(raw: unknown): string | undefined {
  const opId = (raw as { payload?: { opId?: unknown } } | null)?.payload?.opId;
  return typeof opId === 'string' && opId.length > 0 && opId.length <= 128 ? opId : undefined;
}

function describe(raw: unknown, issue: { path: PropertyKey[]; message: string } | undefined): string {
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'a message must be a JSON object';
  if (typeof type !== 'string' || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type))
    return `unknown message type ${JSON.stringify(type)}`;
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
  return `${type}: ${where}: ${issue?.message ?? 'invalid'}`;
}
