// @vitest-environment node
// The venue machine may have only stock fonts (DejaVu on Debian): an emoji-presentation character
// (e.g. the hourglass U+23F3) draws as an empty box there. Icons that need one are SVG.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.(svelte|ts|css)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
  );

describe('glyphs on screen', () => {
  it('uses no emoji-presentation character anywhere in the screen', () => {
    const found = files(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\p{Emoji_Presentation}/gu)].map((m) => `${file.slice(src.length)}: U+${m[0].codePointAt(0)!.toString(16).toUpperCase()}`),
    );
    expect(found).toEqual([]);
  });
});
