import { describe, expect, it } from 'vitest';
import { readManifestSource } from './manifest-source.js';

const read = (name: string, text: string | Uint8Array) => readManifestSource(name, typeof text === 'string' ? new TextEncoder().encode(text) : text);

describe('readManifestSource', () => {
  it('refuses a YAML alias bomb without expanding it', () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const source = read('event.yaml', lines.join('\n'));
    expect(source.value).toBeUndefined();
    expect(source.problems).toEqual([expect.objectContaining({ code: 'manifest.yaml_aliases', file: 'event.yaml' })]);
  });

  it('quotes the offending line of a YAML error', () => {
    const duplicate = read('event.yaml', 'slug: x\ntimezone: Europe/Paris\ntimezone: UTC\n');
    expect(duplicate.problems).toEqual([
      expect.objectContaining({
        code: 'manifest.duplicate_key',
        line: 3,
        message: 'event.yaml line 3, column 1: the key in "timezone: UTC" already appears earlier in the same mapping; keep only one of them',
      }),
    ]);
    const broken = read('event.yaml', 'slug: x\nquota: { submissions: 10\nteams: []\n');
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ code: 'manifest.yaml_syntax', file: 'event.yaml' });
    expect(broken.problems[0].message).toMatch(/^event\.yaml line \d+, column \d+: .+ \(near ".+"\)/);
  });

  it('keeps dates and yes/no as text (YAML 1.2 core schema)', () => {
    const source = read('event.yaml', 'opens_at: 2019-10-13T13:00:00+02:00\nanswer: no\n');
    expect(source.value).toEqual({ opens_at: '2019-10-13T13:00:00+02:00', answer: 'no' });
  });

  it('locates values and keys by path for problem lines', () => {
    const source = read('event.yaml', 'slug: x\ntasks:\n  - slug: lung\n    scores:\n      - { name: auc, metric: aucc }\n');
    expect(source.lineOf(['tasks', 0, 'scores', 0, 'metric'])).toBe(5);
    expect(source.lineOf(['tasks', 0], 'scores')).toBe(4);
    expect(source.lineOf(['tasks', 3])).toBeUndefined();
  });

  it('refuses text that is not UTF-8 and manifests that are not mappings', () => {
    expect(read('event.yaml', new Uint8Array([0x73, 0x6c, 0xff, 0xfe])).problems[0].code).toBe('manifest.encoding');
    expect(read('event.json', '[1, 2]').problems[0].code).toBe('manifest.not_a_mapping');
    expect(read('event.yaml', '').problems[0].code).toBe('manifest.not_a_mapping');
  });
});
