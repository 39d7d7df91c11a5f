import { describe, expect, it } from 'vitest';
import { isValidDateTime, isValidTimezone } from './manifest.schema.js';

describe('date-times and time zones', () => {
  it.each([
    ['2019-10-13T13:00:00+02:00', true],
    ['2019-10-13T13:00+02:00', true],
    ['2019-10-13T11:00:00.250Z', true],
    ['2020-02-29T10:00:00Z', true],
    ['2019-02-29T10:00:00Z', false], // not a leap year
    ['2019-02-30T13:00:00+02:00', false],
    ['2019-10-13T13:00:00', false], // no offset: ambiguous across time zones
    ['2019-10-13 13:00:00+02:00', false],
    ['2019-10-13T24:00:00Z', false],
    ['2019-10-13T13:00:00+15:00', false],
    ['13/10/2019 13:00', false],
  ])('%s -> %s', (value, valid) => {
    expect(isValidDateTime(value)).toBe(valid);
  });

  it('knows IANA zones through Intl', () => {
    expect(isValidTimezone('Europe/Paris')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Europe/Pariss')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});
