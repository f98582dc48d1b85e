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

const RAW_SINKS = /Raw\s*\(|\.raw\s*\(|\bliteral\s*\(|createQueryBuilder|\$(?:query|execute)RawUnsafe|\.unsafe\s*\(|\btext\s*\(|\.extra\s*\(/;

/**
 * Statement keywords as they appear in source text: inside a string literal, so after a quote
 * or backtick with no other quote in between (`"SELECT`, `` `\n  select ``, `"EXPLAIN SELECT`).
 * Each is followed, within 2,000 characters, by its structure word (FROM, INTO, SET, …): the
 * detector's statement test on the literal parts implies this on the file text.
 */
const QUOTED_STATEMENT = new RegExp(
  `['"\`][^'"\`]{0,80}?\\b(?:${[
    'select[\\s\\S]{0,2000}?\\bfrom\\b',
    'insert[\\s\\S]{0,2000}?\\binto\\b',
    'update[\\s\\S]{0,2000}?\\bset\\b',
    'delete[\\s\\S]{0,2000}?\\bfrom\\b',
    'with[\\s\\S]{0,2000}?\\bas\\s*\\(',
    'merge[\\s\\S]{0,2000}?\\b(?:into|using)\\b',
    '(?:replace|upsert)[\\s\\S]{0,2000}?\\binto\\b',
    // DDL and procedure calls: keyword and structure in the same literal (these words are
    // everywhere in code; SQL that splits `CREATE` from `TABLE` across literals is not seen).
    '(?:create|alter|drop)\\s[^\'"\`]{0,60}?\\b(?:table|index|view|database|schema|sequence|function|procedure|trigger|user|role|type|extension|column)\\b',
    'truncate\\b',
    '(?:grant|revoke)[\\s\\S]{0,2000}?\\b(?:on|to|from)\\b',
    '(?:exec|execute|call)\\s+(?:sp_|xp_|dbo\\.|[\\w.]+\\s*\\()',
  ].join('|')})`,
  'i',
);

/**
 * Prefilter: can a file with this text hold SQL built from strings? True when a statement
 * keyword starts or follows a word inside a string literal and its structure word follows (in
 * the same literal for DDL and procedure calls), or when an API whose argument is SQL by
 * definition occurs (fragments need no statement keyword).
 */
export function mayHoldSql(text: string): boolean {
  return RAW_SINKS.test(text) || QUOTED_STATEMENT.test(text);
}
