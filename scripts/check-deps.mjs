#!/usr/bin/env node
/**
 * Dependencies point one way: apps use packages, never the reverse. Fails (exit 1)
 * when a package under packages/ names an app (a workspace under apps/) in its
 * package.json, or imports one from its sources, by name or by a relative path
 * that leads into apps/. Run by `pnpm lint`; the integration tests, the fuzz and
 * the e2e suite live beside apps/ and packages/ precisely so that they may use both.
 *
 *   node scripts/check-deps.mjs [root]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
// Static imports and re-exports, side-effect imports, dynamic import() and require().
const SPECIFIERS = [
  /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The workspaces directly under `dir` (folders with a package.json): { name, dir }. */
function workspacesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'package.json')))
    .map((entry) => ({ dir: path.join(dir, entry.name), name: readJson(path.join(dir, entry.name, 'package.json')).name }));
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && statSync(full).size < 1_000_000) out.push(full);
  }
  return out;
}

export function importSpecifiers(text) {
  const found = new Set();
  for (const pattern of SPECIFIERS) for (const match of text.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

const isInside = (file, dir) => {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** Every place a package under `root`/packages depends on an app under `root`/apps, as readable lines. */
export function findViolations(root) {
  const appsDir = path.join(root, 'apps');
  const apps = workspacesIn(appsDir);
  const appNames = new Set(apps.map((app) => app.name).filter(Boolean));
  const namesApp = (specifier) => [...appNames].find((name) => specifier === name || specifier.startsWith(`${name}/`));
  const violations = [];
  for (const pkg of workspacesIn(path.join(root, 'packages'))) {
    const manifest = readJson(path.join(pkg.dir, 'package.json'));
    const where = path.relative(root, pkg.dir);
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, version] of Object.entries(manifest[field] ?? {})) {
        const local =
          typeof version === 'string' && /^(?:file|link):/.test(version)
            ? path.resolve(pkg.dir, version.replace(/^(?:file|link):/, ''))
            : null;
        if (appNames.has(name) || (local !== null && isInside(local, appsDir)))
          violations.push(`${where}/package.json: ${field} names the app ${name}`);
      }
    }
    for (const file of sourceFiles(pkg.dir)) {
      for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
        const app = namesApp(specifier);
        const intoApps = specifier.startsWith('.') && isInside(path.resolve(path.dirname(file), specifier), appsDir);
        if (app !== undefined || intoApps) violations.push(`${path.relative(root, file)}: imports '${specifier}' (an app)`);
      }
    }
  }
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = findViolations(root);
  if (violations.length > 0) {
    console.error('Packages must not depend on apps (apps use packages, never the reverse):');
    for (const line of violations) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log('check-deps: no package under packages/ depends on an app');
}
