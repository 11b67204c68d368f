// node --test scripts/check-deps.test.mjs (run by pnpm test): the dependency check
// on small workspaces made for the purpose, with and without a violation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findViolations, importSpecifiers } from './check-deps.mjs';

const roots = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A workspace: apps/web (@x/web), apps/server (@x/server), packages/lib (@x/lib), with the given extra files. */
function workspace(files = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
  roots.push(root);
  const all = {
    'apps/web/package.json': JSON.stringify({ name: '@x/web' }),
    'apps/web/src/store.ts': 'export const store = 1;\n',
    'apps/server/package.json': JSON.stringify({ name: '@x/server' }),
    'packages/protocol/package.json': JSON.stringify({ name: '@x/protocol' }),
    'packages/lib/package.json': JSON.stringify({ name: '@x/lib', dependencies: { '@x/protocol': 'workspace:*' } }),
    'packages/lib/src/index.ts': "import { a } from '@x/protocol';\nimport { b } from './b.ts';\n",
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

test('a package that uses only packages passes', () => {
  assert.deepEqual(findViolations(workspace()), []);
});

test('a package.json dependency on an app fails', () => {
  const root = workspace({
    'packages/lib/package.json': JSON.stringify({ name: '@x/lib', devDependencies: { '@x/server': 'workspace:*' } }),
  });
  assert.deepEqual(findViolations(root), ['packages/lib/package.json: devDependencies names the app @x/server']);
});

test('a file: dependency into apps/ fails', () => {
  const root = workspace({
    'packages/lib/package.json': JSON.stringify({ name: '@x/lib', dependencies: { store: 'file:../../apps/web' } }),
  });
  assert.deepEqual(findViolations(root), ['packages/lib/package.json: dependencies names the app store']);
});

test('importing an app by name, or a subpath of it, fails', () => {
  const root = workspace({
    'packages/lib/src/a.ts': "import { createEditorStore } from '@x/web/store';\n",
    'packages/lib/src/b.test.ts': "const server = await import('@x/server');\n",
  });
  assert.deepEqual(findViolations(root).sort(), [
    "packages/lib/src/a.ts: imports '@x/web/store' (an app)",
    "packages/lib/src/b.test.ts: imports '@x/server' (an app)",
  ]);
});

test('importing a file under apps/ by a relative path fails', () => {
  const root = workspace({ 'packages/lib/src/deep/c.ts': "export { store } from '../../../../apps/web/src/store.ts';\n" });
  assert.deepEqual(findViolations(root), ["packages/lib/src/deep/c.ts: imports '../../../../apps/web/src/store.ts' (an app)"]);
});

test('a name that merely starts like an app is not one', () => {
  const root = workspace({ 'packages/lib/src/a.ts': "import { x } from '@x/webby';\nimport '@x/server-kit';\n" });
  assert.deepEqual(findViolations(root), []);
});

test('finds every kind of import specifier', () => {
  const text = [
    "import type { A } from 'a';",
    "import {\n  b,\n  c,\n} from 'b';",
    "export * from 'c';",
    "import 'd';",
    "const e = await import('e');",
    "const f = require('f');",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text).sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('this repository passes', () => {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  assert.deepEqual(findViolations(root), []);
});
