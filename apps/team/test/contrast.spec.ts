// @vitest-environment node
// Readable in sunlight: every text/background pair the team view uses meets WCAG AA (4.5:1),
// computed from the palette in app.css.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/app.css', import.meta.url), 'utf8');
const palette = Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [text, background] as the components pair them.
const PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['accent', 'panel'],
  ['accent-text', 'accent'],
  ['text', 'you-bg'],
  ['muted', 'you-bg'],
  ['leader', 'you-bg'],
  ['leader', 'panel'],
  ['ok', 'ok-bg'],
  ['ok', 'panel'],
  ['bad', 'bad-bg'],
  ['bad', 'panel'],
  ['warn', 'warn-bg'],
  ['frozen', 'frozen-bg'],
  ['muted', 'bg'],
];

describe('palette contrast', () => {
  it.each(PAIRS)('%s on %s is at least 4.5:1', (text, background) => {
    expect(palette[text], `--${text} in app.css`).toBeDefined();
    expect(palette[background], `--${background} in app.css`).toBeDefined();
    expect(contrast(palette[text]!, palette[background]!)).toBeGreaterThanOrEqual(4.5);
  });
});
