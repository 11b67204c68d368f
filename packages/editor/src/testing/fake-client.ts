/**
 * A stand-in for CollabClient in unit tests: a view that local submits and
 * scripted remote changes move forward, with the events the real client emits.
 * Remote changes apply with the protocol's pure `applyPatch`, as the real client's view does.
 */
import type { ConnectionStatus, SubmitResult } from '@tandem/client';
import {
  applyDocumentPatch,
  jsonEqual,
  type Operation,
  type PageDocument,
  type PatchOrigin,
  type Pointer,
  type Role,
  type User,
  type View,
  validateTransition,
} from '@tandem/protocol';
import type { EditorClient, EditorClientEvent, SubmitOptions } from '../editor-client.ts';

export class FakeClient implements EditorClient {
  doc: PageDocument | null;
  version = 0;
  users: readonly User[] = [];
  me: User | null = { userId: 'u-me', userName: 'Me', color: '#336699' };
  status: ConnectionStatus = 'connected';
  pendingCount = 0;
  role: Role | null = 'editor';
  presence = new Map<string, readonly string[] | null>();
  pointers = new Map<string, NonNullable<Pointer>>();
  views = new Map<string, View>();
  /** Every pointer and view shared, in order. */
  readonly sharedPointers: Pointer[] = [];
  readonly sharedViews: View[] = [];
  /** Every patch submitted, in order. */
  readonly sent: Operation[][] = [];
  /** The `view` each submit offered (to check it is adopted as is). */
  readonly offeredViews: PageDocument[] = [];
  readonly selections: (readonly string[] | null)[] = [];
  private readonly listeners = new Set<(event: EditorClientEvent) => void>();

  /**
   * `check: 'full'` (the default) replays every submitted patch with the protocol and
   * fails the test if the result differs from the view the store offered: the store's
   * ops must say exactly what its immer draft did. `'transition'` checks as cheaply as
   * the real client does (for tests on large pages).
   */
  constructor(
    doc: PageDocument | null,
    private readonly options: { check?: 'full' | 'transition' } = {},
  ) {
    this.doc = doc;
  }

  /** Checks and applies like the real client, and echoes the edit to listeners as it does (a local doc event, a pending event). */
  submit(ops: readonly Operation[], options: SubmitOptions = {}): SubmitResult {
    if (this.doc === null) return { ok: false, error: { code: 'not-synced', message: 'the page has not loaded yet' } };
    let next: PageDocument;
    if (options.view && this.options.check === 'transition') {
      const problems = validateTransition(this.doc, options.view, ops);
      if (problems.length > 0) return { ok: false, error: { code: 'schema-violation', message: problems[0] as string } };
      next = options.view;
    } else {
      const result = applyDocumentPatch(this.doc, ops);
      if (!result.ok) return { ok: false, error: result.error };
      if (options.view && !jsonEqual(result.doc, options.view)) throw new Error('the submitted ops do not produce the offered view');
      next = options.view ?? result.doc;
    }
    this.sent.push([...ops]);
    if (options.view) this.offeredViews.push(options.view);
    this.doc = next;
    this.pendingCount++;
    this.emit({ type: 'doc', doc: this.doc, version: this.version, origin: 'local', ops: [...ops] });
    this.emit({ type: 'pending', count: this.pendingCount });
    return { ok: true, doc: next, version: this.version, pendingCount: this.pendingCount };
  }

  setSelection(ids: readonly string[] | null): void {
    this.selections.push(ids);
  }

  setPointer(pointer: Pointer): void {
    this.sharedPointers.push(pointer);
  }

  setView(view: View): void {
    this.sharedViews.push(view);
  }

  subscribe(listener: (event: EditorClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A colleague's change, already in the coordinates of our view. */
  /** Someone else's change; `from` says who (`senderId`) and what made it (`patchOrigin`), as the real client does. */
  remote(ops: Operation[], from: { senderId?: string; patchOrigin?: PatchOrigin } = {}): void {
    if (this.doc === null) throw new Error('not synced');
    const result = applyDocumentPatch(this.doc, ops);
    if (!result.ok) throw new Error(`remote change does not apply: ${result.error.message}`);
    this.doc = result.doc;
    this.version++;
    this.emit({ type: 'doc', doc: this.doc, version: this.version, origin: 'remote', ops, ...from });
  }

  emit(event: EditorClientEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
