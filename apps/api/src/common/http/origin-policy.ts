// Which browser origins may open the live feed (/live): the server's own origin (whatever host
// name the screen was loaded from), the configured ones (PODIUM_ALLOWED_ORIGINS, default
// PODIUM_PUBLIC_URL), or any with `*`. A request without Origin is not a browser page (CLI,
// scripts, benches) and stays allowed: the check stops other web pages from reading the feed
// through a visitor's browser, not clients that could forge the header anyway.
import type { IncomingMessage } from 'node:http';

export function isAllowedOrigin(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || allowed.includes('*')) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.host === request.headers.host) return true;
  return allowed.some((entry) => entry.toLowerCase() === parsed.origin.toLowerCase());
}
