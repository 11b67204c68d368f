/**
 * Text edits as the client sends them (SPEC T10): a `replace` of a text prop goes
 * with a `test` of the text it was made against, which is what lets `transform`
 * merge two people's typing in one field (T12).
 */
import type { PageDocument } from './document.ts';
import type { Operation } from './patch.ts';
import { parsePointer } from './pointer.ts';
import { getDefinition } from './registry.ts';

type Path = string[];

/** An array slot token, as in transform.ts: "-", "0", or digits without a leading zero. */
function isSlot(token: string | undefined): boolean {
  return token !== undefined && (token === '-' || /^(0|[1-9][0-9]*)$/.test(token));
}

/**
 * T10: `ops` (made against `doc`) with a `test` of the base before each `replace`
 * of a text prop (a `text` or `textarea` field, or an item of a `list`), so that a
 * concurrent edit of the same text merges (T12) instead of one of them winning.
 * Other strings (a select's value, a colour, a URL) are not text: merging two of
 * them makes no sense, so the later still wins. A replace keeps no base when an
 * earlier operation of the patch may have changed its value (same path, above it,
 * or in its array), or when it already has its test.
 */
export function withTextBases(doc: PageDocument, ops: readonly Operation[]): Operation[] {
  let out: Operation[] | null = null;
  const touched: Path[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    const path = parsePointer(op.path) as Path | null;
    if (op.op === 'replace' && typeof op.value === 'string' && path !== null && !touched.some((t) => interferes(t, path))) {
      const prior = ops[i - 1];
      const base = isTextProp(doc, path) ? valueAt(doc, path) : undefined;
      if (typeof base === 'string' && !(prior?.op === 'test' && prior.path === op.path)) {
        out ??= ops.slice(0, i);
        out.push({ op: 'test', path: op.path, value: base });
      }
    }
    out?.push(op);
    if (op.op !== 'test' && path !== null) touched.push(path);
    if ('from' in op) touched.push((parsePointer(op.from) ?? []) as Path);
  }
  return out ?? [...ops];
}

/** Whether a write at `a` may change the value at `b`: one contains the other, or they part inside an array. */
function interferes(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return isSlot(a[i]) || isSlot(b[i]);
  return true;
}

function valueAt(doc: unknown, path: Path): unknown {
  let node = doc;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** `/components/<id>/props/<text field>` or `/components/<id>/props/<list field>/<index>`. */
function isTextProp(doc: PageDocument, path: Path): boolean {
  const [root, id, props, key] = path;
  if (root !== 'components' || props !== 'props' || id === undefined || key === undefined || path.length > 5) return false;
  const node = Object.hasOwn(doc.components, id) ? doc.components[id] : undefined;
  const fields = node ? getDefinition(node.type)?.fields : undefined;
  const field = fields && Object.hasOwn(fields, key) ? fields[key] : undefined;
  if (field === undefined) return false;
  return path.length === 4 ? field.kind === 'text' || field.kind === 'textarea' : field.kind === 'list';
}
