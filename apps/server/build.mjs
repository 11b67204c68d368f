/**
 * `pnpm build` for the server: dist/main.js, an ES module that plain `node`
 * runs. esbuild bundles our own code and the workspace packages it imports
 * (@tandem/protocol exports TypeScript sources, which node cannot load), and
 * keeps every npm dependency of this package external: they are installed next
 * to it, and better-sqlite3's native addon cannot be bundled anyway.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.entries(pkg.dependencies)
  .filter(([, version]) => !String(version).startsWith('workspace:'))
  .map(([name]) => name);

// One entry: SQLite's checkpoint thread is a few lines of source the server hands to a Worker
// (src/storage/sqlite-checkpointer.ts), with better-sqlite3 resolved from here.
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
