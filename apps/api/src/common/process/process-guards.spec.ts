import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { installProcessGuards } from './process-guards.js';

describe('installProcessGuards', () => {
  it('logs an unhandled rejection and an uncaught exception with their stack', () => {
    const target = new EventEmitter();
    const logger = new Logger('test');
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    installProcessGuards(target as never, logger);
    target.emit('unhandledRejection', new Error('nobody caught me'));
    target.emit('uncaughtException', new Error('thrown from a listener'));
    expect(error).toHaveBeenCalledTimes(2);
    expect(String(error.mock.calls[0]![0])).toMatch(/Unhandled promise rejection \(the server keeps running\): Error: nobody caught me\n\s+at /);
    expect(String(error.mock.calls[1]![0])).toMatch(/Uncaught exception \(the server keeps running\): Error: thrown from a listener/);
  });

  it('keeps a real process alive through both', () => {
    const guards = fileURLToPath(new URL('./process-guards.ts', import.meta.url));
    const script = `
      const { installProcessGuards } = await import(${JSON.stringify(guards)});
      installProcessGuards();
      Promise.reject(new Error('rejected'));
      setTimeout(() => { throw new Error('thrown'); }, 10);
      setTimeout(() => console.log('still serving'), 50);
    `;
    const run = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('still serving');
    expect(run.stdout + run.stderr).toContain('Unhandled promise rejection');
    expect(run.stdout + run.stderr).toContain('Uncaught exception');
  });
});
