import type { TextContext, TextDetector } from '../../detector';
import { segmentAt, type Lexed } from '../../lexer';
import type { LanguageId } from '../../types';
import { escapeRegExp } from '../../util';
import { FIX_REASONS, howText, SQL_RULE } from './common';
import { looksLikeSqlStatement } from './shape';

/**
 * SQL built in a variable, then run, in Java, Go, PHP, C# and Ruby (CWE-89), on lexed text.
 *
 * The catalog's `patterns` cover SQL built at the call (`db.Query(fmt.Sprintf(…))`); regular
 * expressions cannot follow a variable back to where it was built and extended, so this detector
 * does: for a sink called with a bare variable (or `sb.toString()`), it reads the assignments to
 * that variable earlier in the same function (`q := …`, `q += …`, `$q .= …`, `sb.append(…)`,
 * `q << …`), keeps those that reach the call on straight-line code (the last plain assignment and
 * the appends after it), and reports when their text looks like SQL and splices in a value.
 * Lexical only: branches are not told apart, so appends inside `if` blocks count.
 *
 * Sinks follow each ecosystem's query APIs: JDBC `Statement.execute*`/`addBatch`, JPA
 * `createQuery`/`createNativeQuery`, Spring `JdbcTemplate`; Go `database/sql`, sqlx, GORM `Raw`;
 * PHP mysqli, PDO, pgsql, Laravel `DB::`; ADO.NET `*Command`/`CommandText`, EF Core `*Raw`,
 * Dapper; Ruby ActiveRecord `find_by_sql`/`execute`/`where`.
 */

interface LangSpec {
  /** Sink calls with a bare variable argument: groups `sink` and `name` (and optional `tostring`). */
  sinks: RegExp[];
  /** A line that starts a function: the backward search for assignments stops there. */
  fnStart: RegExp;
  /** Assignment operators: plain and append. Returns a regex matching `name <op>` with group `op`. */
  assign(name: string): RegExp;
  /** Builder appends (`sb.append(`), when the language has a string builder. */
  append?(name: string): RegExp;
  /** Statements end at `;` (true) or at the end of the line (false). */
  semicolons: boolean;
  /** Calls whose result is a number, removed before looking for values. */
  numeric: RegExp;
  /** Formatting calls: the format string decides whether values are spliced as text. */
  format: RegExp;
  /** A formatting verb that splices a value as text. */
  textVerb: RegExp;
}

const JAVA_SINKS = 'executeQuery|executeUpdate|executeLargeUpdate|execute|addBatch|prepareStatement|prepareCall|createNativeQuery|createQuery|queryForList|queryForObject|queryForMap|queryForRowSet|query|update|batchUpdate';
const CS_METHODS = 'ExecuteSqlRaw|ExecuteSqlRawAsync|FromSqlRaw|SqlQueryRaw|ExecuteSqlCommand|ExecuteSqlCommandAsync|Query|QueryAsync|QueryFirst|QueryFirstOrDefault|QueryFirstAsync|QueryFirstOrDefaultAsync|QuerySingle|QuerySingleOrDefault|QuerySingleAsync|QueryMultiple|ExecuteScalar|ExecuteScalarAsync|ExecuteReader|ExecuteReaderAsync|Execute|ExecuteAsync';

const SPECS: Partial<Record<LanguageId, LangSpec>> = {
  java: {
    sinks: [new RegExp(`\\.(?<sink>${JAVA_SINKS})\\s*\\(\\s*(?<name>[A-Za-z_]\\w*)(?<tostring>\\.toString\\(\\))?\\s*[,)]`, 'g')],
    fnStart: /^\s*(?:(?:public|private|protected|static|final|synchronized|abstract|default)\s+)*[\w<>[\],.?\s]+\s+\w+\s*\([^;{}]*\)\s*(?:throws\s+[\w.,\s]+)?\{?\s*$/,
    assign: (n) => new RegExp(`(?:\\b(?:final\\s+)?(?:String|var|StringBuilder|StringBuffer)\\s+)?\\b${escapeRegExp(n)}\\s*(?<op>\\+=|=(?!=))`, 'g'),
    append: (n) => new RegExp(`\\b${escapeRegExp(n)}\\s*\\.\\s*(?<op>append)\\s*\\(`, 'g'),
    semicolons: true,
    numeric: /\b(?:Integer\.parseInt|Long\.parseLong|Integer\.valueOf|Long\.valueOf|Math\.\w+)\s*\([^()]*\)/g,
    format: /\b(?:String\.format|\.formatted)\s*\(/,
    textVerb: /%s/,
  },
  go: {
    sinks: [/\.(?<sink>(?:Query|QueryRow|Exec|Prepare|Queryx|QueryRowx|MustExec|Get|Select|Raw)(?:Context)?)\s*\(\s*(?:(?:ctx|c)\w*\s*,\s*|&\w+\s*,\s*|context\.\w+\(\)\s*,\s*)?(?<name>[A-Za-z_]\w*)(?<tostring>\.String\(\))?\s*[,)]/g],
    fnStart: /^func\b/,
    assign: (n) => new RegExp(`(?:\\bvar\\s+)?\\b${escapeRegExp(n)}(?:\\s+string)?\\s*(?<op>:=|\\+=|=(?!=))`, 'g'),
    append: (n) => new RegExp(`\\b${escapeRegExp(n)}\\s*\\.\\s*(?<op>WriteString)\\s*\\(`, 'g'),
    semicolons: false,
    numeric: /\bstrconv\.(?:Itoa|FormatInt|FormatUint|FormatFloat)\s*\([^()]*\)/g,
    format: /\bfmt\.Sprintf\s*\(/,
    textVerb: /%[-+# 0-9.]*[svq]/,
  },
  php: {
    sinks: [
      /\b(?<sink>mysqli_query|mysqli_multi_query|mysqli_real_query|pg_query|pg_send_query|mysql_query)\s*\(\s*(?:\$\w+\s*,\s*)?(?<name>\$\w+)\s*[,)]/g,
      /(?:->|::)(?<sink>query|exec|prepare|multi_query|real_query|unprepared|statement|select|raw|whereRaw|orWhereRaw|havingRaw|orderByRaw|selectRaw)\s*\(\s*(?<name>\$\w+)\s*[,)]/g,
    ],
    fnStart: /\bfunction\b/,
    assign: (n) => new RegExp(`${escapeRegExp(n)}\\b\\s*(?<op>\\.=|=(?![=>]))`, 'g'),
    semicolons: true,
    numeric: /\b(?:intval|floatval)\s*\([^()]*\)|\((?:int|float)\)\s*\$\w+(?:\[[^\]]*\])*/g,
    format: /\bsprintf\s*\(/,
    textVerb: /%s/,
  },
  csharp: {
    sinks: [
      /\bnew\s+(?<sink>(?:Sql|Sqlite|Npgsql|MySql|OleDb|Odbc|Oracle)Command)\s*\(\s*(?<name>[A-Za-z_]\w*)(?<tostring>\.ToString\(\))?\s*[,)]/g,
      new RegExp(`\\.(?<sink>${CS_METHODS})\\s*(?:<[^<>()]*>)?\\s*\\(\\s*(?<name>[A-Za-z_]\\w*)(?<tostring>\\.ToString\\(\\))?\\s*[,)]`, 'g'),
      /\b(?<sink>CommandText)\s*=\s*(?<name>[A-Za-z_]\w*)(?<tostring>\.ToString\(\))?\s*;/g,
    ],
    fnStart: /^\s*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed|abstract)\s+)+[\w<>[\],.?\s]+\s+\w+\s*\([^;{}]*\)\s*\{?\s*$/,
    assign: (n) => new RegExp(`(?:\\b(?:string|var|StringBuilder)\\s+)?\\b${escapeRegExp(n)}\\s*(?<op>\\+=|=(?![=>]))`, 'g'),
    append: (n) => new RegExp(`\\b${escapeRegExp(n)}\\s*\\.\\s*(?<op>Append(?:Line|Format)?)\\s*\\(`, 'g'),
    semicolons: true,
    numeric: /\b(?:int\.Parse|long\.Parse|Convert\.ToInt\d+|Math\.\w+)\s*\([^()]*\)/g,
    format: /\b[Ss]tring\.Format\s*\(|\.AppendFormat\s*\(/,
    textVerb: /\{\d/,
  },
  ruby: {
    sinks: [/\.(?<sink>find_by_sql|execute|exec_query|exec_update|exec_delete|exec_insert|select_all|select_one|select_value|select_values|select_rows|count_by_sql|where|order|having|joins)\s*\(?\s*(?<name>[a-z_]\w*)\s*(?:[,)]|$)/gm],
    fnStart: /^\s*def\b/,
    assign: (n) => new RegExp(`\\b${escapeRegExp(n)}\\s*(?<op>\\+=|<<|=(?![=~>]))`, 'g'),
    semicolons: false,
    numeric: /[\w@.[\]:]+\.to_[if]\b/g,
    format: /\bformat\s*\(|\bsprintf\s*\(/,
    textVerb: /%s/,
  },
};

/** One assignment or append that builds the SQL text. */
interface Build {
  start: number;
  end: number;
  op: 'set' | 'append';
  /** Constant text of the string literals in it, values shown as `?`. */
  text: string;
  /** It splices in a value that is not a constant or a number. */
  hasValue: boolean;
  /** How, for the message: `string concatenation`, `a format call`, … */
  how: string;
}

/** The lexical detector of `sql/string-built-query` for SQL built in a variable (Java, Go, PHP, C#, Ruby). */
export const sqlText: TextDetector = {
  family: 'text',
  name: 'sql-text',
  rules: [SQL_RULE],
  languages: ['java', 'go', 'php', 'csharp', 'ruby'],
  run(ctx) {
    const spec = SPECS[ctx.file.language];
    if (!spec) return;
    const { lexed } = ctx;
    const code = lexed.codeView;
    for (const sinkRe of spec.sinks) {
      sinkRe.lastIndex = 0;
      for (let m = sinkRe.exec(code); m; m = sinkRe.exec(code)) {
        ctx.checkDeadline();
        const g = m.groups!;
        const sinkStart = m.index + m[0].indexOf(g.sink!);
        if (kindAtOffset(lexed, sinkStart) !== 'code') continue;
        const name = g.name!;
        const nameStart = m.index + m[0].lastIndexOf(name, m[0].length - (g.tostring?.length ?? 0) - 1);
        const builds = reachingBuilds(ctx, spec, name, sinkStart, !!g.tostring);
        if (!builds.length || !builds.some((b) => b.hasValue)) continue;
        if (!looksLikeSqlStatement(builds.map((b) => b.text).join(' '))) continue;
        ctx.report({
          ruleId: SQL_RULE,
          start: sinkStart,
          end: nameStart + name.length + (g.tostring?.length ?? 0),
          args: { sink: g.sink === 'CommandText' ? 'Setting CommandText' : `${g.sink}()`, how: howText(new Set(builds.map((b) => b.how))), via: ` (through the variable ${name})` },
          related: builds.map((b) => ({ start: b.start, end: b.end, message: b.op === 'append' ? `SQL text in ${name} is extended here` : `SQL text in ${name} is built here` })),
          noFixReason: FIX_REASONS.patternLanguage,
          key: `text:${name}:${ctx.text.slice(sinkStart, nameStart + name.length)}`,
        });
      }
    }
  },
};

function kindAtOffset(lexed: Lexed, offset: number): string {
  return lexed.kinds[segmentAt(lexed, offset)]!;
}

/** Offset of the start of the line containing `offset`. */
function lineStart(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl < 0 ? 0 : nl + 1;
}

/** Where the function containing `offset` starts: the nearest line above matching `fnStart`. */
function functionStart(text: string, spec: LangSpec, offset: number): number {
  let at = lineStart(text, offset);
  for (let lines = 0; at > 0 && lines < 400; lines++) {
    const prev = lineStart(text, at - 1);
    if (spec.fnStart.test(text.slice(prev, at - 1))) return prev;
    at = prev;
  }
  return at;
}

/** End of the statement that starts at `from`: `;` (or end of line) outside strings and brackets. */
function statementEnd(lexed: Lexed, spec: LangSpec, from: number, limit: number): number {
  const code = lexed.codeView;
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const seg = segmentAt(lexed, i);
    if (lexed.kinds[seg] === 'string') {
      const next = lexed.starts[seg + 1] ?? code.length;
      i = next - 1;
      continue;
    }
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (spec.semicolons && c === ';' && depth === 0) return i;
    else if (!spec.semicolons && c === '\n' && depth === 0 && !/[+,(.|&]\s*$/.test(code.slice(lineStart(code, i), i))) return i;
  }
  return limit;
}

/** The builds of `name` that reach the sink: the last plain assignment and the appends after it. */
function reachingBuilds(ctx: TextContext, spec: LangSpec, name: string, sinkStart: number, builder: boolean): Build[] {
  const { lexed, text } = ctx;
  const code = lexed.codeView;
  const from = functionStart(text, spec, sinkStart);
  const found: { start: number; opEnd: number; op: 'set' | 'append' }[] = [];
  const regexes = [spec.assign(name), ...(spec.append ? [spec.append(name)] : [])];
  for (const [k, re] of regexes.entries()) {
    re.lastIndex = from;
    for (let m = re.exec(code); m && m.index < sinkStart; m = re.exec(code)) {
      if (kindAtOffset(lexed, m.index) !== 'code') continue;
      // `x.q = …` or `$other_q` are other names.
      const before = code[m.index - 1] ?? ' ';
      if (/[\w.$]/.test(before) && !name.startsWith('$')) continue;
      const op = m.groups!.op!;
      const isAppend = op !== '=' && op !== ':=';
      // A builder call (`sb.append(…)…;`) is read from its start, so its parentheses balance.
      found.push({ start: m.index, opEnd: k === 0 ? m.index + m[0].length : m.index, op: isAppend ? 'append' : 'set' });
    }
  }
  found.sort((a, b) => a.start - b.start);
  let reaching: typeof found = [];
  for (const f of found) {
    if (f.op === 'set') reaching = [f];
    else reaching.push(f);
  }
  const out: Build[] = [];
  for (const f of reaching) {
    const end = statementEnd(lexed, spec, f.opEnd, sinkStart);
    const rhsStart = f.opEnd;
    const evaluated = evaluate(ctx, spec, rhsStart, end, name, builder);
    out.push({ start: f.start, end, op: f.op, ...evaluated });
  }
  return out;
}

/** The constant text and whether values are spliced in, for the expression in `[start, end)`. */
function evaluate(ctx: TextContext, spec: LangSpec, start: number, end: number, self: string, builder: boolean): { text: string; hasValue: boolean; how: string } {
  const { lexed, text } = ctx;
  let literal = '';
  let codeOnly = '';
  let interpolated = false;
  let formatLiteral: string | undefined;
  for (let i = start; i < end; ) {
    const seg = segmentAt(lexed, i);
    const segEnd = Math.min(lexed.starts[seg + 1] ?? text.length, end);
    if (lexed.kinds[seg] === 'string') {
      const opener = text.slice(lexed.starts[seg]!, lexed.contentStarts[seg]!);
      const content = text.slice(lexed.contentStarts[seg]!, Math.min(lexed.contentEnds[seg]!, end));
      const prefix = text[lexed.starts[seg]! - 1];
      const { shown, values } = interpolations(ctx.file.language, opener, prefix, content);
      if (values) interpolated = true;
      if (formatLiteral === undefined) formatLiteral = content;
      literal += shown;
      codeOnly += ' "" ';
    } else {
      codeOnly += lexed.codeView.slice(i, segEnd);
    }
    i = segEnd;
  }
  let hasValue = interpolated;
  const how = spec.format.test(codeOnly) ? 'a format call' : interpolated ? 'string interpolation' : builder ? 'a string builder' : 'string concatenation';
  if (spec.format.test(codeOnly)) {
    hasValue = hasValue || (formatLiteral !== undefined && spec.textVerb.test(formatLiteral));
  } else {
    const stripped = codeOnly
      .replace(spec.numeric, '0')
      .replace(/\bnew\s+StringBuilder\b|\bnew\s+StringBuffer\b|\.(?:toString|ToString|String)\(\)|\b(?:true|false|null|nil|new)\b/g, ' ');
    const tokens = stripped.match(/\$?[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*/g) ?? [];
    hasValue = hasValue || tokens.some((t) => {
      const id = t.replace(/\s+/g, '');
      if (id === self || (builder && /^(?:append|Append|AppendLine|WriteString)$/.test(id))) return false;
      if (/^(?:append|Append|AppendLine|WriteString)$/.test(id)) return false;
      return !/^[A-Z][A-Z0-9_]*$/.test(id.split('.').pop()!);
    });
  }
  return { text: literal, hasValue, how };
}

/** A string literal's content with interpolations shown as `?`, and whether it has any. */
function interpolations(language: LanguageId, opener: string, prefix: string | undefined, content: string): { shown: string; values: boolean } {
  let re: RegExp | undefined;
  if (language === 'php' && opener === '"') re = /(?<!\\)\{\$[^}]*\}|(?<!\\)\$[A-Za-z_]\w*(?:\[[^\]]*\]|->\w+)?/g;
  else if (language === 'csharp' && (opener === '$"' || prefix === '$')) re = /\{(?!\{)[^{}]*\}/g;
  else if (language === 'ruby' && opener === '"') re = /#\{[^}]*\}/g;
  if (!re) return { shown: content, values: false };
  let values = false;
  const shown = content.replace(re, (m) => {
    if (language === 'ruby' && /\.to_[if]\}$/.test(m)) return '0';
    values = true;
    return '?';
  });
  return { shown, values };
}
