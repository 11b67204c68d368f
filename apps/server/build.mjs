/**
 * `pnpm build` for the server: dist/main.js (and its SQLite writer thread,
 * dist/sqlite-writer.js), ES modules that plain `node` runs. esbuild bundles our own code and the workspace packages it imports
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

// Two entries: the server, and SQLite's writer thread, which the server starts
// from dist/sqlite-writer.js (see src/storage/sqlite-writer-thread.ts).
await build({
  entryPoints: { main: 'src/main.ts', 'sqlite-writer': 'src/storage/sqlite-writer.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
