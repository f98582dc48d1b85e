import type { Node } from 'web-tree-sitter';
import type { PyContext, PyDetector } from '../../detector';
import { makeFix } from '../../fixes/edits';
import { ensurePyImport, type OffsetEdit } from '../../fixes/imports';
import { ancestors, assignmentsBefore, callLastName, dottedName, importsOf, keywordArgNode, positionalArgs } from '../../python/ast';
import type { Confidence, Fix } from '../../types';
import { FIX_REASONS, howText, SQL_RULE } from './common';
import { describePlaceholders, isDangerous, planParameterization, type ExistingParams, type NewParam, type PlaceholderStyle, type Plan, type Segment, type SqlValuePart } from './plan';
import { collectPySql, cookedConstant, moduleAssignmentsOf, pyUnwrap, resetPyBuildCaches, type PyBuildSite, type PySqlSource } from './py-build';
import { looksLikeSqlFragment, looksLikeSqlStatement } from './shape';
import { mayHoldSql } from './shape';

/**
 * SQL built from strings reaching a query API in Python (CWE-89).
 *
 * Sinks: DB-API `cursor.execute/executemany/executescript` and `connection.execute` (sqlite3,
 * psycopg2, psycopg 3, pymysql, MySQLdb, mysql.connector), SQLAlchemy `text()` and
 * `session/connection/engine.execute()` with a plain string, `exec_driver_sql`, pandas
 * `read_sql/read_sql_query`, Django `Manager.raw()`, `connection.cursor().execute()` and
 * `QuerySet.extra(where=[…])`. Flagged when the SQL argument is an f-string, `%`-formatted,
 * `.format()`-ed or `+`-concatenated text (directly or through a local variable) that looks like
 * SQL and splices in a value that is not a number by construction.
 *
 * The fix follows PEP 249 `paramstyle`: `%s` for psycopg/pymysql/MySQLdb/mysql.connector and
 * Django, `?` for sqlite3, `:name` with a params dict for SQLAlchemy `text()`.
 */

type PyDriver = 'sqlite3' | 'psycopg2' | 'psycopg' | 'pymysql' | 'MySQLdb' | 'mysql.connector' | 'sqlalchemy' | 'django' | 'pandas';

const MODULE_DRIVERS: Record<string, PyDriver> = {
  sqlite3: 'sqlite3',
  aiosqlite: 'sqlite3',
  psycopg2: 'psycopg2',
  psycopg: 'psycopg',
  pymysql: 'pymysql',
  MySQLdb: 'MySQLdb',
  'mysql.connector': 'mysql.connector',
  sqlalchemy: 'sqlalchemy',
  flask_sqlalchemy: 'sqlalchemy',
  sqlmodel: 'sqlalchemy',
  django: 'django',
  pandas: 'pandas',
};

/** Placeholder style and parameter container per DB-API driver (PEP 249 `paramstyle`). */
const DBAPI: Partial<Record<PyDriver, { style: PlaceholderStyle; container: 'tuple' | 'list' }>> = {
  sqlite3: { style: 'qmark', container: 'tuple' },
  psycopg2: { style: 'format', container: 'tuple' },
  psycopg: { style: 'format', container: 'tuple' },
  pymysql: { style: 'format', container: 'tuple' },
  MySQLdb: { style: 'format', container: 'tuple' },
  'mysql.connector': { style: 'format', container: 'tuple' },
  django: { style: 'format', container: 'list' },
};

const EXECUTE = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql']);
const PANDAS = new Set(['read_sql', 'read_sql_query']);
/** Keyword names drivers give the parameters argument of execute(). */
const PARAM_KEYWORDS = ['parameters', 'params', 'args', 'vars', 'parameters_'];

function driverOfModule(path: string): PyDriver | undefined {
  if (path === 'mysql.connector' || path.startsWith('mysql.connector.')) return 'mysql.connector';
  return MODULE_DRIVERS[path.split('.')[0]!];
}

/** The Python detector of `sql/string-built-query` (one shared walk; handles `call`). */
export const sqlPy: PyDetector = {
  family: 'python',
  name: 'sql-py',
  prefilter: (text) => mayHoldSql(text),
  rules: [SQL_RULE],
  create(ctx) {
    resetPyBuildCaches();
    const root = ctx.tree.rootNode;
    const imports = importsOf(root);
    const fileDrivers = new Set<PyDriver>();
    for (const path of imports.values()) {
      const d = driverOfModule(path);
      if (d) fileDrivers.add(d);
    }
    const reported = new Set<number>();

    /** The driver behind an expression: an import, `sqlite3.connect()`, `conn.cursor()`, `with … as cur`. */
    const resolve = (node: Node | null | undefined, depth = 0): PyDriver | undefined => {
      if (!node || depth > 8) return undefined;
      const n = pyUnwrap(node);
      if (n.type === 'identifier') {
        const imported = imports.get(n.text);
        if (imported) return driverOfModule(imported);
        const assigns = assignmentsBefore(n, n.text).filter((a) => a.op === '=');
        if (assigns.length) return resolve(assigns[assigns.length - 1]!.value, depth + 1);
        const alias = withAlias(n);
        if (alias) return resolve(alias, depth + 1);
        const mod = moduleAssignment(root, n.text);
        return mod && mod.startIndex < n.startIndex ? resolve(mod, depth + 1) : undefined;
      }
      if (n.type === 'call') return resolve(n.childForFieldName('function'), depth + 1);
      if (n.type === 'attribute') return resolve(n.childForFieldName('object'), depth + 1);
      return undefined;
    };

    const dbapiCandidates = () => [...fileDrivers].filter((d) => d !== 'pandas');
    const driverFor = (receiver: Node | null | undefined): PyDriver | undefined => {
      const r = resolve(receiver);
      if (r && r !== 'pandas') return r;
      const c = dbapiCandidates();
      return c.length === 1 ? c[0] : undefined;
    };

    const isSqlalchemyText = (call: Node): boolean => {
      const f = call.childForFieldName('function');
      if (!f) return false;
      if (f.type === 'identifier') return f.text === 'text' && (imports.get('text') ?? '').startsWith('sqlalchemy');
      if (f.type === 'attribute' && f.childForFieldName('attribute')?.text === 'text') return resolve(f.childForFieldName('object')) === 'sqlalchemy';
      return false;
    };

    const report = (call: Node, arg: Node, source: PySqlSource, confidence: Confidence, fix: { fix?: Fix; reason?: string }, method: string, driver: PyDriver | undefined) => {
      if (reported.has(arg.id)) return;
      reported.add(arg.id);
      const f = call.childForFieldName('function');
      const nameNode = f?.type === 'attribute' ? f.childForFieldName('attribute')! : (f ?? call);
      const sameLine = arg.startPosition.row === nameNode.startPosition.row;
      const dotted = dottedName(f);
      const how = new Set<string>();
      for (const s of source.sites) for (const h of s.how) how.add(h);
      ctx.report({
        ruleId: SQL_RULE,
        start: sameLine ? arg.startIndex : nameNode.startIndex,
        end: arg.endIndex,
        args: {
          sink: dotted && dotted.length <= 40 ? `${dotted}()` : `${method}()`,
          how: howText(how),
          via: source.variable ? ` (through the variable ${source.variable.name})` : '',
        },
        confidence: source.sites.some((s) => s.conditional) ? 'medium' : confidence,
        related: [...source.sites]
          .filter((s) => s.op !== 'arg')
          .sort((a, b) => a.node.startIndex - b.node.startIndex)
          .map((s) => ({
            start: s.node.startIndex,
            end: s.node.endIndex,
            message: s.nested ? `SQL fragment ${s.variable} is built here` : s.op === 'append' ? `SQL text in ${s.variable} is extended here` : `SQL text in ${s.variable} is built here`,
          })),
        fixes: fix.fix ? [fix.fix] : [],
        ...(fix.fix ? {} : { noFixReason: fix.reason ?? FIX_REASONS.noRewrite }),
        properties: { driver: driver ?? 'unknown', sink: method },
      });
    };

    /** The source when `arg` is dangerous SQL of the wanted shape, else undefined. */
    const dangerous = (arg: Node, shape: 'statement' | 'either'): PySqlSource | undefined => {
      const source = collectPySql(arg);
      if (!source) return undefined;
      const values = source.parts.filter((p): p is SqlValuePart => p.kind === 'value');
      if (!values.some(isDangerous)) return undefined;
      const text = source.parts.map((p) => (p.kind === 'text' ? p.text : (p.shapeText ?? ' ? '))).join('');
      const ok = looksLikeSqlStatement(text) || (shape === 'either' && looksLikeSqlFragment(text));
      return ok ? source : undefined;
    };

    const onCall = (call: Node) => {
      const method = callLastName(call);
      if (!method) return;
      const f = call.childForFieldName('function')!;
      const args = positionalArgs(call);
      if (method === 'text' && isSqlalchemyText(call)) {
        const arg = args[0];
        if (!arg) return;
        const source = dangerous(arg, 'either');
        if (source) report(call, arg, source, 'high', fixText(ctx, call, source), method, 'sqlalchemy');
        return;
      }
      if (f.type !== 'attribute') return;
      const receiver = f.childForFieldName('object');
      if (EXECUTE.has(method)) {
        const arg = args[0] ?? keywordArgNode(call, 'operation')?.childForFieldName('value') ?? undefined;
        if (!arg) return;
        if (pyUnwrap(arg).type === 'call' && isSqlalchemyText(pyUnwrap(arg))) return; // reported at text()
        const source = dangerous(arg, 'statement');
        if (!source) return;
        const driver = driverFor(receiver);
        report(call, arg, source, 'high', fixExecute(ctx, call, arg, method, driver, source, imports), method, driver);
        return;
      }
      if (PANDAS.has(method)) {
        if (resolve(receiver) !== 'pandas') return;
        const arg = args[0] ?? keywordArgNode(call, 'sql')?.childForFieldName('value') ?? undefined;
        if (!arg) return;
        const source = dangerous(arg, 'statement');
        if (!source) return;
        const dbapi = dbapiCandidates().filter((d) => d !== 'sqlalchemy' && d !== 'django');
        const driver: PyDriver | undefined = dbapi.length === 1 ? dbapi[0] : dbapi.length === 0 && fileDrivers.has('sqlalchemy') ? 'sqlalchemy' : undefined;
        report(call, arg, source, 'high', fixPandas(ctx, call, arg, driver, source, imports), method, driver);
        return;
      }
      const isDjangoManager = /(?:^|\.)objects(?:\.|$)|(?:^|\.)objects\(\)/.test(dottedName(receiver) ?? '') || fileDrivers.has('django');
      if (method === 'raw' && isDjangoManager) {
        const arg = args[0];
        if (!arg) return;
        const source = dangerous(arg, 'statement');
        if (source) report(call, arg, source, 'high', fixExecute(ctx, call, arg, method, 'django', source, imports), method, 'django');
        return;
      }
      if (method === 'extra' && isDjangoManager) {
        const where = keywordArgNode(call, 'where')?.childForFieldName('value');
        const select = keywordArgNode(call, 'select')?.childForFieldName('value');
        const elements = where?.type === 'list' ? where.namedChildren.filter((c): c is Node => !!c) : [];
        const selects = select?.type === 'dictionary' ? select.namedChildren.filter((c): c is Node => c?.type === 'pair').map((p) => p.childForFieldName('value')!) : [];
        for (const el of [...elements, ...selects]) {
          const source = dangerous(el, 'either');
          if (!source) continue;
          const fix = selects.includes(el) ? { reason: FIX_REASONS.djangoExtra } : fixDjangoExtra(ctx, call, elements, where!);
          report(call, el, source, 'high', fix, method, 'django');
          break;
        }
      }
    };

    return { visit: { call: onCall } };
  },
};

/** The value of `with X as name:` around `id`, when `name` is bound that way. */
function withAlias(id: Node): Node | undefined {
  for (const p of ancestors(id)) {
    if (p.type !== 'with_statement') continue;
    for (const item of p.descendantsOfType('as_pattern')) {
      if (!item) continue;
      const target = item.childForFieldName('alias') ?? item.namedChildren[item.namedChildren.length - 1];
      if (target?.text === id.text && item.namedChildren[0]) return item.namedChildren[0];
    }
  }
  return undefined;
}

/** The last module-level `name = value`. */
function moduleAssignment(root: Node, name: string): Node | undefined {
  return moduleAssignmentsOf(root).get(name)?.at(-1);
}

// ---------------------------------------------------------------------------------------------
// Fixes

/** What an existing params node holds. */
function existingOf(node: Node | undefined): { existing: ExistingParams; node?: Node; container?: 'tuple' | 'list' | 'dict' } | 'opaque' {
  if (!node) return { existing: { kind: 'none' } };
  const n = pyUnwrap(node);
  if (n.type === 'tuple' || n.type === 'list') {
    const items = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (items.some((c) => c.type === 'list_splat')) return 'opaque';
    return { existing: { kind: 'positional', count: items.length }, node: n, container: n.type };
  }
  if (n.type === 'dictionary') {
    const pairs = n.namedChildren.filter((c): c is Node => c?.type === 'pair');
    if (pairs.length !== n.namedChildren.filter((c) => c && c.type !== 'comment').length) return 'opaque';
    const names = pairs.map((p) => cookedConstant(p.childForFieldName('key')) ?? '');
    return { existing: { kind: 'named', names }, node: n, container: 'dict' };
  }
  return 'opaque';
}

/** The parameters argument of a call: positional index 1 or one of the driver keywords. */
function paramsArg(call: Node, keywords: readonly string[]): { value?: Node; whole?: Node } {
  const pos = positionalArgs(call)[1];
  if (pos) return { value: pos, whole: pos };
  for (const k of keywords) {
    const kw = keywordArgNode(call, k);
    if (kw) return { value: kw.childForFieldName('value') ?? undefined, whole: kw };
  }
  return {};
}

function positionalItems(plan: Plan, existingNode: Node | undefined): string[] | undefined {
  const old = existingNode ? existingNode.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
  const out: string[] = [];
  for (const p of plan.ordered) {
    if (p.kind === 'new') out.push(pyParamExpr(p.param));
    else {
      const el = old[p.index];
      if (!el) return undefined;
      out.push(el.text);
    }
  }
  return out;
}

function renderContainer(items: string[], container: 'tuple' | 'list'): string {
  if (container === 'list') return `[${items.join(', ')}]`;
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A new parameter's value: the expression, with constant LIKE wildcards moved in (`f"%{q}%"`). */
function pyParamExpr(p: NewParam): string {
  if (!p.prefix && !p.suffix) return p.value.expr;
  const q = p.value.expr.includes('"') ? "'" : '"';
  const esc = (t: string) => t.replace(/\\/g, '\\\\').replace(/\{/g, '{{').replace(/\}/g, '}}').replace(new RegExp(q, 'g'), `\\${q}`);
  return `f${q}${esc(p.prefix)}{${p.value.expr}}${esc(p.suffix)}${q}`;
}

function dictEntries(plan: Plan, quote: string): string[] {
  return plan.named.map((p) => `${quote}${p.name}${quote}: ${pyParamExpr(p)}`);
}

/** Edits for the query text at each changed build site; undefined when a site cannot be rendered. */
function siteEdits(source: PySqlSource, plan: Plan): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  for (let k = 0; k < source.sites.length; k++) {
    if (!plan.changed[k]) continue;
    const site = source.sites[k]!;
    const text = renderPySite(site, plan.sites[k]!);
    if (text === undefined) return undefined;
    edits.push({ start: site.node.startIndex, end: site.node.endIndex, newText: text });
  }
  return edits;
}

function renderPySite(site: PyBuildSite, segs: Segment[]): string | undefined {
  const node = pyUnwrap(site.node);
  const quote = site.quote ?? '"';
  // A `+` chain whose kept values were operands stays a chain: `BASE + " WHERE id = %s"`.
  const chain = node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+' && segs.some((s) => s.kind === 'inline') && segs.every((s) => s.kind !== 'inline' || s.value.origin === 'operand');
  let literal: string | undefined;
  if (chain) {
    const pieces = segs.map((s) => (s.kind === 'text' ? renderPyLiteral([s], quote) : s.kind === 'inline' ? parenthesizePy(s.value.expr) : ''));
    literal = pieces.some((p) => p === undefined) ? undefined : pieces.join(' + ');
  } else literal = renderPyLiteral(segs, quote);
  if (literal === undefined) return undefined;
  return site.selfPrefix ? `${site.selfPrefix} + ${literal}` : literal;
}

/** Wraps an operand in parentheses unless it binds tighter than `+` (names, attributes, calls, subscripts). */
function parenthesizePy(expr: string): string {
  return /^[\w.]+(?:\([^()]*\)|\[[^\]]*\])?$/.test(expr) ? expr : `(${expr})`;
}

/** Segments → a Python string literal (an f-string when values stay inline). */
export function renderPyLiteral(segs: Segment[], preferredQuote: string): string | undefined {
  const inline = segs.filter((s): s is Extract<Segment, { kind: 'inline' }> => s.kind === 'inline');
  const exprs = inline.map((s) => s.value.expr);
  let quote = preferredQuote;
  if (inline.length) {
    // Before Python 3.12 an f-string's expressions may not reuse its quote or contain a backslash.
    if (exprs.some((e) => e.includes('\\') || e.includes('\n'))) return undefined;
    const candidates = [preferredQuote, preferredQuote.length === 3 ? preferredQuote[0]! : preferredQuote === '"' ? "'" : '"', preferredQuote === '"' || preferredQuote === '"""' ? "'" : '"'];
    const ok = candidates.find((q) => !exprs.some((e) => e.includes(q[0]!)));
    if (!ok) return undefined;
    quote = ok;
  }
  const triple = quote.length === 3;
  const escape = (t: string) => {
    let out = '';
    for (const ch of t) {
      if (ch === '\\') out += '\\\\';
      else if (ch === quote[0]) out += `\\${ch}`;
      else if (ch === '\n') out += triple ? '\n' : '\\n';
      else if (ch === '\r') out += '\\r';
      else if (inline.length && (ch === '{' || ch === '}')) out += ch + ch;
      else if (ch < ' ' && ch !== '\t') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return out;
  };
  const body = segs.map((s) => (s.kind === 'text' ? escape(s.text) : s.kind === 'inline' ? `{${s.value.expr}${s.value.inlineFormat ?? ''}}` : '')).join('');
  return `${inline.length ? 'f' : ''}${quote}${body}${quote}`;
}

/** Fix for execute()/raw() on a DB-API driver, Django, or SQLAlchemy with a plain string. */
function fixExecute(ctx: PyContext, call: Node, arg: Node, method: string, driver: PyDriver | undefined, source: PySqlSource, imports: Map<string, string>): { fix?: Fix; reason?: string } {
  if (source.sites.some((s) => s.conditional)) return { reason: FIX_REASONS.conditional };
  if (method === 'executemany') return { reason: FIX_REASONS.executemany };
  if (method === 'executescript') return { reason: FIX_REASONS.executescript };
  if (!driver || driver === 'pandas') {
    const probe = planParameterization(source.parts, source.sites.length, 'qmark', { kind: 'none' });
    return { reason: probe.ok ? FIX_REASONS.unknownDriverPy : probe.reason };
  }
  if (method === 'exec_driver_sql') return { reason: FIX_REASONS.noRewrite };
  if (source.variable && source.variable.references !== 1) return { reason: FIX_REASONS.sharedVariable(source.variable.name) };
  if (driver === 'sqlalchemy') return wrapInText(ctx, call, arg, source, imports, 'execute');
  const dbapi = DBAPI[driver];
  if (!dbapi) return { reason: FIX_REASONS.noRewrite };
  const params = paramsArg(call, method === 'raw' ? ['params'] : PARAM_KEYWORDS);
  const ex = existingOf(params.value);
  if (ex === 'opaque') return { reason: FIX_REASONS.paramsNotLiteral };
  const outcome = planParameterization(source.parts, source.sites.length, dbapi.style, ex.existing);
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  const edits = siteEdits(source, plan);
  if (!edits) return { reason: FIX_REASONS.noRewrite };
  const items = positionalItems(plan, ex.node);
  if (!items) return { reason: FIX_REASONS.existingMismatch };
  if (ex.node) edits.push({ start: ex.node.startIndex, end: ex.node.endIndex, newText: renderContainer(items, ex.container === 'list' ? 'list' : 'tuple') });
  else edits.push({ start: arg.endIndex, end: arg.endIndex, newText: `, ${renderContainer(items, dbapi.container)}` });
  const label = driver === 'django' ? 'Django' : driver;
  return { fix: makeFix(ctx.lines, { title: `Parameterize the query (${label} placeholders ${describePlaceholders(plan, dbapi.style)})`, applicability: 'safe', edits }) };
}

/** SQLAlchemy with a plain string: `text("… :name")` plus a params dict (SQLAlchemy "Using Textual SQL"). */
function wrapInText(ctx: PyContext, call: Node, arg: Node, source: PySqlSource, imports: Map<string, string>, kind: 'execute' | 'pandas'): { fix?: Fix; reason?: string } {
  const bound = imports.get('text');
  if (bound && !bound.startsWith('sqlalchemy')) return { reason: FIX_REASONS.noRewrite };
  const params = kind === 'pandas' ? { value: keywordArgNode(call, 'params')?.childForFieldName('value') ?? undefined } : paramsArg(call, ['parameters', 'params']);
  const ex = existingOf(params.value);
  if (ex === 'opaque' || (ex.existing.kind === 'positional' && ex.existing.count > 0)) return { reason: FIX_REASONS.paramsNotLiteral };
  const outcome = planParameterization(source.parts, source.sites.length, 'colon', ex.existing.kind === 'positional' ? { kind: 'none' } : ex.existing);
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  const edits = siteEdits(source, plan);
  if (!edits) return { reason: FIX_REASONS.noRewrite };
  // Wrap the SQL argument in text(): around the rewritten literal when it is built in place.
  const direct = edits.find((e) => e.start === pyUnwrap(arg).startIndex && e.end === pyUnwrap(arg).endIndex);
  if (direct) direct.newText = `text(${direct.newText})`;
  else edits.push({ start: arg.startIndex, end: arg.startIndex, newText: 'text(' }, { start: arg.endIndex, end: arg.endIndex, newText: ')' });
  const entries = dictEntries(plan, '"');
  const dict = `{${entries.join(', ')}}`;
  if (ex.node && ex.container === 'dict') edits.push(appendToDict(ex.node, entries));
  else if (ex.node) edits.push({ start: ex.node.startIndex, end: ex.node.endIndex, newText: dict });
  else if (kind === 'pandas') edits.push({ start: lastArgEnd(call), end: lastArgEnd(call), newText: `, params=${dict}` });
  else edits.push({ start: arg.endIndex, end: arg.endIndex, newText: `, ${dict}` });
  const imp = ensurePyImport(ctx.tree.rootNode, ctx.lines, { module: 'sqlalchemy', name: 'text' });
  if (imp) edits.push(imp);
  return { fix: makeFix(ctx.lines, { title: `Parameterize the query (SQLAlchemy text() with ${describePlaceholders(plan, 'colon')})`, applicability: 'safe', edits }) };
}

function appendToDict(dict: Node, entries: string[]): OffsetEdit {
  const pairs = dict.namedChildren.filter((c): c is Node => c?.type === 'pair');
  const last = pairs[pairs.length - 1];
  if (!last) return { start: dict.startIndex + 1, end: dict.endIndex - 1, newText: entries.join(', ') };
  return { start: last.endIndex, end: last.endIndex, newText: `, ${entries.join(', ')}` };
}

function lastArgEnd(call: Node): number {
  const args = call.childForFieldName('arguments')!;
  const named = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  return named.length ? named[named.length - 1]!.endIndex : args.startIndex + 1;
}

/** `text(f"…")`: `:name` placeholders, values in the enclosing execute()'s dict or `.bindparams()`. */
function fixText(ctx: PyContext, textCall: Node, source: PySqlSource): { fix?: Fix; reason?: string } {
  if (source.sites.some((s) => s.conditional)) return { reason: FIX_REASONS.conditional };
  if (source.variable && source.variable.references !== 1) return { reason: FIX_REASONS.sharedVariable(source.variable.name) };
  // text(...) passed straight to execute(): its params dict; otherwise .bindparams(...).
  const argList = textCall.parent;
  const outer = argList?.type === 'argument_list' ? argList.parent : undefined;
  const viaExecute = outer?.type === 'call' && callLastName(outer) === 'execute' && positionalArgs(outer)[0]?.id === textCall.id;
  let ex: ReturnType<typeof existingOf> = { existing: { kind: 'none' } };
  if (viaExecute) ex = existingOf(paramsArg(outer!, ['parameters', 'params']).value);
  if (ex === 'opaque' || ex.existing.kind === 'positional') return { reason: FIX_REASONS.paramsNotLiteral };
  const outcome = planParameterization(source.parts, source.sites.length, 'colon', ex.existing);
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  const edits = siteEdits(source, plan);
  if (!edits) return { reason: FIX_REASONS.noRewrite };
  const entries = dictEntries(plan, '"');
  if (viaExecute) {
    if (ex.node) edits.push(appendToDict(ex.node, entries));
    else edits.push({ start: textCall.endIndex, end: textCall.endIndex, newText: `, {${entries.join(', ')}}` });
  } else {
    edits.push({ start: textCall.endIndex, end: textCall.endIndex, newText: `.bindparams(${plan.named.map((p) => `${p.name}=${pyParamExpr(p)}`).join(', ')})` });
  }
  return { fix: makeFix(ctx.lines, { title: `Parameterize the query (SQLAlchemy text() with ${describePlaceholders(plan, 'colon')})`, applicability: 'safe', edits }) };
}

/** pandas read_sql: the connection's DB-API placeholders and `params=`, or text() for SQLAlchemy. */
function fixPandas(ctx: PyContext, call: Node, arg: Node, driver: PyDriver | undefined, source: PySqlSource, imports: Map<string, string>): { fix?: Fix; reason?: string } {
  if (source.sites.some((s) => s.conditional)) return { reason: FIX_REASONS.conditional };
  if (!driver) {
    const probe = planParameterization(source.parts, source.sites.length, 'qmark', { kind: 'none' });
    return { reason: probe.ok ? FIX_REASONS.pandasDriver : probe.reason };
  }
  if (source.variable && source.variable.references !== 1) return { reason: FIX_REASONS.sharedVariable(source.variable.name) };
  if (driver === 'sqlalchemy') return wrapInText(ctx, call, arg, source, imports, 'pandas');
  const dbapi = DBAPI[driver];
  if (!dbapi) return { reason: FIX_REASONS.pandasDriver };
  const kw = keywordArgNode(call, 'params');
  const ex = existingOf(kw?.childForFieldName('value') ?? undefined);
  if (ex === 'opaque') return { reason: FIX_REASONS.paramsNotLiteral };
  const outcome = planParameterization(source.parts, source.sites.length, dbapi.style, ex.existing);
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  const edits = siteEdits(source, plan);
  const items = positionalItems(plan, ex.node);
  if (!edits || !items) return { reason: FIX_REASONS.noRewrite };
  if (ex.node) edits.push({ start: ex.node.startIndex, end: ex.node.endIndex, newText: renderContainer(items, ex.container === 'list' ? 'list' : 'tuple') });
  else edits.push({ start: lastArgEnd(call), end: lastArgEnd(call), newText: `, params=${renderContainer(items, 'tuple')}` });
  return { fix: makeFix(ctx.lines, { title: `Parameterize the query (pandas params with ${describePlaceholders(plan, dbapi.style)})`, applicability: 'safe', edits }) };
}

/** Django `extra(where=[…])`: `%s` placeholders and a `params=[…]` keyword. */
function fixDjangoExtra(ctx: PyContext, call: Node, elements: Node[], where: Node): { fix?: Fix; reason?: string } {
  if (keywordArgNode(call, 'params') || keywordArgNode(call, 'select') || keywordArgNode(call, 'select_params')) return { reason: FIX_REASONS.djangoExtra };
  // Every element is a build site (constant ones too: their `%` must be doubled once params exist).
  const source: PySqlSource = { sites: [], parts: [] };
  for (const el of elements) {
    const one = collectPySql(el);
    const constant = cookedConstant(el);
    const index = source.sites.length;
    if (one && !one.variable && one.sites.length === 1) {
      source.sites.push(one.sites[0]!);
      for (const p of one.parts) source.parts.push({ ...p, site: index });
    } else if (constant !== undefined) {
      source.sites.push({ node: el, op: 'arg', conditional: false, how: new Set(), quote: '"' });
      source.parts.push({ kind: 'text', text: constant, site: index });
    } else return { reason: FIX_REASONS.djangoExtra };
  }
  const outcome = planParameterization(source.parts, source.sites.length, 'format', { kind: 'none' });
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  const edits = siteEdits(source, plan);
  const items = positionalItems(plan, undefined);
  if (!edits || !items) return { reason: FIX_REASONS.noRewrite };
  edits.push({ start: where.parent!.endIndex, end: where.parent!.endIndex, newText: `, params=${renderContainer(items, 'list')}` });
  return { fix: makeFix(ctx.lines, { title: `Parameterize the query (Django placeholders %s with params)`, applicability: 'safe', edits }) };
}
