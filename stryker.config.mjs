// @ts-check
/**
 * Mutation testing of the analysis engine: `npm run mutation` (not part of `npm test` or CI).
 * See docs/mutation.md for the scope, the scores and the mutants judged equivalent.
 *
 * Scope: the engine modules every detector relies on and whose mistakes are silent (a wrong
 * column, an unmasked secret, a suppression that never expires, a setting that loses to the
 * default, a placeholder reported as a leak), all pure TypeScript that the in-process tests run:
 *   text.ts (LineIndex, UTF-16 offsets), suppress.ts (inline suppressions, `until` dates),
 *   util.ts (masking, entropy), config.ts (settings merge and severity overrides),
 *   lexer.ts + patterns.ts (comment/string-aware pattern rules), and the secret heuristics
 *   detectors/secret/{classify,connection,keywords}.ts.
 * Left out: detectors/auth/** (being reworked), the SQL/CORS detectors and the catalog loader
 * (large, mostly covered by the fixture suite; a run over them would not fit in ~40 minutes on
 * one core).
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'mocha',
  mutate: [
    'server/src/engine/text.ts',
    'server/src/engine/suppress.ts',
    'server/src/engine/util.ts',
    'server/src/engine/config.ts',
    'server/src/engine/lexer.ts',
    'server/src/engine/patterns.ts',
    'server/src/engine/detectors/secret/classify.ts',
    'server/src/engine/detectors/secret/connection.ts',
    'server/src/engine/detectors/secret/keywords.ts',
  ],
  mochaOptions: {
    // Not .mocharc.json: that one also runs the LSP/CLI suites, which need dist/ and are slow.
    'no-config': true,
    'no-package': true,
    // The in-process engine tests, focused unit tests first (with bail, a mutant they kill
    // stops there). Left out for time: test/unit/regions (region index, not the engine),
    // test/unit/incremental and test/unit/hardening (property tests over the whole pipeline
    // and RE2), test/rules/conventions and regex-safety (rule files and docs, not behaviour).
    spec: [
      'test/unit/engine/**/*.test.ts',
      'test/unit/secret/**/*.test.ts',
      'test/unit/sql/**/*.test.ts',
      'test/unit/cors/**/*.test.ts',
      'test/unit/auth/**/*.test.ts',
      'test/rules/fixtures.test.ts',
    ],
  },
  // TypeScript through tsx, as in .mocharc.json (`node-option: import=tsx`).
  testRunnerNodeArgs: ['--import', 'tsx'],
  // Each mutant runs only the tests that cover it.
  coverageAnalysis: 'perTest',
  // Mutants only reached while modules load (word lists, module-level regular expressions,
  // default settings) would each need a fresh process and the whole suite; they are ignored.
  // Mutants reached both at load time and by tests still run, with their covering tests.
  ignoreStatic: true,
  // No type checker: too slow here; mutants that would not compile fail at run time instead.
  checkers: [],
  // The machine's two cores are shared.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { reportMutants: false },
  ignorePatterns: ['dist', 'out', 'bench', 'test-results', '.cache', '*.vsix', 'reports', 'client', 'test/lsp', 'test/cli', 'test/e2e', 'test/vscode'],
  tempDirName: '.stryker-tmp',
};
export default config;
