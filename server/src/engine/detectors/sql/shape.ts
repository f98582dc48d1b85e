/**
 * Does a piece of text look like SQL? Shared by the JS/TS, Python and text detectors of the
 * `sql` category (CWE-89).
 *
 * A statement needs a statement keyword at the start or after whitespace/`(`/`;` and the
 * structure that keyword takes (SELECT … FROM, INSERT … INTO, UPDATE … SET, …), so log lines such
 * as `"Selected " + n + " items"` or `"Updating " + name` are not SQL. Matching is
 * case-insensitive: generated code writes `select * from` as often as `SELECT * FROM`.
 */

/** Statement keyword → the structure that must follow it somewhere later in the text. */
const STATEMENTS: readonly [RegExp, RegExp][] = [
  [/(?:^|[\s(;])select\b/i, /\bfrom\b/i],
  [/(?:^|[\s(;])insert\b/i, /\binto\b/i],
  [/(?:^|[\s(;])update\b/i, /\bset\b/i],
  [/(?:^|[\s(;])delete\b/i, /\bfrom\b/i],
  [/(?:^|[\s(;])with\b/i, /\bas\s*\(\s*(?:select|insert|update|delete|values)\b/i],
  [/(?:^|[\s(;])merge\b/i, /\b(?:into|using)\b/i],
  [/(?:^|[\s(;])replace\b/i, /\binto\b/i],
  [/(?:^|[\s(;])upsert\b/i, /\binto\b/i],
  [/(?:^|[\s(;])(?:create|alter|drop)\b/i, /\b(?:table|index|view|database|schema|sequence|function|procedure|trigger|user|role|type|extension|column)\b/i],
  [/(?:^|[\s(;])truncate\b/i, /^\s+(?:table\b|[\w"`[])/i],
  [/(?:^|[\s(;])(?:grant|revoke)\b/i, /\b(?:on|to|from)\b/i],
  [/(?:^|[\s(;])(?:exec|execute)\b/i, /^\s+(?:sp_|xp_|dbo\.|\[|@|[\w.]+\s*(?:\(|@|'|$))/i],
  [/(?:^|[\s(;])call\b/i, /^\s+[\w.]+\s*\(/i],
];

/**
 * True when `text` contains an SQL statement: a statement keyword (SELECT, INSERT, UPDATE, DELETE,
 * WITH, MERGE, REPLACE, CREATE, ALTER, DROP, TRUNCATE, GRANT, EXEC, CALL, …) followed by its
 * structure (FROM, INTO, SET, TABLE, …).
 *
 * @param text the constant parts of the query joined with a neutral placeholder for the
 *   computed parts (e.g. `?`), so `"SELECT * FROM " + t` is checked as `SELECT * FROM ?`.
 */
export function looksLikeSqlStatement(text: string): boolean {
  for (const [keyword, structure] of STATEMENTS) {
    const re = new RegExp(keyword.source, 'gi');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (structure.test(text.slice(m.index + m[0].length))) return true;
    }
  }
  return false;
}

const FRAGMENT = /[=<>]|\b(?:like|ilike|in|is|between|and|or|not|null|asc|desc|select|from|where|as|count|sum|avg|min|max|coalesce|case|when|order|group|by|having|join|on|limit|offset|exists)\b/i;

/**
 * True when `text` looks like an SQL fragment (a WHERE condition, an ORDER BY term, a select
 * expression): a comparison operator or a clause keyword. Used for APIs whose argument is SQL
 * by definition (`whereRaw`, TypeORM `where`), where no statement keyword is expected.
 */
export function looksLikeSqlFragment(text: string): boolean {
  return FRAGMENT.test(text);
}
