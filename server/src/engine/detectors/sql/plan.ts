/**
 * Turning SQL built from strings into a parameterized query, independently of the host language.
 *
 * The detectors describe the query as the program builds it: constant text and computed values,
 * in order, possibly spread over several build sites (`let q = …; q += …`). `planParameterization`
 * reads the SQL around each value (inside a quoted literal? after `=`? after `FROM`? in an
 * `IN (…)` list?) and either produces the new query text with placeholders in the driver's style
 * and the parameters in binding order, or declines with a one-sentence reason. It never guesses:
 * a value that is not in a value position (a table name, an ORDER BY term, a list) is declined.
 *
 * Placeholder syntax follows each driver's documentation: node-postgres "Parameterized query"
 * (`$1`), mysqljs/mysql2 and sqlite3/better-sqlite3 (`?`, `??` for identifiers in mysql), knex
 * "Raw Parameter Binding" (`?`, `??`, replaced anywhere in the text), PEP 249 `paramstyle`
 * (`format` → `%s` for psycopg/pymysql/MySQLdb/mysql.connector and Django, `qmark` → `?` for
 * sqlite3), Sequelize "Raw Queries" replacements (`:name`), TypeORM query builder parameters
 * (`:name`), SQLAlchemy `text()` bound parameters (`:name`).
 */

/** Constant SQL text as the program builds it (after the host language's escapes). */
export interface SqlTextPart {
  kind: 'text';
  text: string;
  /** Index of the build site the text belongs to (0 when the SQL is built in one expression). */
  site: number;
}

/** A computed value spliced into the SQL text. */
export interface SqlValuePart {
  kind: 'value';
  site: number;
  /** Source text of the value expression; a fix moves it into the parameters. */
  expr: string;
  /** UTF-16 offsets of the expression in the analyzed text. */
  start: number;
  end: number;
  /** A number by construction (`Number(x)`, `parseInt(x)`, `int(x)`, `%d`): it cannot carry SQL. */
  numeric: boolean;
  /** Why the value cannot be bound as it is (a format spec or `!r` changes its text), if so. */
  noBind?: string;
  /** Suggested parameter name for named styles (`id` for `req.params.id`). */
  nameHint?: string;
  /** The value is itself SQL text built from strings elsewhere (another variable). */
  fragment?: boolean;
  /**
   * The value cannot carry SQL of the user's choosing although it is not a number: escaped by a
   * driver's escape function, or a local variable holding constant text. It stays in the text.
   */
  sanitized?: boolean;
  /** Text the value stands for when judging the SQL shape (a local variable's constant text). */
  shapeText?: string;
  /** Python: the conversion and format spec kept when the value stays inline (`:.2f`). */
  inlineFormat?: string;
  /** Where the value sits in its build site: an operand of `+`, or a template/f-string/format field. */
  origin?: 'operand' | 'interpolation';
}

/** True when a value can change the structure of the query: not a number, not sanitized. */
export function isDangerous(v: SqlValuePart): boolean {
  return !v.numeric && !v.sanitized;
}

/** The query as the program builds it: constant text and computed values, in order. */
export type SqlPart = SqlTextPart | SqlValuePart;

/**
 * Placeholder syntax of a driver:
 * `numbered` `$1, $2` (node-postgres, postgres.js `unsafe`, TypeORM on PostgreSQL);
 * `qmark` `?` (mysql, mysql2, sqlite3, better-sqlite3, TypeORM on MySQL/SQLite, Python sqlite3);
 * `knex` `?` recognized anywhere in the text (knex.raw and the `*Raw` builders);
 * `format` `%s` (psycopg2, psycopg 3, pymysql, MySQLdb, mysql.connector, Django);
 * `colon` `:name` (Sequelize replacements, TypeORM query builder, SQLAlchemy `text()`);
 * `tagged` `${value}` in a tagged template (Prisma `$queryRaw`, mssql `query`).
 */
export type PlaceholderStyle = 'numbered' | 'qmark' | 'knex' | 'format' | 'colon' | 'tagged';

/** What the call already passes as parameters. */
export type ExistingParams =
  | { kind: 'none' }
  /** An array/tuple literal with `count` elements. */
  | { kind: 'positional'; count: number }
  /** An object/dict literal with these keys. */
  | { kind: 'named'; names: string[] };

/** A value that becomes a parameter; `prefix`/`suffix` are constant text moved into it (LIKE wildcards). */
export interface NewParam {
  value: SqlValuePart;
  prefix: string;
  suffix: string;
  /** Parameter name (`colon` style only). */
  name?: string;
}

/** A piece of the rewritten query text of one build site. */
export type Segment =
  | { kind: 'text'; text: string }
  /** A value kept in the text because it is a number by construction in a non-value position (e.g. LIMIT). */
  | { kind: 'inline'; value: SqlValuePart }
  /** A value of a tagged template (`tagged` style). */
  | { kind: 'slot'; param: NewParam };

/** A parameter in binding order: one the call already passed (by index) or a new one. */
export type OrderedParam = { kind: 'existing'; index: number } | { kind: 'new'; param: NewParam };

/** The rewrite: new text per build site and the parameters. */
export interface Plan {
  /** Per build site, the new query text. */
  sites: Segment[][];
  /** Per build site, whether its text changes. */
  changed: boolean[];
  /** Positional styles: every parameter in binding order (existing and new). */
  ordered: OrderedParam[];
  /** `colon` style: the new named parameters, one per distinct value. */
  named: NewParam[];
  /** Number of new parameters. */
  newCount: number;
}

/** Either a plan or the reason (one sentence, shown to the user) why no exact rewrite exists. */
export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; reason: string };

/** Reasons shared by the detectors, so the wording stays the same across languages. */
export const REASONS = {
  fragment: 'Part of the SQL text comes from another variable that is itself built from strings; parameterize it where it is built.',
  inList: 'A value builds an IN (...) list, and one placeholder cannot stand for a list; bind one placeholder per element (or = ANY($1) with an array in PostgreSQL).',
  limit: 'A value goes into LIMIT/OFFSET as text; convert it to a number (Number(x), int(x)) or bind it as a number.',
  orderBy: 'A value is an ORDER BY/GROUP BY column or direction, which placeholders cannot stand for; map it through an allowlist of column names.',
  identifier: 'A value is a table or column name, which placeholders cannot stand for; check it against an allowlist of names.',
  sqlText: 'A value is spliced in as SQL text rather than as a value, so it cannot simply become a parameter.',
  doubleQuoted: 'A value sits inside double quotes (an identifier in standard SQL, a string in MySQL), so Redline cannot tell what it is.',
  severalInLiteral: 'One quoted SQL literal holds several values (or escaped quotes); build that string in code and bind it as one parameter.',
  glued: 'A value is glued to other SQL text without a separator, so it is not a value on its own.',
  existingMismatch: 'The placeholders already in the query do not match the parameters passed with it.',
  literalPlaceholder: 'The query text already contains placeholder characters without parameters, which the driver would read as placeholders once parameters are passed.',
  crossSite: 'A quoted SQL literal starts in one statement and ends in another, so the rewrite would span several statements.',
  comment: 'A value sits inside an SQL comment or a dollar-quoted body.',
  repr: 'A value is formatted with repr() (!r or %r), which adds its own quotes; bind the value itself by hand.',
  formatSpec: 'A value is formatted with a format spec, so binding it as is would change its text; format it in code and bind the result by hand.',
  opaqueArgs: 'The formatting arguments come from a variable, so Redline cannot see which value goes where.',
  constantPercent: 'A constant spliced into the query contains %, which the driver would read as a placeholder once parameters are passed.',
  constantPlaceholder: 'A constant spliced into the query already contains placeholders that would need renumbering.',
  escapedByHand: 'A value is escaped by hand (quotes doubled); bind the raw value instead, since a parameter would store the doubled quotes.',
} as const;

const SENTINEL = '\uE000';

type QuoteState = 'code' | 'squote' | 'dquote' | 'bquote' | 'line' | 'block' | 'dollar';

interface ValueSite {
  index: number; // index into values
  pos: number; // offset in `full`
  state: QuoteState;
  quoteStart: number; // for squote
}

interface Placeholder {
  start: number;
  end: number;
  /** `$k` → k; `:name` → name; positional → ordinal. */
  key: string;
}

/** Values in order of the parts. */
function valuesOf(parts: readonly SqlPart[]): SqlValuePart[] {
  return parts.filter((p): p is SqlValuePart => p.kind === 'value');
}

/**
 * Plans the rewrite of a string-built query into a parameterized one.
 *
 * @param parts the query as built: text and values in order, each tagged with its build site.
 * @param siteCount number of build sites (1 when built in one expression).
 * @param style the driver's placeholder style.
 * @param existing the parameters the call already passes.
 */
export function planParameterization(parts: readonly SqlPart[], siteCount: number, style: PlaceholderStyle, existing: ExistingParams): PlanOutcome {
  const values = valuesOf(parts);
  if (values.some((v) => v.fragment)) return { ok: false, reason: REASONS.fragment };
  const bad = values.find((v) => v.noBind && (isDangerous(v) || !v.inlineFormat));
  if (bad) return { ok: false, reason: bad.noBind! };
  if (style === 'tagged' && existing.kind !== 'none') return { ok: false, reason: 'The call already passes parameter values; rewrite it as a tagged template by hand.' };

  // The whole query as one string: one sentinel character per value, and the text of constants
  // (kept as references in the output, but their quotes and placeholders count when scanning).
  let full = '';
  const siteOf: number[] = [];
  const constSpans: { start: number; end: number; value: number }[] = [];
  const sentinelValue: number[] = [];
  let vi = 0;
  const addChar = (ch: string, site: number) => {
    siteOf.push(site);
    full += ch;
  };
  for (const p of parts) {
    if (p.kind === 'text') {
      for (let i = 0; i < p.text.length; i++) addChar(p.text[i] === SENTINEL ? ' ' : p.text[i]!, p.site);
    } else if (p.sanitized && p.shapeText !== undefined) {
      const start = full.length;
      for (let i = 0; i < p.shapeText.length; i++) addChar(p.shapeText[i] === SENTINEL ? ' ' : p.shapeText[i]!, p.site);
      constSpans.push({ start, end: full.length, value: vi++ });
    } else {
      sentinelValue.push(vi++);
      addChar(SENTINEL, p.site);
    }
  }

  const scanned = scan(full, style, existing.kind !== 'none');
  const valueSites = scanned.sites.map((vs, k) => ({ ...vs, index: sentinelValue[k]! }));
  const { quoteEnds } = scanned;
  const inConst = (pos: number) => constSpans.some((c) => pos >= c.start && pos < c.end);
  const placeholders = scanned.placeholders;

  // Placeholders already in the text must agree with the parameters passed.
  if (existing.kind === 'none' && placeholders.length > 0) return { ok: false, reason: REASONS.literalPlaceholder };
  if (existing.kind === 'positional') {
    if (style === 'numbered') {
      const keys = new Set(placeholders.map((p) => Number(p.key)));
      if (keys.size !== existing.count || [...keys].some((k) => k < 1 || k > existing.count)) return { ok: false, reason: REASONS.existingMismatch };
    } else if (style === 'colon' || placeholders.length !== existing.count) {
      return { ok: false, reason: REASONS.existingMismatch };
    }
  }
  if (existing.kind === 'named' && style !== 'colon') return { ok: false, reason: REASONS.existingMismatch };

  // Decide, for every value, what replaces which span of `full`.
  type Replacement = { start: number; end: number; kind: 'param' | 'inline'; value: number; prefix: string; suffix: string } | { start: number; end: number; kind: 'existing'; key: string };
  const replacements: Replacement[] = [];
  for (const vs of valueSites) {
    const value = values[vs.index]!;
    // Numbers and sanitized values cannot change the query: they stay where they are.
    if (!isDangerous(value)) {
      replacements.push({ start: vs.pos, end: vs.pos + 1, kind: 'inline', value: vs.index, prefix: '', suffix: '' });
      continue;
    }
    if (vs.state === 'squote') {
      const close = quoteEnds.get(vs.quoteStart);
      if (close === undefined) return { ok: false, reason: REASONS.severalInLiteral };
      const inner = full.slice(vs.quoteStart + 1, close);
      const prefix = full.slice(vs.quoteStart + 1, vs.pos);
      const suffix = full.slice(vs.pos + 1, close);
      if (inner.split(SENTINEL).length !== 2 || /['\\]/.test(inner)) return { ok: false, reason: REASONS.severalInLiteral };
      if (siteOf[vs.quoteStart] !== siteOf[close]) return { ok: false, reason: REASONS.crossSite };
      if (/[\w$]/.test(full[vs.quoteStart - 1] ?? '')) return { ok: false, reason: REASONS.glued };
      const ctx = classify(full.slice(0, vs.quoteStart));
      if (ctx !== 'value') return { ok: false, reason: reasonFor(ctx) };
      if (!endsCleanly(full[close + 1])) return { ok: false, reason: REASONS.glued };
      replacements.push({ start: vs.quoteStart, end: close + 1, kind: 'param', value: vs.index, prefix, suffix });
      continue;
    }
    if (vs.state === 'dquote' || vs.state === 'bquote') return { ok: false, reason: vs.state === 'dquote' ? REASONS.doubleQuoted : REASONS.identifier };
    if (vs.state !== 'code') return { ok: false, reason: REASONS.comment };
    const ctx = classify(full.slice(0, vs.pos));
    const glued = /[\w$.'"]/.test(full[vs.pos - 1] ?? ' ') || !endsCleanly(full[vs.pos + 1]);
    if (ctx !== 'value') return { ok: false, reason: reasonFor(ctx) };
    if (glued) return { ok: false, reason: REASONS.glued };
    replacements.push({ start: vs.pos, end: vs.pos + 1, kind: 'param', value: vs.index, prefix: '', suffix: '' });
  }
  for (const p of placeholders) replacements.push({ start: p.start, end: p.end, kind: 'existing', key: p.key });
  if (style === 'format' && existing.kind === 'none' && constSpans.some((c) => full.slice(c.start, c.end).includes('%'))) return { ok: false, reason: REASONS.constantPercent };
  replacements.sort((a, b) => a.start - b.start);
  for (let i = 1; i < replacements.length; i++) if (replacements[i]!.start < replacements[i - 1]!.end) return { ok: false, reason: REASONS.severalInLiteral };

  // Binding order and placeholder text.
  const ordered: OrderedParam[] = [];
  const named: NewParam[] = [];
  const renumber = new Map<string, number>();
  const usedNames = new Set(existing.kind === 'named' ? existing.names : []);
  for (const p of placeholders) if (style === 'colon') usedNames.add(p.key);
  const nameByExpr = new Map<string, string>();
  const placeholderText: string[] = [];
  const newParams: (NewParam | undefined)[] = [];
  let newCount = 0;
  for (const r of replacements) {
    if (r.kind === 'existing' && inConst(r.start)) {
      // A placeholder inside a constant: it counts for the binding order but cannot be edited.
      newParams.push(undefined);
      if (style === 'numbered') {
        let n = renumber.get(r.key);
        if (n === undefined) {
          n = ordered.length + 1;
          renumber.set(r.key, n);
          ordered.push({ kind: 'existing', index: Number(r.key) - 1 });
        }
        if (`$${n}` !== full.slice(r.start, r.end)) return { ok: false, reason: REASONS.constantPlaceholder };
      } else if (style !== 'colon') ordered.push({ kind: 'existing', index: Number(r.key) });
      placeholderText.push(full.slice(r.start, r.end));
      continue;
    }
    if (r.kind === 'inline') {
      placeholderText.push('');
      newParams.push(undefined);
      continue;
    }
    if (r.kind === 'existing') {
      newParams.push(undefined);
      if (style === 'numbered') {
        let n = renumber.get(r.key);
        if (n === undefined) {
          n = ordered.length + 1;
          renumber.set(r.key, n);
          ordered.push({ kind: 'existing', index: Number(r.key) - 1 });
        }
        placeholderText.push(`$${n}`);
      } else if (style === 'colon') {
        placeholderText.push(`:${r.key}`);
      } else {
        ordered.push({ kind: 'existing', index: Number(r.key) });
        placeholderText.push(full.slice(r.start, r.end));
      }
      continue;
    }
    const param: NewParam = { value: values[r.value]!, prefix: r.prefix, suffix: r.suffix };
    newCount++;
    newParams.push(param);
    switch (style) {
      case 'numbered':
        ordered.push({ kind: 'new', param });
        placeholderText.push(`$${ordered.length}`);
        break;
      case 'qmark':
      case 'knex':
        ordered.push({ kind: 'new', param });
        placeholderText.push('?');
        break;
      case 'format':
        ordered.push({ kind: 'new', param });
        placeholderText.push('%s');
        break;
      case 'colon': {
        const key = `${param.prefix}\0${param.value.expr}\0${param.suffix}`;
        let name = nameByExpr.get(key);
        if (!name) {
          name = uniqueName(param.value.nameHint, usedNames);
          usedNames.add(name);
          nameByExpr.set(key, name);
          param.name = name;
          named.push(param);
        } else {
          param.name = name;
          newCount--;
        }
        placeholderText.push(`:${name}`);
        break;
      }
      case 'tagged':
        placeholderText.push('');
        break;
    }
  }

  // Cut the new text into sites.
  const escapePercent = style === 'format' && existing.kind === 'none';
  const sites: Segment[][] = Array.from({ length: siteCount }, () => []);
  const changed: boolean[] = Array.from({ length: siteCount }, () => false);
  const pushText = (site: number, text: string) => {
    if (!text) return;
    const t = escapePercent ? text.replace(/%/g, '%%') : text;
    const segs = sites[site]!;
    const last = segs[segs.length - 1];
    if (last?.kind === 'text') last.text += t;
    else segs.push({ kind: 'text', text: t });
  };
  const emitPlain = (from: number, to: number) => {
    for (let i = from; i < to; ) {
      const site = siteOf[i]!;
      let j = i;
      while (j < to && siteOf[j] === site) j++;
      pushText(site, full.slice(i, j));
      i = j;
    }
  };
  // Constants become inline references; what lies inside them is not emitted.
  const emitted = replacements.map((r, k) => ({ r, k })).filter(({ r }) => !(r.kind === 'existing' && inConst(r.start)));
  for (const c of constSpans) {
    if (emitted.some(({ r }) => r.start < c.end && c.start < r.end)) return { ok: false, reason: REASONS.severalInLiteral };
  }
  type Emit = { start: number; end: number; k: number } | { start: number; end: number; constValue: number };
  const emits: Emit[] = [...emitted.map(({ r, k }) => ({ start: r.start, end: r.end, k })), ...constSpans.map((c) => ({ start: c.start, end: c.end, constValue: c.value }))].sort((a, b) => a.start - b.start);
  let at = 0;
  for (const e of emits) {
    if ('constValue' in e) {
      emitPlain(at, e.start);
      sites[siteOf[e.start] ?? 0]!.push({ kind: 'inline', value: values[e.constValue]! });
      at = e.end;
      continue;
    }
    const k = e.k;
    const r = replacements[k]!;
    emitPlain(at, r.start);
    const site = siteOf[r.start]!;
    if (r.kind === 'inline') {
      sites[site]!.push({ kind: 'inline', value: values[r.value]! });
    } else if (style === 'tagged' && r.kind === 'param') {
      sites[site]!.push({ kind: 'slot', param: newParams[k]! });
      changed[site] = true;
    } else {
      const text = placeholderText[k]!;
      // Placeholders are driver syntax: never %-escaped.
      const segs = sites[site]!;
      const last = segs[segs.length - 1];
      if (last?.kind === 'text') last.text += text;
      else segs.push({ kind: 'text', text });
      if (r.kind === 'param' || text !== full.slice(r.start, r.end)) changed[site] = true;
    }
    at = r.end;
  }
  emitPlain(at, full.length);
  if (escapePercent && /%/.test(full)) {
    for (let s = 0; s < siteCount; s++) if (parts.some((p) => p.site === s && p.kind === 'text' && p.text.includes('%'))) changed[s] = true;
  }
  return { ok: true, plan: { sites, changed, ordered, named, newCount } };
}

/** A value may be followed by the end, whitespace, a closing paren, a comma, `;` or a `::type` cast. */
function endsCleanly(next: string | undefined): boolean {
  return next === undefined || /[\s),;:]/.test(next);
}

type Context = 'value' | 'in' | 'limit' | 'order' | 'identifier' | 'sql';

/**
 * What kind of SQL position ends at the end of `before` (the query text up to the value, other
 * values shown as `?`).
 */
function classify(beforeRaw: string): Context {
  const before = beforeRaw.replace(new RegExp(SENTINEL, 'g'), '?').replace(/\s+/g, ' ').trimEnd().toUpperCase();
  if (/(?:=|<>|!=|<=|>=|<|>|\bLIKE|\bILIKE|\bSIMILAR TO|\bBETWEEN|\bBETWEEN \S+ AND|\bDISTINCT FROM)$/.test(before)) return 'value';
  if (/\b(?:IN|ANY|ALL) ?\((?:[^()]*,)? ?$/.test(before)) return 'in';
  if (/\bVALUES ?(?:\([^()]*\) ?, ?)*\([^()]*$/.test(before) && /[(,]$/.test(before)) return 'value';
  if (/\b(?:LIMIT|OFFSET|TOP|FETCH (?:FIRST|NEXT)) ?\(?$/.test(before) || /\bLIMIT \S+ ?,$/.test(before)) return 'limit';
  if (/\b(?:ORDER|GROUP) BY\b(?:(?!\b(?:WHERE|FROM|HAVING|LIMIT|OFFSET|SELECT)\b)[^;])*$/.test(before)) return 'order';
  if (/(?:\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS|ON|SELECT|DISTINCT|AS)|[.,])$/.test(before)) return 'identifier';
  return 'sql';
}

function reasonFor(ctx: Context): string {
  switch (ctx) {
    case 'in':
      return REASONS.inList;
    case 'limit':
      return REASONS.limit;
    case 'order':
      return REASONS.orderBy;
    case 'identifier':
      return REASONS.identifier;
    default:
      return REASONS.sqlText;
  }
}

/**
 * Lexes the query: where each value sits (code, quoted literal, comment), where each single-quoted
 * literal that holds a value ends, and the placeholders already in the text for `style`.
 */
function scan(full: string, style: PlaceholderStyle, hasParams: boolean): { sites: ValueSite[]; placeholders: Placeholder[]; quoteEnds: Map<number, number> } {
  const sites: ValueSite[] = [];
  const placeholders: Placeholder[] = [];
  const quoteEnds = new Map<number, number>();
  let state: QuoteState = 'code';
  let quoteStart = -1;
  let dollarTag = '';
  let ordinal = 0;
  const n = full.length;
  for (let i = 0; i < n; i++) {
    const c = full[i]!;
    if (c === SENTINEL) {
      sites.push({ index: sites.length, pos: i, state, quoteStart });
      continue;
    }
    // psycopg & co. apply Python %-formatting to the whole text, quoted parts included.
    if (style === 'format' && hasParams && c === '%') {
      const m = /^%(?:%|s|\((\w+)\)s)/.exec(full.slice(i, i + 64));
      if (m && m[0] === '%s') placeholders.push({ start: i, end: i + 2, key: String(ordinal++) });
      else if (m?.[1]) placeholders.push({ start: i, end: i + m[0].length, key: `%(${m[1]})` });
      if (m) i += m[0].length - 1;
      continue;
    }
    // knex replaces `?` anywhere except `\?`.
    if (style === 'knex' && c === '?' && full[i - 1] !== '\\') {
      const end = full[i + 1] === '?' ? i + 2 : i + 1;
      placeholders.push({ start: i, end, key: String(ordinal++) });
      i = end - 1;
      continue;
    }
    switch (state) {
      case 'code':
        if (c === "'") {
          state = 'squote';
          quoteStart = i;
        } else if (c === '"') state = 'dquote';
        else if (c === '`') state = 'bquote';
        else if (c === '-' && full[i + 1] === '-') state = 'line';
        else if (c === '/' && full[i + 1] === '*') state = 'block';
        else if (c === '$' && /^\$(\w*)\$/.test(full.slice(i, i + 40)) && !/^\$\d+\$/.test(full.slice(i, i + 40))) {
          dollarTag = /^\$(\w*)\$/.exec(full.slice(i, i + 40))![0];
          state = 'dollar';
          i += dollarTag.length - 1;
        } else if (style === 'numbered' && c === '$' && /\d/.test(full[i + 1] ?? '') && !/[\w$]/.test(full[i - 1] ?? '')) {
          const m = /^\$(\d+)/.exec(full.slice(i))!;
          placeholders.push({ start: i, end: i + m[0].length, key: m[1]! });
          i += m[0].length - 1;
        } else if (style === 'qmark' && c === '?') {
          const end = full[i + 1] === '?' ? i + 2 : i + 1;
          placeholders.push({ start: i, end, key: String(ordinal++) });
          i = end - 1;
        } else if (style === 'colon' && c === ':' && full[i + 1] !== ':' && full[i - 1] !== ':' && /[A-Za-z_]/.test(full[i + 1] ?? '')) {
          const m = /^:([A-Za-z_]\w*)/.exec(full.slice(i))!;
          placeholders.push({ start: i, end: i + m[0].length, key: m[1]! });
          i += m[0].length - 1;
        }
        break;
      case 'squote':
        if (c === "'" && full[i + 1] === "'") i++;
        else if (c === '\\' && full[i + 1] !== undefined) i++;
        else if (c === "'") {
          quoteEnds.set(quoteStart, i);
          state = 'code';
        }
        break;
      case 'dquote':
        if (c === '"') state = 'code';
        break;
      case 'bquote':
        if (c === '`') state = 'code';
        break;
      case 'line':
        if (c === '\n' || c === '\r') state = 'code';
        break;
      case 'block':
        if (c === '*' && full[i + 1] === '/') {
          state = 'code';
          i++;
        }
        break;
      case 'dollar':
        if (full.startsWith(dollarTag, i)) {
          state = 'code';
          i += dollarTag.length - 1;
        }
        break;
    }
  }
  // Values are numbered in text order by construction.
  return { sites, placeholders, quoteEnds };
}

/** A parameter name from a hint: identifier characters only, unique among `used`. */
function uniqueName(hint: string | undefined, used: Set<string>): string {
  let base = (hint ?? '').replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z_]/.test(base)) base = base ? `p_${base}` : 'param';
  if (!used.has(base)) return base;
  for (let k = 2; ; k++) if (!used.has(`${base}${k}`)) return `${base}${k}`;
}

/** Human list of placeholders for fix titles: `$1, $2` / `?` / `:name`. */
export function describePlaceholders(plan: Plan, style: PlaceholderStyle): string {
  switch (style) {
    case 'numbered': {
      const nums: string[] = [];
      plan.ordered.forEach((p, i) => {
        if (p.kind === 'new') nums.push(`$${i + 1}`);
      });
      return nums.join(', ');
    }
    case 'qmark':
    case 'knex':
      return '?';
    case 'format':
      return '%s';
    case 'colon':
      return plan.named.map((p) => `:${p.name}`).join(', ');
    case 'tagged':
      return 'tagged template values';
  }
}
