import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDuration, formatScore } from './format.js';

describe('format', () => {
  it('writes scores with the task precision and the language decimal mark', () => {
    expect(formatScore(0.91234, 3, 'fr')).toBe('0,912');
    expect(formatScore(0.9, 3, 'en')).toBe('0.900');
    expect(formatScore(1234.5, 1, 'en')).toBe('1,234.5');
    expect(formatScore(null, 3, 'fr')).toBe('—');
    expect(formatScore(Number.NaN, 3, 'fr')).toBe('—');
  });

  it('gives venue times and survives an unknown time zone', () => {
    expect(formatClockTime('2019-10-12T12:40:00Z', 'Europe/Paris', 'fr')).toBe('14:40');
    expect(formatClockTime('2019-10-12T12:40:00Z', 'Not/AZone', 'en')).toMatch(/^\d\d:\d\d$/);
    expect(formatClockTime('garbage', 'Europe/Paris', 'en')).toBe('--:--');
  });

  it('formats durations with hours only when needed, rounding up', () => {
    expect(formatDuration(3_909_000)).toBe('1:05:09');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(6_200)).toBe('0:07');
    expect(formatDuration(-5)).toBe('0:00');
  });
});
