import { describe, expect, it } from 'vitest';
import { canonicalJson, RESULTS_CSV_SIGNATURE_LINE, resultsCsvSignatureLine, resultsSignedText } from './results.js';
import type { ResultsDocument } from './results.schema.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, drops whitespace and undefined members, keeps ECMAScript number forms', () => {
    expect(canonicalJson({ b: [1, { d: 1e21, c: 0.1 }], a: 'é\n', '\u20ac': 1, '\ud83d\ude00': 2, z: undefined, n: null })).toBe(
      '{"a":"é\\n","b":[1,{"c":0.1,"d":1e+21}],"n":null,"\u20ac":1,"\ud83d\ude00":2}',
    );
    expect(canonicalJson(-0)).toBe('0');
  });

  it('signs the document without its signature member', () => {
    const doc = { format: 'podium-results/1', tasks: [], signature: { algorithm: 'Ed25519', publicKey: 'k', value: 'v' } } as unknown as ResultsDocument;
    expect(resultsSignedText(doc)).toBe('{"format":"podium-results/1","tasks":[]}');
  });

  it('writes the CSV signature line the verifier reads', () => {
    const line = resultsCsvSignatureLine('a'.repeat(64), 'b'.repeat(128));
    expect(RESULTS_CSV_SIGNATURE_LINE.exec(line)?.slice(1)).toEqual(['a'.repeat(64), 'b'.repeat(128)]);
  });
});
