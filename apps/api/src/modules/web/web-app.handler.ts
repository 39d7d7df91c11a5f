// Serves one built single-page app under its mount: hashed assets cached for a year, index.html
// never cached (a new build is picked up on reload), client routes fall back to index.html, a
// missing file is a 404 (never index.html served as JavaScript), and an unbuilt app says how to
// build it instead of failing obscurely.
import type { Language } from '@podium/contracts';
import { renderUnbuiltPage } from './placeholder-page.renderer.js';
import { isBuilt, type ResolvedWebApp } from './web-apps.js';
import type { WebHandler, WebRequest, WebResponse } from './express-types.js';
import { pickLanguage } from './web-language.js';
import { sendHtml, sendText } from './web-responses.js';

/** Vite writes content-hashed file names under assets/: safe to cache forever. */
const HASHED_ASSETS = /^\/assets\//;
const HAS_EXTENSION = /\/[^/]*\.[^/]+$/;

function languageOf(request: WebRequest): Language {
  return pickLanguage(request.query['lang'], request.headers['accept-language']);
}

function sendIndex(app: ResolvedWebApp, response: WebResponse, next: (error?: unknown) => void): void {
  response.setHeader('Cache-Control', 'no-cache');
  response.sendFile('index.html', { root: app.dir, cacheControl: false }, (error) => {
    if (error && !response.headersSent) next(error);
  });
}

export function webAppHandler(app: ResolvedWebApp): WebHandler {
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (!isBuilt(app)) {
      const lang = languageOf(request);
      return sendHtml(response, 503, renderUnbuiltPage(app, lang), request.method);
    }
    const path = request.path;
    if (path === '/' || path === '' || !HAS_EXTENSION.test(path)) return sendIndex(app, response, next);
    const hashed = HASHED_ASSETS.test(path);
    if (!hashed) response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(
      path,
      hashed ? { root: app.dir, dotfiles: 'deny', maxAge: '1y', immutable: true } : { root: app.dir, dotfiles: 'deny', cacheControl: false },
      (error) => {
        if (!error || response.headersSent) return;
        const status = error.status ?? error.statusCode ?? 500;
        if (status === 404 || status === 403) return sendText(response, status, status === 404 ? `Not found: ${app.mount}${path}\n` : 'Forbidden\n');
        next(error);
      },
    );
  };
}
