import { describe, expect, it } from 'vitest';
import { parseConsoleParams, viewFromHash } from './console-params.js';

describe('parseConsoleParams', () => {
  it('reads event, language and view from the address', () => {
    expect(parseConsoleParams('?event=JFR-2019&lang=fr', '#audit', 'en-US', null)).toEqual({ event: 'jfr-2019', lang: 'fr', view: 'audit' });
  });

  it('falls back to the stored language, then the browser, and to the boards view', () => {
    expect(parseConsoleParams('?event=x', '', 'fr-FR', 'en')).toEqual({ event: 'x', lang: 'en', view: 'boards' });
    expect(parseConsoleParams('', '#nope', 'fr-FR', null)).toEqual({ event: null, lang: 'fr', view: 'boards' });
    expect(parseConsoleParams('', '', 'de-DE', null).lang).toBe('en');
  });

  it('drops an event that is not a slug', () => {
    expect(parseConsoleParams('?event=<script>', '', 'en', null).event).toBeNull();
  });

  it('reads a view from a fragment, with or without a slash', () => {
    expect([viewFromHash('#ceremony'), viewFromHash('#/audit'), viewFromHash('#'), viewFromHash('#x')]).toEqual(['ceremony', 'audit', 'boards', 'boards']);
  });
});
