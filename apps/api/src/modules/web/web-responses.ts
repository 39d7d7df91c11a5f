// Answers for the server-rendered pages: no script runs in them, so the policy forbids any.
import type { ServerResponse } from 'node:http';

const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendHtml(response: ServerResponse, status: number, html: string, method = 'GET'): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  // The language follows Accept-Language when ?lang= is absent: caches must key on it.
  response.setHeader('Vary', 'Accept-Language');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', PAGE_POLICY);
  response.setHeader('Content-Length', Buffer.byteLength(html));
  response.end(method === 'HEAD' ? undefined : html);
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.end(text);
}
