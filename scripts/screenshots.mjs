// pnpm screenshots: every template, published, photographed at desktop, tablet and phone widths.
// Starts the production server (`pnpm start`, after `pnpm build`) on a throw-away data directory, creates and
// publishes one page per template through the public API, and saves full-page PNGs from real Chromium into
// docs/screenshots/<template>-<width>.png. Nothing is mocked: what is saved is what a visitor's browser shows.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const WIDTHS = [1440, 768, 375];
const PORT = Number(process.env.SCREENSHOT_PORT ?? process.env.E2E_PORT ?? 8112);
const BASE = `http://127.0.0.1:${PORT}`;
const only = process.argv.slice(2);

const data = mkdtempSync(path.join(tmpdir(), 'tandem-shots-'));
const server = spawn('pnpm', ['start'], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATA_DIR: data,
    ASSETS_DIR: path.join(data, 'assets'),
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not start on ${BASE} (run pnpm build first)`);
}

async function api(method, route, body) {
  const res = await fetch(`${BASE}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', origin: BASE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

let browser;
try {
  await waitForServer();
  mkdirSync(OUT, { recursive: true });
  const { templates } = await api('GET', '/templates');
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  for (const template of templates) {
    if (template.id === 'blank' || (only.length && !only.includes(template.id))) continue;
    const { id } = await api('POST', '/pages', { title: template.name, template: template.id });
    await api('POST', `/pages/${id}/publish`);
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: width < 600 ? 812 : 900 }, deviceScaleFactor: 1 });
      await page.goto(`${BASE}/s/${id}`, { waitUntil: 'networkidle' });
      const file = path.join(OUT, `${template.id}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.close();
      console.log(path.relative(ROOT, file));
    }
  }
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
  rmSync(data, { recursive: true, force: true });
}
