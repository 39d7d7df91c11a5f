import { describe, expect, it } from 'vitest';
import { headingSize } from './heading-size.js';

describe('headingSize', () => {
  it('keeps short titles big and steps long ones down before they are cut', () => {
    expect(headingSize('Lung CT: nodule >= 100 mm3', 'countdown')).toBe('normal');
    expect(headingSize('IRM cérébrale : charge lésionnelle', 'countdown')).toBe('long');
    expect(headingSize('Scanner thoracique : nodule >= 100 mm3', 'countdown')).toBe('longer');
  });

  it('gives more room when only the clock stands beside the title', () => {
    expect(headingSize('Scanner thoracique : nodule >= 100 mm3', 'clock')).toBe('normal');
    expect(headingSize('Sclérose en plaques : EDSS à deux ans (OFSEP)', 'clock')).toBe('long');
  });
});
