import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyzeFixture, applyAllPreferredFixes, listFixtures, readExpectations } from '../helpers/fixtures';

/**
 * Every rule against its fixtures. A `ruleid: <id>` comment marks the next line as one that
 * must be flagged with <id>; every other line must not be flagged by any rule. Where
 * `<name>.fixed.<ext>` exists, applying every preferred fix must produce it exactly.
 */
describe('rule fixtures', () => {
  for (const fx of listFixtures()) {
    describe(`${fx.rule}: ${fx.relPath}`, () => {
      it('flags exactly the annotated lines', async () => {
        const text = readFileSync(fx.file, 'utf8');
        const { expected } = readExpectations(text);
        const { findings } = await analyzeFixture(fx, text);
        const actual = new Map<number, Set<string>>();
        for (const f of findings) {
          if (f.ruleId.startsWith('redline/') && !text.includes(`ruleid: ${f.ruleId}`)) continue;
          const set = actual.get(f.range.start.line) ?? new Set<string>();
          set.add(f.ruleId);
          actual.set(f.range.start.line, set);
        }
        const render = (m: Map<number, Set<string>>) =>
          [...m.entries()].sort((a, b) => a[0] - b[0]).flatMap(([line, ids]) => [...ids].sort().map((id) => `${line + 1}: ${id}`));
        assert.deepEqual(render(actual), render(expected));
      });
      if (fx.fixedFile) {
        it('preferred fixes produce the .fixed file', async () => {
          const input = readFileSync(fx.file, 'utf8');
          const fixed = await applyAllPreferredFixes(fx, input);
          assert.equal(fixed, readFileSync(fx.fixedFile!, 'utf8'));
          const { findings } = await analyzeFixture(fx, fixed);
          const leftover = findings.filter((f) => f.fixes.some((x) => x.isPreferred));
          assert.deepEqual(leftover.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`), [], 'fixed output still has fixable findings');
        });
      }
    });
  }
});
