// `npm ci` on the Node version the root package.json promises must not warn EBADENGINE: every
// installed package (dependencies of dependencies too) has to accept the lowest supported Node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(`${root}/${file}`, 'utf8')) as Record<string, unknown>;

describe('dependency engines', () => {
  it('every locked package supports the lowest Node version of the root engines', () => {
    const engines = (read('package.json')['engines'] as { node: string }).node;
    const lowest = semver.minVersion(engines)!.version;
    const packages = read('package-lock.json')['packages'] as Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    const refusing = Object.entries(packages)
      .filter(([, pkg]) => pkg.engines && !Array.isArray(pkg.engines) && pkg.engines.node && !semver.satisfies(lowest, pkg.engines.node))
      .map(([path, pkg]) => `${path}@${pkg.version} needs node ${(pkg.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
