import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIRECTOR_SCENES, JURY_SPLITS } from './jury.js';
import { DirectorSceneSchema, JuryBoardRowSchema, JurySplitSchema } from './jury.schema.js';
import { ResultsDocumentSchema } from './results.schema.js';

describe('jury and results schemas', () => {
  it('take their lists from the value modules the screens import', () => {
    expect(JurySplitSchema.options).toEqual([...JURY_SPLITS]);
    expect(DirectorSceneSchema.options).toEqual([...DIRECTOR_SCENES]);
  });

  it('leave zod out of the modules the screens import values from', () => {
    // Only type imports of zod or of a schema module: they are erased, the module stays zod-free.
    for (const file of ['./jury.ts', './results.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(source, file).toMatch(/^import type .* from '\.\/(jury|results)\.schema\.js';$/m);
      expect(source, file).not.toMatch(/^import (?!type ).* from '(zod|.*\.schema\.js)';$/m);
    }
  });

  it('refuse a board row missing a split, and a results document of another format', () => {
    const row = {
      team: { slug: 'owkin', name: 'Owkin', category: null },
      ranks: { public: 1, private: 2 },
      scores: { public: {}, private: {}, all: {} },
      points: { public: null, private: null, all: null },
      submissions: { public: null, private: null, all: null },
      submissionCount: 1,
      lastSubmissionAt: null,
      frozenRank: null,
      frozenScores: null,
      differs: false,
      disqualified: null,
    };
    expect(JuryBoardRowSchema.safeParse(row).error?.issues.map((i) => i.path.join('.'))).toEqual(['ranks.all']);
    expect(JuryBoardRowSchema.safeParse({ ...row, ranks: { ...row.ranks, all: 3 } }).success).toBe(true);
    const doc = { format: 'podium-results/2', event: { slug: 'round', title: { en: 'R', fr: 'R' } }, audience: 'public', generatedAt: 'x', audit: { head: null, entries: 0 }, tasks: [] };
    expect(ResultsDocumentSchema.safeParse({ ...doc, signature: { algorithm: 'Ed25519', publicKey: 'k', value: 'v' } }).error?.issues.map((i) => i.path.join('.'))).toEqual(['format']);
  });
});
