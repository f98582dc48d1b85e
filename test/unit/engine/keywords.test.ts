import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { KeywordScanner } from '../../../server/src/engine/detectors/secret/keywords';

/** The reference: first case-insensitive (ASCII) occurrence of each keyword, by indexOf. */
function naive(keywords: readonly string[], text: string): Map<number, number> {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const hay = fold(text);
  const out = new Map<number, number>();
  keywords.forEach((k, i) => {
    const at = hay.indexOf(fold(k));
    if (at >= 0) out.set(i, at);
  });
  return out;
}

const sorted = (m: Map<number, number>) => [...m.entries()].sort((a, b) => a[0] - b[0]);

describe('KeywordScanner (Aho–Corasick prefilter)', () => {
  it('reports the first offset of each keyword, case-insensitively', () => {
    const s = new KeywordScanner(['password', 'AKIA', 'ghp_', '://']);
    const text = 'x = "postgres://u:PassWord@h"; akia AKIA ghp_x';
    assert.deepEqual(sorted(s.firstOccurrences(text)), [[0, 18], [1, 31], [2, 41], [3, 13]]);
    assert.deepEqual(sorted(s.firstOccurrences(text)), sorted(naive(s.keywords, text)));
    assert.deepEqual(sorted(s.firstOccurrences('nothing here')), []);
    assert.deepEqual(sorted(s.firstOccurrences('')), []);
  });

  it('finds keywords that overlap, nest or share a suffix (failure links)', () => {
    const keywords = ['he', 'she', 'his', 'hers', 'e'];
    const s = new KeywordScanner(keywords);
    for (const text of ['ushers', 'ahishers', 'shhe', 'hhhers', 'sheshe', 'xhisx']) {
      assert.deepEqual(sorted(s.firstOccurrences(text)), sorted(naive(keywords, text)), text);
    }
    const t = new KeywordScanner(['abcd', 'bc', 'c', 'bcd', 'abce']);
    assert.deepEqual(sorted(t.firstOccurrences('xabcexabcd')), [[0, 6], [1, 2], [2, 3], [3, 7], [4, 1]]);
  });

  it('reports each keyword once, at its first occurrence, also when two keywords end at the same state', () => {
    const s = new KeywordScanner(['token', 'TOKEN', 'ken']);
    assert.deepEqual(sorted(s.firstOccurrences('a Token and a token')), [[0, 2], [1, 2], [2, 4]]);
  });

  it('folds every ASCII letter, A and Z included', () => {
    assert.deepEqual(sorted(new KeywordScanner(['az']).firstOccurrences('xAZ')), [[0, 1]]);
    assert.deepEqual(sorted(new KeywordScanner(['ZA']).firstOccurrences('xza')), [[0, 1]]);
  });

  it('does not fold non-ASCII letters and ignores characters outside every keyword', () => {
    const s = new KeywordScanner(['straße', 'key']);
    assert.deepEqual(sorted(s.firstOccurrences('STRASSE Straße KÉY KEY 🔑')), [[0, 8], [1, 19]]);
    assert.deepEqual(sorted(new KeywordScanner(['é']).firstOccurrences('É é')), [[0, 2]]);
  });

  it('finds a keyword right after a partial match of another one', () => {
    const s = new KeywordScanner(['aab', 'ab']);
    assert.deepEqual(sorted(s.firstOccurrences('aaab')), [[0, 1], [1, 2]]);
    const t = new KeywordScanner(['abab', 'bab']);
    assert.deepEqual(sorted(t.firstOccurrences('abaabab')), [[0, 3], [1, 4]]);
  });

  it('rejects keyword sets with too many distinct characters', () => {
    const chars = Array.from({ length: 255 }, (_, i) => String.fromCharCode(0x4e00 + i)); // CJK: no case pairs
    assert.throws(() => new KeywordScanner(chars), /too many distinct keyword characters/);
    // 255 distinct characters are too many, 254 still fit (symbol 0 means "in no keyword").
    assert.doesNotThrow(() => new KeywordScanner(chars.slice(0, 254)));
  });

  it('uses a 32-bit table for large keyword sets and finds the same offsets', () => {
    // Many long keywords over a wide alphabet: states × symbols ≥ 65536.
    const alphabet = Array.from({ length: 60 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => !/[A-Z]/.test(c));
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) % alphabet.length;
    const keywords = Array.from({ length: 200 }, () => Array.from({ length: 12 }, () => alphabet[rand()]).join(''));
    const s = new KeywordScanner(keywords);
    assert.ok((s as unknown as { table: unknown }).table instanceof Int32Array);
    const text = keywords.filter((_, i) => i % 3 === 0).join('~') + keywords[5]!.toUpperCase();
    assert.deepEqual(sorted(s.firstOccurrences(text)), sorted(naive(keywords, text)));
    const small = new KeywordScanner(['a', 'b']);
    assert.ok((small as unknown as { table: unknown }).table instanceof Uint16Array);
  });

  it('agrees with indexOf on random keywords and texts (property)', () => {
    const letter = fc.constantFrom('a', 'b', 'c', 'A', 'B', ':', '/', '_');
    const word = fc.string({ unit: letter, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', ':', '/', '_', 'x', 'é'), maxLength: 60 }), (keywords, text) => {
        const s = new KeywordScanner(keywords);
        assert.deepEqual(sorted(s.firstOccurrences(text)), sorted(naive(keywords, text)));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
