import { describe, expect, it } from 'vitest';
import { isPhoneViewport } from './phone.js';

describe('isPhoneViewport', () => {
  it('is true for phones in either orientation', () => {
    expect(isPhoneViewport(390, 844)).toBe(true);
    expect(isPhoneViewport(844, 390)).toBe(true);
  });
  it('is false for projectors, laptops and tablets', () => {
    expect(isPhoneViewport(1920, 1080)).toBe(false);
    expect(isPhoneViewport(1280, 720)).toBe(false);
    expect(isPhoneViewport(768, 1024)).toBe(false);
  });
});
