/**
 * People typing into the same text props at once, and the ledger that proves no
 * keystroke is lost (SPEC T12–T13). Every keystroke is a character used once in
 * the run, so the final text says exactly which keystrokes survived and where.
 *
 * The ledger watches every person's own view around each of their actions: a
 * keystroke character that disappears from it there was deleted by that person
 * (erasing, undo, rewriting the prop, deleting the component); one whose
 * component was removed or replaced whole is not checked (observe). At quiescence,
 * in every text prop watched: each keystroke nobody deleted is there exactly
 * once, and each keeps its place relative to its author's own neighbours (the
 * nearest characters of the same author on either side when it was typed).
 */
import type { Operation, PageDocument } from '@tandem/protocol';
import type { EditorStoreApi } from '@tandem/editor';
import type { Random } from './random.ts';

/** The text props people type into: both exist on the starter page. */
export const TYPED_PROPS = [
  { id: 'hero-heading', name: 'text' },
  { id: 'hero-text', name: 'text' },
] as const;

type Target = (typeof TYPED_PROPS)[number];

/** Keystrokes are CJK ideographs, one per keystroke, never reused; the starter text has none. */
const FIRST_KEY = 0x4e00;
const LAST_KEY = 0x9fff;

interface Keystroke {
  author: string;
  target: number;
  /** The author's own keystrokes nearest before and after it, as the author saw the text. */
  left: string | null;
  right: string | null;
}

export function textOf(doc: PageDocument | null, target: Target): string | null {
  const value = doc?.components[target.id]?.props[target.name];
  return typeof value === 'string' ? value : null;
}

export class KeystrokeLedger {
  private next = FIRST_KEY;
  private readonly keys = new Map<string, Keystroke>();
  private readonly deleted = new Set<string>();
  /** Targets whose component was gone at some version: what was typed into it meanwhile was dropped (T6). */
  private readonly wiped = new Set<number>();

  freshKey(): string | null {
    return this.next > LAST_KEY ? null : String.fromCharCode(this.next++);
  }

  isKey(ch: string): boolean {
    return this.keys.has(ch);
  }

  /** The keystrokes in each watched text of `doc`. */
  snapshot(doc: PageDocument | null): Set<string> {
    const out = new Set<string>();
    for (const target of TYPED_PROPS) {
      const text = textOf(doc, target) ?? '';
      // Keystrokes are single UTF-16 units handed out from FIRST_KEY up (freshKey): the range test
      // skips every other character before the map is asked, twice per action of everyone.
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= FIRST_KEY && code < this.next && this.keys.has(text[i] as string)) out.add(text[i] as string);
      }
    }
    return out;
  }

  /** Runs one person's action and charges them with every keystroke it removed from their view. */
  watch(view: () => PageDocument | null, action: () => void): void {
    const before = this.snapshot(view());
    action();
    const after = this.snapshot(view());
    for (const ch of before) if (!after.has(ch)) this.deleted.add(ch);
  }

  typed(ch: string, author: string, target: number, text: string, at: number): void {
    const own = (c: string) => this.keys.get(c)?.author === author;
    let left: string | null = null;
    for (let i = at - 1; i >= 0 && left === null; i--) if (own(text[i] as string)) left = text[i] as string;
    let right: string | null = null;
    for (let i = at; i < text.length && right === null; i++) if (own(text[i] as string)) right = text[i] as string;
    this.keys.set(ch, { author, target, left, right });
  }

  /**
   * Every patch the server applied, in order: a target whose component or props
   * were removed or written whole, or whose text was removed or overwritten by
   * something that is not text, lost what was typed into it meanwhile (T5, T6):
   * that counts as deleted by whoever did it, and the target is not checked.
   */
  observe(patches: readonly Operation[]): void {
    TYPED_PROPS.forEach((target, i) => {
      const component = `/components/${target.id}`;
      for (const op of patches) {
        const whole = op.path === component || op.path === `${component}/props`;
        const text = op.path === `${component}/props/${target.name}`;
        const notText = op.op === 'remove' || (op.op !== 'test' && (!('value' in op) || typeof op.value !== 'string'));
        if (op.op !== 'test' && (whole || (text && notText))) this.wiped.add(i);
      }
    });
  }

  /** The first broken promise in the server's final document, or null. */
  check(doc: PageDocument): string | null {
    for (const [i, target] of TYPED_PROPS.entries()) {
      if (this.wiped.has(i)) continue;
      const text = textOf(doc, target) ?? '';
      const position = new Map<string, number>();
      for (let p = 0; p < text.length; p++) {
        const ch = text[p] as string;
        if (!this.keys.has(ch)) continue;
        if (position.has(ch)) {
          // The promise is for keystrokes nobody deleted. One that was deleted comes back
          // with each undo that restores it: two people who erased it and both undo
          // bring it back twice (protocol SPEC T16, known limits).
          if (this.deleted.has(ch)) continue;
          return `${target.id}.${target.name}: keystroke ${ch} is there twice`;
        }
        position.set(ch, p);
      }
      for (const [ch, key] of this.keys) {
        if (key.target !== i) continue;
        const at = position.get(ch);
        if (at === undefined) {
          if (!this.deleted.has(ch)) return `${target.id}.${target.name}: ${key.author}'s keystroke ${ch} was lost, and nobody deleted it`;
          continue;
        }
        // Order is promised among keystrokes nobody deleted: one brought back by an undo
        // returns where that undo puts it.
        if (this.deleted.has(ch)) continue;
        const kept = (c: string | null) => (c === null || this.deleted.has(c) ? undefined : position.get(c));
        const left = kept(key.left);
        const right = kept(key.right);
        if ((left !== undefined && left > at) || (right !== undefined && right < at)) {
          return `${target.id}.${target.name}: ${key.author}'s keystrokes ${key.left ?? ''}${ch}${key.right ?? ''} are out of the order they were typed in`;
        }
      }
    }
    return null;
  }

  /** Keystrokes typed, and how many of the watched texts were checked (not wiped). */
  get stats(): { keystrokes: number; textsChecked: number } {
    return { keystrokes: this.keys.size, textsChecked: TYPED_PROPS.length - this.wiped.size };
  }
}

export type TypistAction = 'type' | 'erase' | 'undo' | 'redo';
const ACTIONS: TypistAction[] = ['type', 'type', 'type', 'type', 'type', 'erase', 'erase', 'undo', 'redo'];

/** Someone typing into the watched text props through the real editor store: keystrokes, deletions, undo and redo. */
export class Typist {
  constructor(
    private readonly random: Random,
    readonly store: EditorStoreApi,
    private readonly name: string,
    private readonly ledger: KeystrokeLedger,
  ) {}

  act(): void {
    const state = this.store.getState();
    const r = this.random;
    // Mostly the heading, so that typists meet there.
    const index = r.chance(0.7) ? 0 : 1;
    const target = TYPED_PROPS[index] as Target;
    const text = textOf(state.doc, target);
    if (text === null) return;
    const action = r.pick(ACTIONS);
    this.ledger.watch(
      () => this.store.getState().doc,
      () => {
        if (action === 'type') {
          const ch = this.ledger.freshKey();
          if (ch === null) return;
          const at = r.int(text.length + 1);
          state.setProp(target.id, target.name, text.slice(0, at) + ch + text.slice(at));
          // Counted only once it is in the view (an edit refused before it left is no keystroke).
          if (textOf(this.store.getState().doc, target)?.includes(ch)) this.ledger.typed(ch, this.name, index, text, at);
        } else if (action === 'erase') {
          if (text.length === 0) return;
          const at = r.int(text.length);
          state.setProp(target.id, target.name, text.slice(0, at) + text.slice(at + 1 + r.int(3)));
        } else if (action === 'undo') state.undo();
        else state.redo();
      },
    );
  }
}
