// `npm run bench:import`: how long `/api/health` waits while a large answer key is imported
// (issue 12, finding 4: a 200,000-row key held it up to 14 s). The real app on the embedded
// database (PGlite) in this process; a child process posts the bundle and polls `/api/health`
// every 20 ms, so its measurements do not stall with the server's event loop. Prints, per mode,
// the import's duration, the health round-trips (p50 / p99 / max, and how many took > 200 ms)
// and the server's event-loop delay (max, p99).
// BENCH_IMPORT_ROWS (default 200000), BENCH_IMPORT_MODES (default "sync,async": 201 inline vs
// 202 + GET /api/admin/imports/:id).
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildBundleZip, validBundleFiles } from '@podium/event-bundle';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';

const ROWS = Number(process.env['BENCH_IMPORT_ROWS'] ?? 200_000);
const MODES = (process.env['BENCH_IMPORT_MODES'] ?? 'sync,async').split(',') as ('sync' | 'async')[];
const ADMIN = 'bench-import-admin-token-0123456789abcdef';

interface ProbeReport {
  mode: string;
  status: number;
  importMs: number;
  health: number[];
  progress: string[];
  resets: number;
}

function bigBundle(rows: number): Uint8Array {
  const files = validBundleFiles();
  const lines = ['id,split,status'];
  for (let i = 0; i < rows; i++) lines.push(`Poumon${i + 1},${i % 2 === 0 ? 'public' : 'private'},${i % 3 === 0 ? 1 : 0}`);
  files['keys/lung.csv'] = lines.join('\n') + '\n';
  return buildBundleZip(files);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

// ---- child: posts the bundle and polls health -----------------------------------------------
async function probe(port: number, mode: 'sync' | 'async', zipPath: string): Promise<ProbeReport> {
  const { readFileSync } = await import('node:fs');
  const zip = readFileSync(zipPath);
  const base = `http://127.0.0.1:${port}`;
  const health: number[] = [];
  let resets = 0;
  let done = false;
  const poller = (async () => {
    while (!done) {
      const t0 = performance.now();
      // A keep-alive socket the server closed during a stall resets: counted, and tried again.
      await fetch(`${base}/api/health`).then(
        (r) => r.arrayBuffer(),
        () => (resets += 1),
      );
      health.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const progress: string[] = [];
  const t0 = performance.now();
  const res = await fetch(`${base}/api/admin/events${mode === 'async' ? '?async=true' : ''}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/zip' },
    body: zip,
  });
  const body = (await res.json()) as { id?: string; status?: string };
  let status = res.status;
  if (res.status === 202 && body.id) {
    for (;;) {
      const r = await fetch(`${base}/api/admin/imports/${body.id}`, { headers: { Authorization: `Bearer ${ADMIN}` } });
      const p = (await r.json()) as { status: string; phase: string; rows?: { done: number; total: number } };
      const line = `${p.status}/${p.phase}${p.rows ? ` ${p.rows.done}/${p.rows.total}` : ''}`;
      if (progress.at(-1) !== line) progress.push(line);
      if (p.status === 'succeeded' || p.status === 'failed') {
        status = p.status === 'succeeded' ? 202 : 500;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const importMs = performance.now() - t0;
  done = true;
  await poller;
  return { mode, status, importMs, health, progress, resets };
}

if (process.argv[2] === '--probe') {
  const [, , , port, mode, zipPath] = process.argv;
  void probe(Number(port), mode as 'sync' | 'async', zipPath!).then((report) => {
    process.send!(report);
    process.exit(0);
  });
} else {
  await main();
}

// ---- parent: the server ---------------------------------------------------------------------
async function main(): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-import-'));
  const zipPath = join(dir, 'bundle.zip');
  const zip = bigBundle(ROWS);
  writeFileSync(zipPath, zip);
  console.log(`bench:import - ${ROWS} answer-key rows, bundle ${(zip.byteLength / 1024 / 1024).toFixed(1)} MB (zip), PGlite`);
  for (const mode of MODES) {
    const dataDir = join(dir, `data-${mode}`);
    const config = { ...loadConfig({ PODIUM_DEMO: 'off', PODIUM_ADMIN_TOKEN: ADMIN, PODIUM_SCORING_THREADS: '1' }), database: { kind: 'pglite' as const, dataDir } };
    const app = await createApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const eld = monitorEventLoopDelay({ resolution: 10 });
    eld.enable();
    const child = fork(fileURLToPath(import.meta.url), ['--probe', String(port), mode, zipPath], { execArgv: process.execArgv });
    const report = await new Promise<ProbeReport>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ProbeReport));
      child.once('exit', (code) => code !== 0 && reject(new Error(`probe exited with ${code}`)));
    });
    eld.disable();
    await app.close();
    const h = [...report.health].sort((a, b) => a - b);
    const slow = h.filter((ms) => ms > 200).length;
    console.log(
      `${mode.padEnd(5)}  ${report.status === 202 ? '202, then succeeded' : `answer ${report.status}`}  import ${(report.importMs / 1000).toFixed(2)} s  ` +
        `health n=${h.length} p50 ${quantile(h, 0.5).toFixed(0)} ms  p99 ${quantile(h, 0.99).toFixed(0)} ms  max ${h.at(-1)!.toFixed(0)} ms  >200ms ${slow}  ` +
        `event loop max ${(eld.max / 1e6).toFixed(0)} ms  p99 ${(eld.percentile(99) / 1e6).toFixed(0)} ms` +
        (report.resets > 0 ? `  (${report.resets} health request(s) reset)` : ''),
    );
    if (report.progress.length > 0) {
      const shown = report.progress.length > 6 ? [...report.progress.slice(0, 3), `(${report.progress.length - 5} more)`, ...report.progress.slice(-2)] : report.progress;
      console.log(`       GET /api/admin/imports/:id every 100 ms: ${shown.join(' -> ')}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
