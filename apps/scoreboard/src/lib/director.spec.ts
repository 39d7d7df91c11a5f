import { describe, expect, it } from 'vitest';
import { directedParams } from './director.js';
import { parseScreenParams } from './screen-params.js';

const following = parseScreenParams('?event=e&follow=director&lang=fr').params;
const ownRotation = parseScreenParams('?event=e&lang=fr').params;

describe('directedParams', () => {
  it('puts the pinned scene, task and language on a following screen, and holds it still', () => {
    expect(directedParams(following, { scene: 'race', task: 'lung', lang: 'en' })).toEqual({ ...following, scene: 'race', task: 'lung', lang: 'en', rotateSeconds: 0 });
  });

  it('keeps the screen language when the pin leaves it open', () => {
    expect(directedParams(following, { scene: 'overview', task: null, lang: null })).toMatchObject({ scene: 'overview', task: null, lang: 'fr', rotateSeconds: 0 });
  });

  it('returns the screen to its own rotation on release', () => {
    expect(directedParams(following, null)).toBe(following);
    expect(directedParams(following, { scene: null, task: null, lang: null })).toBe(following);
  });

  it('is ignored by a screen that does not follow the director', () => {
    expect(directedParams(ownRotation, { scene: 'race', task: 'lung', lang: 'en' })).toBe(ownRotation);
  });

  it('ignores a scene this screen does not know, keeping the rest of the pin', () => {
    expect(directedParams(following, { scene: 'podium', task: null, lang: 'en' })).toMatchObject({ scene: null, lang: 'en', rotateSeconds: following.rotateSeconds });
  });
});
