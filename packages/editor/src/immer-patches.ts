/**
 * Immer patches are not RFC 6902: their paths are arrays of keys, not escaped
 * pointers. This is the one place that converts between the two; raw immer
 * patches never go on the wire.
 */
import type { Patch as ImmerPatch } from 'immer';
import { formatPointer, type Json, type Operation, parseArrayIndex, parsePointer } from '@tandem/protocol';

export type { ImmerPatch };

export function fromImmerPatches(patches: readonly ImmerPatch[]): Operation[] {
  return patches.map((patch): Operation => {
    const path = formatPointer(patch.path);
    switch (patch.op) {
      case 'add':
        return { op: 'add', path, value: patch.value as Json };
      case 'replace':
        return { op: 'replace', path, value: patch.value as Json };
      default:
        return { op: 'remove', path };
    }
  });
}

/**
 * The immer form of add/remove/replace operations, for `applyPatches`. Index-like
 * tokens become numbers (immer splices arrays by number). Returns null when the
 * patch holds move, copy or test, which immer cannot express.
 */
export function toImmerPatches(ops: readonly Operation[]): ImmerPatch[] | null {
  const out: ImmerPatch[] = [];
  for (const op of ops) {
    if (op.op === 'move' || op.op === 'copy' || op.op === 'test') return null;
    const tokens = parsePointer(op.path);
    if (tokens === null) return null;
    const path = tokens.map((token) => parseArrayIndex(token) ?? token);
    out.push(op.op === 'remove' ? { op: 'remove', path } : { op: op.op, path, value: op.value });
  }
  return out;
}
