/**
 * One WebSocket: a read loop that turns frames into validated messages for its
 * room (or a precise error), and a write side that never lets a slow reader
 * hold the room back. Every frame is hostile until checked: its size, then its
 * nesting depth on the raw text (before anything recursive runs), then its
 * shape. Each frame costs a token of the rate limit, presence has a budget of
 * its own, and a connection that keeps sending invalid frames is closed.
 */
import {
  CLIENT_MESSAGE_TYPES,
  CloseCode,
  ErrorCode,
  LIMITS,
  type ProtocolError,
  parseClientMessage,
  type Role,
  roleAtLeast,
  SERVER_SENDER,
  withinTextDepth,
} from '@tandem/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from './clock.ts';
import type { Config } from './env.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './rate-limit.ts';
import { frame, type Room, type RoomClient } from './room.ts';
import { batchFrame, textFrame } from './ws-frame.ts';

/** After a close frame is queued, how long the peer has to read up to it before the socket is cut. */
export const CLOSE_GRACE_MS = 5_000;
const RATE_LIMITED: ProtocolError = { code: ErrorCode.RateLimited, message: 'too many messages; slow down' };

export class Connection implements RoomClient {
  /** Cleared by each heartbeat, set by each pong. */
  alive = true;
  /** Whose socket this is and what they may do on the page; the hub changes `role` when an owner does. */
  access: { pageId: string; userId: string; role: Role } = { pageId: '', userId: '', role: 'viewer' };
  private readonly bucket: TokenBucket;
  private readonly presenceBucket: TokenBucket;
  private readonly invalid: TokenBucket;
  private closed = false;
  /** Set while this turn's frames are gathered for one write (see `cork`): writes them now. */
  private uncork: (() => void) | null = null;
  /** With `batch` (SPEC M8): this turn's frames, sent as one at its end. */
  private queued: string[] | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly room: Room,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** The client asked for `batch` frames (SPEC M8). */
    private readonly batch = false,
  ) {
    const now = () => clock.now();
    this.bucket = new TokenBucket(config.rateLimitPerSecond, config.rateLimitBurst, now);
    this.presenceBucket = new TokenBucket(config.presencePerSecond, config.presenceBurst, now);
    this.invalid = new TokenBucket(1, config.invalidFrameLimit, now);
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      // The last line of defence: whatever a frame does, the process and the room go on.
      try {
        this.receive(data, isBinary);
      } catch (error) {
        this.log.error('a message handler failed', { error });
        this.error({ code: ErrorCode.BadMessage, message: 'the server could not handle this message' });
        this.close(CloseCode.InternalError, 'internal error');
      }
    });
  }

  send(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.batch) {
      // SPEC M8: gathered until the end of this turn, then sent as one frame (see `flushBatch`).
      if (this.queued) this.queued.push(text);
      else {
        this.queued = [text];
        process.nextTick(() => this.flushBatch());
      }
      return;
    }
    this.write(text);
  }

  /** This turn's frames for a client that takes batches: one alone as it is, several as one `batch`. */
  private flushBatch(): void {
    const texts = this.queued;
    this.queued = null;
    if (!texts || this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.write(texts.length === 1 ? (texts[0] as string) : batchFrame(texts, this.clock.now()));
  }

  private write(text: string): void {
    // ws buffers without limit; a reader this far behind would only grow it.
    if (this.socket.bufferedAmount > this.config.maxBufferedBytes) {
      this.log.warn('dropping a client that fell too far behind', { bufferedAmount: this.socket.bufferedAmount });
      this.drop(CloseCode.TooSlow, 'too slow to keep up');
      return;
    }
    const raw = this.raw();
    if (!raw) return this.socket.send(text, { binary: false });
    this.cork(raw);
    // The whole frame, built once for every member it goes to (ws-frame.ts).
    raw.write(textFrame(text));
  }

  /** The TCP socket under the WebSocket, written to directly (see ws-frame.ts); absent once it is gone. */
  private raw(): RawSocket | undefined {
    // An extension (permessage-deflate, were it ever offered) frames, and may queue, in ws: then everything goes through it.
    if (this.socket.extensions !== '') return undefined;
    const raw = (this.socket as unknown as { _socket?: Partial<RawSocket> | null })._socket;
    return typeof raw?.write === 'function' && typeof raw.cork === 'function' && typeof raw.uncork === 'function'
      ? (raw as RawSocket)
      : undefined;
  }

  /**
   * Gathers every frame sent to this socket in the current turn (acks and
   * fan-out, say) into one write, instead of one write per frame: corked now,
   * uncorked once the turn's code has run. A client that takes batches has its
   * turn's frames written as one already.
   */
  private cork(raw: RawSocket): void {
    if (this.uncork || this.batch) return;
    raw.cork();
    const uncork = () => {
      if (this.uncork !== uncork) return;
      this.uncork = null;
      raw.uncork();
    };
    this.uncork = uncork;
    process.nextTick(uncork);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    // What this turn said before closing (an error, say) goes first, as it would unbatched.
    if (this.queued) this.flushBatch();
    if (this.closed) return;
    this.closed = true;
    // Written now, with the close frame behind them: a server shutting down terminates its sockets right after.
    this.uncork?.();
    this.socket.close(code, reason);
    // The close frame waits behind whatever is buffered; a peer that never reads that far is cut off.
    const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }

  ping(): void {
    this.alive = false;
    this.socket.ping();
  }

  /** Leaves the room at once (the others stop waiting for this member) and closes with `code` once the peer has read up to it. */
  private drop(code: number, reason: string): void {
    this.close(code, reason);
    this.room.leave(this);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const bytes = byteLength(data);
    if (bytes > this.config.maxMessageBytes) {
      this.error({ code: ErrorCode.TooLarge, message: `frame of ${bytes} bytes exceeds the limit of ${this.config.maxMessageBytes}` });
      this.close(CloseCode.TooLarge, 'message too large');
      return;
    }
    // Every frame, valid or not, costs a token: garbage is rate-limited like anything else.
    const allowed = this.bucket.take();
    if (isBinary) return this.refuse(allowed ? { code: ErrorCode.BadMessage, message: 'frames must be JSON text' } : RATE_LIMITED, true);
    const text = data.toString();
    if (!withinTextDepth(text, LIMITS.frameDepth)) {
      return this.refuse({ code: ErrorCode.BadMessage, message: `frame nests deeper than ${LIMITS.frameDepth} levels` }, true);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.refuse(allowed ? { code: ErrorCode.BadMessage, message: 'frame is not valid JSON' } : RATE_LIMITED, true);
    }
    // Refused for its rate, but with its opId, so that the sender knows which edit to send again.
    if (!allowed) return this.refuse(RATE_LIMITED, false, opIdOf(raw));
    const parsed = parseClientMessage(raw);
    if (!parsed.success)
      return this.refuse({ code: ErrorCode.BadMessage, message: describe(raw, parsed.error.issues[0]) }, true, opIdOf(raw));
    const message = parsed.data;
    switch (message.type) {
      case 'op-patch':
        if (!roleAtLeast(this.access.role, 'editor'))
          return this.error({ code: ErrorCode.Forbidden, message: 'viewers cannot edit this page' }, message.payload.opId);
        return this.room.submit(this, message.payload);
      case 'presence': {
        // A pointer and a view are bounded by their schema (M7); only a selection can be long.
        const { selection } = message.payload;
        if (selection && JSON.stringify(selection).length > this.config.maxPresenceBytes) {
          return this.refuse(
            { code: ErrorCode.BadMessage, message: `presence: selection is over ${this.config.maxPresenceBytes} bytes` },
            true,
          );
        }
        if (!this.presenceBucket.take())
          return this.refuse({ code: ErrorCode.RateLimited, message: 'too many presence updates; slow down' });
        return this.room.setPresence(this, message.payload);
      }
    }
  }

  /**
   * Answers a refused frame. An invalid one also uses up the connection's
   * allowance of mistakes; past it the connection is closed (1008), so that
   * garbage costs the server a bounded number of replies.
   */
  private refuse(error: ProtocolError, invalid = false, opId?: string): void {
    if (invalid && !this.invalid.take()) {
      this.log.info('closing a connection that keeps sending invalid frames');
      this.error({ code: error.code, message: 'too many invalid messages; closing' }, opId);
      this.drop(CloseCode.PolicyViolation, 'too many invalid messages');
      return;
    }
    this.error(error, opId);
  }

  private error(error: ProtocolError, opId?: string): void {
    this.log.debug('rejected a message', { ...error, opId });
    this.send(frame('error', SERVER_SENDER, opId === undefined ? error : { ...error, opId }, this.clock.now()));
  }
}

/** What of the TCP socket a connection writes to. */
interface RawSocket {
  write(bytes: Buffer): boolean;
  cork(): void;
  uncork(): void;
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
