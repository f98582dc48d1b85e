/**
 * A valid custom rule (`.redline/rules/*.yaml`): `sql/custom-exec` flags `db.Exec(` in
 * JavaScript. Tests derive broken variants from it by string replacement.
 */
export const CUSTOM_EXEC_RULE = [
  'id: sql/custom-exec',
  'category: sql',
  'severity: warning',
  'title: Raw exec',
  'message: db.Exec runs raw SQL',
  'cwe: [CWE-89]',
  'languages: [javascript]',
  'confidence: medium',
  'patterns:',
  '  - languages: [javascript]',
  "    regex: 'db\\.Exec\\('",
  '',
].join('\n');
