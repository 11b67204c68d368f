/**
 * RFC 6902 applied to an immer draft, strictly: a missing value, a bad index or a
 * failed `test` throws, leaving the draft to be thrown away. Undo and redo replay
 * their (transformed) operations through this, inside `mutate`, so that they take
 * the same path as every other edit; immer's own `applyPatches` is too lenient for
 * operations that may have gone stale (it creates what is missing).
 */
import { cloneJson, hasOwn, isDangerousKey, type Json, jsonEqual, type Operation, parseArrayIndex, parsePointer } from '@tandem/protocol';
import { current, isDraft } from 'immer';

export class StaleOperation extends Error {}

type Container = Json[] | { [key: string]: Json };

export function applyOpsToDraft(draft: object, ops: readonly Operation[]): void {
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(draft, tokens(op.path), cloneJson(op.value));
        break;
      case 'remove':
        remove(draft, tokens(op.path));
        break;
      case 'replace': {
        const path = tokens(op.path);
        read(draft, path);
        const parent = parentOf(draft, path);
        const key = path[path.length - 1] as string;
        if (Array.isArray(parent)) parent[parseArrayIndex(key) as number] = cloneJson(op.value);
        else parent[key] = cloneJson(op.value);
        break;
      }
      case 'move': {
        const value = snapshot(read(draft, tokens(op.from)));
        remove(draft, tokens(op.from));
        add(draft, tokens(op.path), value);
        break;
      }
      case 'copy':
        add(draft, tokens(op.path), cloneJson(snapshot(read(draft, tokens(op.from)))));
        break;
      case 'test':
        if (!jsonEqual(read(draft, tokens(op.path)), op.value)) throw new StaleOperation(`test failed at ${op.path}`);
        break;
    }
  }
}

function tokens(pointer: string): string[] {
  const path = parsePointer(pointer);
  if (path === null || path.length === 0 || path.some(isDangerousKey)) throw new StaleOperation(`cannot apply at "${pointer}"`);
  return path;
}

function snapshot(value: Json): Json {
  return isDraft(value) ? (current(value) as Json) : value;
}

function child(node: unknown, token: string): Json | undefined {
  if (Array.isArray(node)) {
    const index = parseArrayIndex(token);
    return index === null || index >= node.length ? undefined : (node[index] as Json);
  }
  if (typeof node === 'object' && node !== null && hasOwn(node, token)) return (node as Record<string, Json>)[token];
  return undefined;
}

function read(root: object, path: readonly string[]): Json {
  let node: unknown = root;
  for (const token of path) {
    node = child(node, token);
    if (node === undefined) throw new StaleOperation(`no value at /${path.join('/')}`);
  }
  return node as Json;
}

function parentOf(root: object, path: readonly string[]): Container {
  const parent = path.length === 1 ? root : read(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) throw new StaleOperation(`no container at /${path.join('/')}`);
  return parent as Container;
}

function add(root: object, path: readonly string[], value: Json): void {
  const parent = parentOf(root, path);
  const key = path[path.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : parseArrayIndex(key);
    if (index === null || index > parent.length) throw new StaleOperation(`bad index at /${path.join('/')}`);
    parent.splice(index, 0, value);
  } else parent[key] = value;
}

function remove(root: object, path: readonly string[]): void {
  const parent = parentOf(root, path);
  const key = path[path.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = parseArrayIndex(key);
    if (index === null || index >= parent.length) throw new StaleOperation(`no value at /${path.join('/')}`);
    parent.splice(index, 1);
  } else {
    if (!hasOwn(parent, key)) throw new StaleOperation(`no value at /${path.join('/')}`);
    delete parent[key];
  }
}
