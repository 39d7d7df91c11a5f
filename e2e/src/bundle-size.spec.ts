// The production bundles of the browser apps, gzipped as a web server would send them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { JURY_DIST, SCREEN_DIST, TEAM_DIST } from './harness/paths.js';

const BUDGET_BYTES = 250 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe.each([
  { app: 'big screen', dist: SCREEN_DIST },
  { app: 'jury console', dist: JURY_DIST },
])('$app bundle', ({ app, dist }) => {
  it(`is at most ${BUDGET_BYTES / 1024} KB gzipped (everything a first load downloads)`, () => {
    const shipped = files(dist).filter((file) => /\.(js|css|html|svg|woff2?)$/.test(file));
    const sizes = shipped.map((file) => ({ file: relative(dist, file), gzip: gzipSync(readFileSync(file), { level: 9 }).length }));
    const total = sizes.reduce((sum, size) => sum + size.gzip, 0);
    for (const size of sizes) console.info(`  ${size.file.padEnd(36)} ${(size.gzip / 1024).toFixed(1)} KB gzipped`);
    console.info(`${app} bundle: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(sizes.some((size) => size.file.endsWith('.js'))).toBe(true);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});

/** A phone on one bar of congress Wi-Fi downloads this before it shows anything. */
const TEAM_JS_BUDGET_BYTES = 60 * 1024;

describe('team view bundle', () => {
  it(`ships at most ${TEAM_JS_BUDGET_BYTES / 1024} KB of JavaScript gzipped`, () => {
    const shipped = files(TEAM_DIST).filter((file) => /\.(js|css|html|webmanifest|svg)$/.test(file));
    const sizes = shipped.map((file) => ({ file: relative(TEAM_DIST, file), gzip: gzipSync(readFileSync(file), { level: 9 }).length }));
    const js = sizes.filter((size) => size.file.endsWith('.js')).reduce((sum, size) => sum + size.gzip, 0);
    const total = sizes.reduce((sum, size) => sum + size.gzip, 0);
    for (const size of sizes) console.info(`  ${size.file.padEnd(36)} ${(size.gzip / 1024).toFixed(1)} KB gzipped`);
    console.info(`team view: ${(js / 1024).toFixed(1)} KB of JavaScript gzipped (budget ${TEAM_JS_BUDGET_BYTES / 1024} KB), ${(total / 1024).toFixed(1)} KB with CSS, HTML, manifest and icon`);
    expect(js).toBeGreaterThan(0);
    expect(js).toBeLessThanOrEqual(TEAM_JS_BUDGET_BYTES);
  });
});
