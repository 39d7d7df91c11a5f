import { describe, expect, it } from 'vitest';
import { checkBundlePath, normalizeBundlePath } from './bundle-path.js';

describe('file references in event.yaml', () => {
  it.each([
    ['keys/lung.csv', undefined],
    ['./keys/lung.csv', undefined],
    ['../keys/lung.csv', 'leaves the bundle'],
    ['keys/../../etc/passwd', 'leaves the bundle'],
    ['/etc/passwd', 'absolute path'],
    ['C:/keys/lung.csv', 'absolute path'],
    ['keys\\lung.csv', 'backslash'],
    ['keys//lung.csv', 'empty path segment'],
    ['', 'is empty'],
  ])('%j', (reference, reason) => {
    const problem = checkBundlePath(reference);
    if (reason === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(reason);
  });

  it('normalises ./ prefixes so the reference finds its zip entry', () => {
    expect(normalizeBundlePath('./keys/./lung.csv')).toBe('keys/lung.csv');
  });
});
