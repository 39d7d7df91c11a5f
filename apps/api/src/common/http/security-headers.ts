// Security headers on every response (helmet): a Content-Security-Policy the screens, the landing
// pages and Swagger UI run under with no violation, nosniff, no framing, no referrer to other
// sites. Pages that run no script (landing, placeholders) send a stricter policy of their own.
import helmet from 'helmet';

/**
 * What the big screen needs: its own scripts (Vite bundles, no inline script), Svelte's inline
 * styles, chart.js canvases, the QR code as a data: image, and socket.io to the same origin
 * (websocket and polling: CSP 3's 'self' covers ws:/wss: to the same host). Swagger UI at
 * /api/docs fits the same policy: external scripts, one inline <style>, data: icons.
 */
export const APP_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({
    // No upgrade-insecure-requests: a round often runs over plain http on a venue LAN, where
    // upgraded sub-requests would fail. HSTS likewise belongs to the TLS proxy, if any.
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP_DIRECTIVES },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Screens and exports may be fetched from other origins (a CSV leaderboard in a spreadsheet).
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}
