/**
 * For tests only: a WebSocket (over `ws`) that records every frame in both
 * directions and can hold back or drop incoming ones, so that races and lost
 * messages happen exactly when a test wants them.
 */
import type { WebSocketConstructor, WebSocketLike } from '@tandem/client';
import { messagesOf, type ServerFrame, type ServerMessage } from '@tandem/protocol';
import WebSocket from 'ws';

export interface TappedFrame {
  dir: 'out' | 'in';
  type: string;
  payload: Record<string, unknown>;
}

export class SocketTap {
  readonly sockets: TappedSocket[] = [];
  /** Incoming messages one by one (a `batch` frame's each on its own), and outgoing frames. */
  readonly frames: TappedFrame[] = [];
  /** How many `batch` frames came in (SPEC M8). */
  batches = 0;
  private held: (() => void)[] | null = null;
  private dropping: ((message: ServerMessage) => boolean) | null = null;

  /** The constructor to give CollabClient. */
  readonly WebSocket: WebSocketConstructor;

  constructor() {
    const tap = this;
    this.WebSocket = class extends TappedSocket {
      constructor(url: string) {
        super(url, tap);
        tap.sockets.push(this);
      }
    };
  }

  get current(): TappedSocket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  /** Incoming frames wait until `release()`. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const deliver of held) deliver();
  }

  /** The next incoming frame that `match` accepts is lost, as if the network ate it. */
  dropNext(match: (message: ServerMessage) => boolean): void {
    this.dropping = match;
  }

  sent(type: string): Record<string, unknown>[] {
    return this.frames.filter((f) => f.dir === 'out' && f.type === type).map((f) => f.payload);
  }

  /**
   * @internal A `batch` frame (SPEC M8) is recorded, and dropped from, message
   * by message; `deliver` gets the frame's text, rewritten when one was dropped.
   */
  receive(text: string, deliver: (text: string) => void): void {
    const frame = JSON.parse(text) as ServerFrame;
    const all = messagesOf(frame);
    const kept = all.filter((message) => {
      if (!this.dropping?.(message)) return true;
      this.dropping = null;
      return false;
    });
    if (kept.length === 0) return;
    if (frame.type === 'batch') this.batches++;
    const out = kept.length === all.length ? text : JSON.stringify(kept.length === 1 ? kept[0] : { ...frame, payload: { messages: kept } });
    const run = () => {
      for (const message of kept) this.frames.push({ dir: 'in', type: message.type, payload: message.payload as Record<string, unknown> });
      deliver(out);
    };
    if (this.held) this.held.push(run);
    else run();
  }
}

export class TappedSocket implements WebSocketLike {
  readonly ws: WebSocket;

  constructor(
    url: string,
    private readonly tap: SocketTap,
  ) {
    this.ws = new WebSocket(url);
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    const { type, payload } = JSON.parse(data) as { type: string; payload: Record<string, unknown> };
    this.tap.frames.push({ dir: 'out', type, payload });
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }

  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: unknown) => void): void {
    if (type === 'message') {
      this.ws.addEventListener('message', (event) => this.tap.receive(String(event.data), (data) => listener({ data })));
    } else {
      this.ws.addEventListener(type, listener as never);
    }
  }
}
