// How to start one of our worker threads. From sources (tests, `node --import
// @swc-node/register`) the calling file is `.ts` and so is the worker, which then needs the same
// loader; from `dist` both are plain `.js`.
import { fileURLToPath } from 'node:url';

/** `from`: the caller's `import.meta.url`; `baseName`: the worker file beside it, without extension. */
export function workerEntry(from: string, baseName: string): { url: URL; execArgv: string[]; env: NodeJS.ProcessEnv } {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`./${baseName}${fromSource ? '.ts' : '.js'}`, from);
  if (!fromSource) return { url, execArgv: [], env: process.env };
  const project = fileURLToPath(new URL('../../../tsconfig.json', from));
  return {
    url,
    execArgv: ['--conditions=podium-source', '--import', '@swc-node/register/esm-register'],
    env: { ...process.env, SWC_NODE_PROJECT: project },
  };
}
