import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATE_SECONDS, parseScreenParams } from './screen-params.js';

describe('parseScreenParams', () => {
  it('reads every parameter', () => {
    expect(parseScreenParams('?event=jfr-2019&task=lung&scene=race&lang=en&rotate=30')).toEqual({
      params: { event: 'jfr-2019', task: 'lung', scene: 'race', lang: 'en', rotateSeconds: 30, followDirector: false, rehearsal: false },
      warnings: [],
    });
  });

  it('rotates by default, pins a scene unless a rotation is asked for', () => {
    expect(parseScreenParams('?event=e').params.rotateSeconds).toBe(DEFAULT_ROTATE_SECONDS);
    expect(parseScreenParams('?event=e&scene=ticker').params.rotateSeconds).toBe(0);
    expect(parseScreenParams('?event=e&scene=ticker&rotate=15').params.rotateSeconds).toBe(15);
    expect(parseScreenParams('?event=e&rotate=0').params.rotateSeconds).toBe(0);
  });

  it('corrects bad values with a warning instead of failing', () => {
    const { params, warnings } = parseScreenParams('?event=Bad Slug!&scene=podium&lang=de&rotate=1', 'en-US');
    expect(params).toEqual({ event: null, task: null, scene: null, lang: 'en', rotateSeconds: 5, followDirector: false, rehearsal: false });
    expect(warnings).toHaveLength(4);
    expect(parseScreenParams('?rotate=abc').warnings[0]).toContain('rotate="abc"');
  });

  it('follows the director only when asked to', () => {
    expect(parseScreenParams('?event=e&follow=director').params.followDirector).toBe(true);
    const other = parseScreenParams('?event=e&follow=jury');
    expect(other.params.followDirector).toBe(false);
    expect(other.warnings[0]).toContain('follow="jury"');
  });

  it('follows the browser language when lang is absent', () => {
    expect(parseScreenParams('', 'fr-FR').params.lang).toBe('fr');
    expect(parseScreenParams('', 'en-GB').params.lang).toBe('en');
  });
});

describe('rehearsal', () => {
  it('is asked for with rehearsal=1, and the ceremony scene is a scene', () => {
    expect(parseScreenParams('?event=e&scene=ceremony&rehearsal=1').params).toMatchObject({ scene: 'ceremony', rehearsal: true, rotateSeconds: 0 });
    expect(parseScreenParams('?event=e&scene=ceremony').params.rehearsal).toBe(false);
    expect(parseScreenParams('?event=e&rehearsal=yes').warnings[0]).toContain('rehearsal="yes"');
  });
});
