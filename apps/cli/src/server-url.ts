// Which Podium server a command talks to.
import type { CliContext } from './cli-context.js';

export const DEFAULT_SERVER = 'http://localhost:3000';

/** `--server`, else `$PODIUM_SERVER`, else the local server on `$PORT` (as `npm start` listens); an http(s) URL or the reason it is not one. */
export function resolveServerUrl(option: string | undefined, ctx: CliContext): { url: URL } | { error: string } {
  const port = ctx.env.PORT?.trim();
  const text = option ?? (ctx.env.PODIUM_SERVER || undefined) ?? (port ? `http://localhost:${port}` : DEFAULT_SERVER);
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return { url };
  return { error: `--server ${JSON.stringify(text)} is not an http(s) URL: write e.g. --server http://localhost:3000` };
}
