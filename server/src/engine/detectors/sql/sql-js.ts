import ts from 'typescript';
import type { JsContext, JsDetector } from '../../detector';
import { makeFix } from '../../fixes/edits';
import type { OffsetEdit } from '../../fixes/imports';
import { calleeLastName, calleeReceiver, dottedName, findDeclaration, getPropertyNode, importsOf, isFunctionLike, unwrap } from '../../js/ast';
import type { Confidence, Fix } from '../../types';
import { collectJsSql, type JsBuildSite, type JsSqlSource } from './js-build';
import { describePlaceholders, isDangerous, planParameterization, type ExistingParams, type NewParam, type PlaceholderStyle, type Segment, type SqlValuePart } from './plan';
import { FIX_REASONS, howText, SQL_RULE } from './common';
import { looksLikeSqlFragment, looksLikeSqlStatement } from './shape';
import { mayHoldSql } from './shape';

/**
 * SQL built from strings reaching a query API in JavaScript/TypeScript (CWE-89).
 *
 * Sinks: node-postgres `query`; mysql/mysql2 `query`/`execute`; sqlite3 `run/get/all/each/exec/
 * prepare`; better-sqlite3 `prepare/exec`; Sequelize `query`; knex `raw` and the `*Raw` builders;
 * TypeORM `query` (DataSource, EntityManager, QueryRunner, Repository) and query-builder
 * `where/andWhere/orWhere/having`; Prisma `$queryRawUnsafe/$executeRawUnsafe`; mssql `query`;
 * postgres.js `unsafe`. The SQL argument is flagged when it is a template literal with
 * substitutions or a `+` chain (directly or through a local variable assigned and extended
 * earlier in the same function) that looks like SQL and splices in a value that is not a number
 * by construction. Tagged templates (`sql\`…\``, `$queryRaw\`…\``, `Prisma.sql`) are values,
 * never built text, so they are not flagged.
 *
 * The fix rewrites the query into the driver's placeholders (see `plan.ts`) when the driver is
 * known from the file's imports and every value sits in a value position.
 */

type JsDriver = 'pg' | 'mysql' | 'mysql2' | 'sqlite3' | 'better-sqlite3' | 'sequelize' | 'knex' | 'typeorm' | 'prisma' | 'mssql' | 'postgres';

const MODULE_DRIVERS: Record<string, JsDriver> = {
  pg: 'pg',
  'pg-pool': 'pg',
  mysql: 'mysql',
  mysql2: 'mysql2',
  'mysql2/promise': 'mysql2',
  sqlite3: 'sqlite3',
  'better-sqlite3': 'better-sqlite3',
  sequelize: 'sequelize',
  '@sequelize/core': 'sequelize',
  knex: 'knex',
  objection: 'knex',
  typeorm: 'typeorm',
  '@prisma/client': 'prisma',
  mssql: 'mssql',
  'mssql/msnodesqlv8': 'mssql',
  postgres: 'postgres',
};

const KNEX_RAW = ['whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'andHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'fromRaw', 'onRaw'];
const TYPEORM_WHERE = ['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving'];

/** Methods each driver exposes that take SQL text as their first argument. */
const DRIVER_METHODS: Record<JsDriver, ReadonlySet<string>> = {
  pg: new Set(['query']),
  mysql: new Set(['query']),
  mysql2: new Set(['query', 'execute']),
  sqlite3: new Set(['run', 'get', 'all', 'each', 'exec', 'prepare']),
  'better-sqlite3': new Set(['prepare', 'exec']),
  sequelize: new Set(['query', 'literal']),
  knex: new Set(['raw', ...KNEX_RAW]),
  typeorm: new Set(['query', ...TYPEORM_WHERE]),
  prisma: new Set(['$queryRawUnsafe', '$executeRawUnsafe', 'raw']),
  mssql: new Set(['query', 'batch']),
  postgres: new Set(['unsafe']),
};

const GENERIC = new Set(['execute', 'run', 'get', 'all', 'each', 'exec', 'prepare', 'batch', 'raw']);
const SINKS = new Set(['query', 'unsafe', 'literal', '$queryRawUnsafe', '$executeRawUnsafe', ...GENERIC, ...KNEX_RAW, ...TYPEORM_WHERE]);
/** Receiver names that say "database handle" when the driver cannot be resolved. */
const DB_RECEIVER = /(?:^|\.)(?:\w*(?:db|database|conn|connection|client|pool|sqlite|sql|stmt|statement|tx|trx|transaction|knex|manager|runner|source|request|sequelize))$/i;

/** TypeORM `type` option → placeholder style (TypeORM drivers' `escapeQueryWithParameters`). */
const TYPEORM_STYLES: Record<string, PlaceholderStyle> = {
  postgres: 'numbered',
  cockroachdb: 'numbered',
  aurora_postgres: 'numbered',
  mysql: 'qmark',
  mariadb: 'qmark',
  sqlite: 'qmark',
  'better-sqlite3': 'qmark',
  sqljs: 'qmark',
  capacitor: 'qmark',
};

/** The JS/TS detector of `sql/string-built-query` (one shared walk; handles `CallExpression`). */
export const sqlJs: JsDetector = {
  family: 'js',
  name: 'sql-js',
  prefilter: (text) => mayHoldSql(text),
  statementLocal: true,
  rules: [SQL_RULE],
  create(ctx) {
    const sf = ctx.sourceFile;
    const imports = importsOf(sf);
    const fileDrivers = new Set<JsDriver>();
    for (const m of moduleSpecifiers(sf)) {
      const d = MODULE_DRIVERS[m];
      if (d) fileDrivers.add(d);
    }
    let typeormStyle: PlaceholderStyle | null | undefined;
    const typeorm = (): PlaceholderStyle | null => (typeormStyle ??= findTypeormStyle(sf));

    /** The driver behind a receiver expression: `new Pool()`, `mysql.createPool()`, `knex({…})`, an import. */
    const receiverDriver = (expr: ts.Expression | undefined, depth = 0): JsDriver | undefined => {
      if (!expr || depth > 6) return undefined;
      const e = unwrap(expr);
      if (ts.isIdentifier(e)) {
        const b = imports.get(e.text);
        if (b) return MODULE_DRIVERS[b.module];
        const d = findDeclaration(e);
        if (d && ts.isVariableDeclaration(d) && d.initializer) return receiverDriver(d.initializer, depth + 1);
        return undefined;
      }
      if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') {
        const m = e.arguments[0];
        return m && ts.isStringLiteralLike(m) ? MODULE_DRIVERS[m.text] : undefined;
      }
      if (ts.isCallExpression(e) || ts.isNewExpression(e)) return receiverDriver(e.expression, depth + 1);
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return receiverDriver(e.expression, depth + 1);
      return undefined;
    };

    /** The driver a call goes to: from its receiver, else the one driver of the file that has the method. */
    const driverOf = (call: ts.CallExpression, method: string): JsDriver | undefined => {
      if (method === '$queryRawUnsafe' || method === '$executeRawUnsafe') return 'prisma';
      const fromReceiver = receiverDriver(calleeReceiver(call));
      if (fromReceiver && DRIVER_METHODS[fromReceiver].has(method)) return fromReceiver;
      if (fromReceiver === 'mssql' && method === 'query') return 'mssql';
      const candidates = [...fileDrivers].filter((d) => DRIVER_METHODS[d].has(method));
      return candidates.length === 1 ? candidates[0] : undefined;
    };

    const onCall = (call: ts.CallExpression) => {
      const method = calleeLastName(call);
      if (!method || !SINKS.has(method)) return;
      const first = call.arguments[0];
      if (!first || ts.isSpreadElement(first)) return;
      // pg `query({ text, values })`, mysql `query({ sql, values })`: the SQL is a property.
      const config = ts.isObjectLiteralExpression(unwrap(first)) ? unwrap(first) as ts.ObjectLiteralExpression : undefined;
      const configProp = config ? (getPropertyNode(config, 'text') ?? getPropertyNode(config, 'sql')) : undefined;
      if (config && (!configProp || !ts.isPropertyAssignment(configProp))) return;
      const arg = configProp && ts.isPropertyAssignment(configProp) ? configProp.initializer : first;
      const receiver = calleeReceiver(call);
      const receiverName = receiver ? (dottedName(receiver) ?? receiver.getText(sf)) : '';
      const driver = driverOf(call, method);
      let shape: 'statement' | 'fragment' | 'either' = 'statement';
      let confidence: Confidence = 'high';
      if (KNEX_RAW.includes(method)) shape = 'fragment';
      else if (method === 'literal') {
        if (driver !== 'sequelize') return;
        shape = 'either';
      }
      else if (TYPEORM_WHERE.includes(method)) {
        if (!isTypeormBuilder(call, fileDrivers.has('typeorm'))) return;
        shape = 'fragment';
      } else if (GENERIC.has(method)) {
        if (!receiver) return;
        if (method === 'raw') shape = 'either';
        if (!driver && !DB_RECEIVER.test(receiverName)) return;
        if (!driver) confidence = 'medium';
      } else if (!receiver && method !== 'query') return;
      const source = collectJsSql(arg, call);
      if (!source) return;
      const values = source.parts.filter((p): p is SqlValuePart => p.kind === 'value');
      if (!values.some(isDangerous)) return;
      const shapeText = source.parts.map((p) => (p.kind === 'text' ? p.text : (p.shapeText ?? ' ? '))).join('');
      const isStatement = looksLikeSqlStatement(shapeText);
      if (shape === 'statement' ? !isStatement : !(isStatement || looksLikeSqlFragment(shapeText))) return;
      if (source.sites.some((s) => s.conditional)) confidence = 'medium';

      const { fix, reason } = config ? { fix: undefined, reason: FIX_REASONS.configObject } : buildFix(ctx, call, method, driver, source, typeorm);
      const nameNode = ts.isPropertyAccessExpression(unwrap(call.expression)) ? (unwrap(call.expression) as ts.PropertyAccessExpression).name : call.expression;
      const argStart = arg.getStart(sf);
      const sameLine = ctx.lines.positionAt(argStart).line === ctx.lines.positionAt(nameNode.getStart(sf)).line;
      const how = new Set<string>();
      for (const s of source.sites) for (const h of s.how) how.add(h);
      const dotted = dottedName(call.expression);
      const sinkText = dotted && dotted.length <= 40 ? `${dotted}()` : `${method}()`;
      ctx.report({
        ruleId: SQL_RULE,
        start: sameLine ? argStart : nameNode.getStart(sf),
        end: arg.end,
        args: {
          sink: sinkText,
          how: howText(how),
          via: source.variable ? ` (through the variable ${source.variable.name})` : '',
        },
        confidence,
        related: [...source.sites]
          .filter((s) => s.op !== 'arg')
          .sort((a, b) => a.node.getStart(sf) - b.node.getStart(sf))
          .map((s) => ({
            start: s.node.getStart(sf),
            end: s.node.end,
            message: s.nested ? `SQL fragment ${s.variable} is built here` : s.op === 'append' ? `SQL text in ${s.variable} is extended here` : `SQL text in ${s.variable} is built here`,
          })),
        fixes: fix ? [fix] : [],
        ...(fix ? {} : { noFixReason: reason ?? FIX_REASONS.noRewrite }),
        properties: { driver: driver ?? 'unknown', sink: method },
      });
    };

    return { visit: { [ts.SyntaxKind.CallExpression]: (node) => onCall(node as ts.CallExpression) } };
  },
};

/**
 * Modules the file loads at top level: ES imports (also bare `import 'm'`), `import x = require()`,
 * and any `require('m')` in a top-level declaration (`require('sqlite3').verbose()` included).
 */
function moduleSpecifiers(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const b of importsOf(sf).values()) out.add(b.module);
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) out.add(s.moduleSpecifier.text);
    else if (ts.isVariableStatement(s)) for (const m of requiredIn(s)) out.add(m);
  }
  return out;
}

const requiredCache = new WeakMap<ts.VariableStatement, string[]>();

/**
 * Modules `require`d in a top-level declaration, outside function bodies. Cached per node: the
 * incremental parser reuses a statement only with its subtree unchanged, and a keystroke would
 * otherwise walk every top-level declaration of the file again.
 */
function requiredIn(s: ts.VariableStatement): string[] {
  let list = requiredCache.get(s);
  if (list) return list;
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) found.push(n.arguments[0].text);
    else if (!isFunctionLike(n)) n.forEachChild(visit);
  };
  visit(s);
  requiredCache.set(s, (list = found));
  return list;
}

/** TypeORM query builders: `createQueryBuilder(…)` in the chain or in the receiver's initializer. */
function isTypeormBuilder(call: ts.CallExpression, fileUsesTypeorm: boolean): boolean {
  let e: ts.Expression = unwrap(call.expression);
  for (let i = 0; i < 30; i++) {
    if (ts.isCallExpression(e)) {
      if (calleeLastName(e) === 'createQueryBuilder') return true;
      e = unwrap(e.expression);
    } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
    else break;
  }
  if (ts.isIdentifier(e)) {
    const d = findDeclaration(e);
    if (d && ts.isVariableDeclaration(d) && d.initializer && /\bcreateQueryBuilder\s*\(/.test(d.initializer.getText())) return true;
    if (fileUsesTypeorm && /^(?:qb|\w*[qQ]ueryBuilder|\w*[bB]uilder)$/.test(e.text)) return true;
  }
  return false;
}

/** The placeholder style of the TypeORM data source configured in this file (`type: 'postgres'`). */
function findTypeormStyle(sf: ts.SourceFile): PlaceholderStyle | null {
  let found: PlaceholderStyle | null = null;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isObjectLiteralExpression(n)) {
      const t = getPropertyNode(n, 'type');
      if (t && ts.isPropertyAssignment(t) && ts.isStringLiteralLike(t.initializer) && TYPEORM_STYLES[t.initializer.text]) {
        if (['database', 'host', 'url', 'entities', 'synchronize', 'username'].some((k) => getPropertyNode(n, k))) {
          found = TYPEORM_STYLES[t.initializer.text]!;
          return;
        }
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Fixes

type ParamsTarget =
  /** An array argument at index 1, or inserted there (before a trailing callback when allowed). */
  | { kind: 'array'; callback: boolean; varargs?: boolean }
  /** Sequelize `{ replacements }` option at index 1. */
  | { kind: 'sequelize' }
  /** TypeORM query builder parameters object at index 1. */
  | { kind: 'object' }
  /** better-sqlite3: the values go to `.get/.all/.run/.iterate` of the prepared statement. */
  | { kind: 'chained' }
  /** A tagged template call (Prisma `$queryRaw`, mssql `query`). */
  | { kind: 'tagged'; rename?: string };

interface Strategy {
  style: PlaceholderStyle;
  target: ParamsTarget;
  label: string;
}

function strategyFor(driver: JsDriver, method: string, call: ts.CallExpression, typeorm: () => PlaceholderStyle | null): Strategy | string {
  switch (driver) {
    case 'pg':
      return { style: 'numbered', target: { kind: 'array', callback: true }, label: 'node-postgres' };
    case 'postgres':
      return { style: 'numbered', target: { kind: 'array', callback: false }, label: 'postgres.js' };
    case 'mysql':
    case 'mysql2':
      return { style: 'qmark', target: { kind: 'array', callback: true }, label: driver };
    case 'sqlite3':
      if (method === 'exec') return FIX_REASONS.sqlite3Exec;
      return { style: 'qmark', target: { kind: 'array', callback: true, varargs: true }, label: 'sqlite3' };
    case 'better-sqlite3':
      if (method === 'exec') return FIX_REASONS.betterSqliteExec;
      return { style: 'qmark', target: { kind: 'chained' }, label: 'better-sqlite3' };
    case 'knex':
      return { style: 'knex', target: { kind: 'array', callback: false }, label: 'knex' };
    case 'sequelize':
      if (method === 'literal') return FIX_REASONS.sequelizeLiteral;
      return { style: 'colon', target: { kind: 'sequelize' }, label: 'Sequelize' };
    case 'typeorm': {
      if (TYPEORM_WHERE.includes(method)) return { style: 'colon', target: { kind: 'object' }, label: 'TypeORM' };
      const style = typeorm();
      if (!style) return FIX_REASONS.typeormUnknown;
      return { style, target: { kind: 'array', callback: false }, label: 'TypeORM' };
    }
    case 'prisma':
      if (method === 'raw') return FIX_REASONS.prismaRaw;
      return { style: 'tagged', target: { kind: 'tagged', rename: method === '$queryRawUnsafe' ? '$queryRaw' : '$executeRaw' }, label: 'Prisma' };
    case 'mssql':
      if (method !== 'query') return FIX_REASONS.noRewrite;
      if (call.arguments.length > 1) return FIX_REASONS.mssqlCallback;
      return { style: 'tagged', target: { kind: 'tagged' }, label: 'mssql' };
  }
}

function buildFix(ctx: JsContext, call: ts.CallExpression, method: string, driver: JsDriver | undefined, source: JsSqlSource, typeorm: () => PlaceholderStyle | null): { fix?: Fix; reason?: string } {
  // Reasons that hold whatever the driver come first: they say what to change in the code.
  if (source.sites.some((s) => s.conditional)) return { reason: FIX_REASONS.conditional };
  if (!driver) {
    const probe = planParameterization(source.parts, source.sites.length, 'qmark', { kind: 'none' });
    return { reason: probe.ok ? FIX_REASONS.unknownDriverJs : probe.reason };
  }
  if (source.variable?.outer) return { reason: FIX_REASONS.outerVariable(source.variable.name) };
  if (source.variable && source.variable.references !== 1) return { reason: FIX_REASONS.sharedVariable(source.variable.name) };
  const strategy = strategyFor(driver, method, call, typeorm);
  if (typeof strategy === 'string') return { reason: strategy };
  if (strategy.target.kind === 'tagged' && source.variable) return { reason: FIX_REASONS.taggedThroughVariable };
  const sf = ctx.sourceFile;
  const target = strategy.target;

  // What the call passes today.
  let style = strategy.style;
  let existing: ExistingParams = { kind: 'none' };
  let paramsNode: ts.Expression | undefined;
  let arrayNode: ts.ArrayLiteralExpression | undefined;
  let objectNode: ts.ObjectLiteralExpression | undefined;
  let varargs: ts.Expression[] | undefined;
  let callbackNode: ts.Expression | undefined;
  let chainedCall: ts.CallExpression | undefined;
  if (target.kind === 'array') {
    const rest = call.arguments.slice(1);
    const last = rest[rest.length - 1];
    if (target.callback && last && isCallback(last)) {
      callbackNode = last;
      rest.pop();
    }
    if (rest.length === 1 && ts.isArrayLiteralExpression(unwrap(rest[0]!))) {
      arrayNode = unwrap(rest[0]!) as ts.ArrayLiteralExpression;
      if (arrayNode.elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return { reason: FIX_REASONS.paramsNotLiteral };
      existing = { kind: 'positional', count: arrayNode.elements.length };
    } else if (rest.length > 0) {
      if (!target.varargs || rest.some((e) => ts.isSpreadElement(e) || ts.isObjectLiteralExpression(unwrap(e)) || ts.isArrayLiteralExpression(unwrap(e)))) return { reason: FIX_REASONS.paramsNotLiteral };
      varargs = rest;
      existing = { kind: 'positional', count: rest.length };
    }
  } else if (target.kind === 'sequelize' || target.kind === 'object') {
    paramsNode = call.arguments[1];
    if (call.arguments.length > 2) return { reason: FIX_REASONS.paramsNotLiteral };
    if (paramsNode) {
      const o = unwrap(paramsNode);
      if (!ts.isObjectLiteralExpression(o)) return { reason: FIX_REASONS.paramsNotLiteral };
      objectNode = o;
      if (target.kind === 'sequelize') {
        if (getPropertyNode(o, 'bind')) return { reason: FIX_REASONS.sequelizeBind };
        const rep = getPropertyNode(o, 'replacements');
        if (rep) {
          const v = unwrap(ts.isPropertyAssignment(rep) ? rep.initializer : rep.name);
          if (ts.isObjectLiteralExpression(v) && v.properties.every((p) => ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) {
            objectNode = v;
            existing = { kind: 'named', names: v.properties.map((p) => (p.name ? p.name.getText(sf) : '')) };
          } else if (ts.isArrayLiteralExpression(v) && !v.elements.some((e) => ts.isSpreadElement(e))) {
            arrayNode = v;
            style = 'qmark';
            existing = { kind: 'positional', count: v.elements.length };
          } else return { reason: FIX_REASONS.paramsNotLiteral };
        }
      } else {
        if (!o.properties.every((p) => ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) return { reason: FIX_REASONS.paramsNotLiteral };
        existing = { kind: 'named', names: o.properties.map((p) => (p.name ? p.name.getText(sf) : '')) };
      }
    }
  } else if (target.kind === 'chained') {
    const pa = call.parent;
    if (!pa || !ts.isPropertyAccessExpression(pa) || pa.expression !== call || !['get', 'all', 'run', 'iterate'].includes(pa.name.text) || !ts.isCallExpression(pa.parent) || pa.parent.expression !== pa) {
      return { reason: FIX_REASONS.preparedElsewhere };
    }
    chainedCall = pa.parent;
    const args = [...chainedCall.arguments];
    if (args.length === 1 && ts.isArrayLiteralExpression(unwrap(args[0]!))) {
      arrayNode = unwrap(args[0]!) as ts.ArrayLiteralExpression;
      existing = { kind: 'positional', count: arrayNode.elements.length };
    } else if (args.length > 0) {
      if (args.some((e) => ts.isSpreadElement(e) || ts.isObjectLiteralExpression(unwrap(e)))) return { reason: FIX_REASONS.paramsNotLiteral };
      varargs = args;
      existing = { kind: 'positional', count: args.length };
    }
  }

  const outcome = planParameterization(source.parts, source.sites.length, style, existing);
  if (!outcome.ok) return { reason: outcome.reason };
  const plan = outcome.plan;
  if (plan.newCount === 0 && !plan.changed.some(Boolean)) return { reason: FIX_REASONS.noRewrite };

  const edits: OffsetEdit[] = [];
  // 1. The query text at each build site.
  source.sites.forEach((site, k) => {
    if (!plan.changed[k]) return;
    const text = renderJsSite(site, plan.sites[k]!, sf);
    const node = unwrap(site.node);
    edits.push({ start: node.getStart(sf), end: node.end, newText: text });
  });
  if (target.kind === 'tagged') {
    // `$queryRawUnsafe(\`…\`)` → `$queryRaw\`…\``: the argument list becomes the template.
    const name = ts.isPropertyAccessExpression(unwrap(call.expression)) ? (unwrap(call.expression) as ts.PropertyAccessExpression).name : undefined;
    if (!name) return { reason: FIX_REASONS.noRewrite };
    const template = renderJsSegments(plan.sites[0]!, 'template');
    const open = call.arguments.pos - 1;
    edits.length = 0;
    if (target.rename) edits.push({ start: name.getStart(sf), end: name.end, newText: target.rename });
    edits.push({ start: open, end: call.end, newText: template });
    return {
      fix: makeFix(ctx.lines, {
        title: target.rename ? `Use Prisma's tagged ${target.rename}\`…\` (values become parameters)` : `Use ${strategy.label}'s tagged template query (values become parameters)`,
        applicability: 'safe',
        edits,
      }),
    };
  }

  // 2. The parameters.
  const items = plan.ordered.map((p) => (p.kind === 'new' ? jsParamExpr(p.param) : existingElement(arrayNode, varargs, p.index, sf)));
  if (items.some((i) => i === undefined)) return { reason: FIX_REASONS.existingMismatch };
  if (style === 'colon') {
    const props = plan.named.map((p) => jsProperty(p));
    if (target.kind === 'sequelize') {
      if (!paramsNode) edits.push({ start: unwrap(call.arguments[0]!).end, end: unwrap(call.arguments[0]!).end, newText: `, { replacements: { ${props.join(', ')} } }` });
      else if (objectNode && objectNode === unwrap(paramsNode)) edits.push(insertProperty(objectNode, `replacements: { ${props.join(', ')} }`, sf));
      else if (objectNode) edits.push(appendProperties(objectNode, props, sf));
    } else {
      if (!paramsNode) edits.push({ start: call.arguments[0]!.end, end: call.arguments[0]!.end, newText: `, { ${props.join(', ')} }` });
      else if (objectNode) edits.push(appendProperties(objectNode, props, sf));
    }
  } else {
    const list = items.join(', ');
    if (arrayNode) edits.push({ start: arrayNode.getStart(sf), end: arrayNode.end, newText: `[${list}]` });
    else if (varargs) edits.push({ start: varargs[0]!.getStart(sf), end: varargs[varargs.length - 1]!.end, newText: list });
    else if (chainedCall) edits.push({ start: chainedCall.arguments.pos, end: chainedCall.arguments.end, newText: list });
    else if (callbackNode) edits.push({ start: callbackNode.getStart(sf), end: callbackNode.getStart(sf), newText: `[${list}], ` });
    else {
      const sqlArg = call.arguments[0]!;
      edits.push({ start: sqlArg.end, end: sqlArg.end, newText: `, [${list}]` });
    }
  }
  return {
    fix: makeFix(ctx.lines, {
      title: `Parameterize the query (${strategy.label} placeholders ${describePlaceholders(plan, style)})`,
      applicability: 'safe',
      edits,
    }),
  };
}

/** A trailing callback argument: a function literal, or a name that says so (`cb`, `done`, `onResult`). */
function isCallback(e: ts.Expression): boolean {
  const u = unwrap(e);
  return isFunctionLike(u) || (ts.isIdentifier(u) && /^(?:cb|callback|done|next|fn|handler|on[A-Z]\w*|\w*Callback|\w*Handler)$/.test(u.text));
}

function existingElement(array: ts.ArrayLiteralExpression | undefined, varargs: ts.Expression[] | undefined, index: number, sf: ts.SourceFile): string | undefined {
  const el = array ? array.elements[index] : varargs?.[index];
  return el ? el.getText(sf) : undefined;
}

/** A new parameter's value: the expression, with constant LIKE wildcards moved in (`` `%${q}%` ``). */
function jsParamExpr(p: NewParam): string {
  if (!p.prefix && !p.suffix) return p.value.expr;
  return `\`${escapeTemplate(p.prefix)}\${${p.value.expr}}${escapeTemplate(p.suffix)}\``;
}

function jsProperty(p: NewParam): string {
  const value = jsParamExpr(p);
  return value === p.name ? p.name : `${p.name}: ${value}`;
}

function insertProperty(obj: ts.ObjectLiteralExpression, text: string, sf: ts.SourceFile): OffsetEdit {
  if (obj.properties.length === 0) return { start: obj.getStart(sf) + 1, end: obj.end - 1, newText: ` ${text} ` };
  const first = obj.properties[0]!;
  return { start: first.getStart(sf), end: first.getStart(sf), newText: `${text}, ` };
}

function appendProperties(obj: ts.ObjectLiteralExpression, props: string[], sf: ts.SourceFile): OffsetEdit {
  if (obj.properties.length === 0) return { start: obj.getStart(sf) + 1, end: obj.end - 1, newText: ` ${props.join(', ')} ` };
  const last = obj.properties[obj.properties.length - 1]!;
  return { start: last.end, end: last.end, newText: `, ${props.join(', ')}` };
}

/** Re-renders a build site's expression with its new text, keeping its quote style when possible. */
function renderJsSite(site: JsBuildSite, segs: Segment[], sf: ts.SourceFile): string {
  const node = unwrap(site.node);
  const quote = preferredQuote(node, sf);
  // A `+` chain whose kept values were operands stays a chain: `BASE + ' WHERE id = $1'`.
  const chain = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && segs.some((s) => s.kind === 'inline') && segs.every((s) => s.kind !== 'inline' || s.value.origin === 'operand');
  const literal = chain
    ? segs.map((s) => (s.kind === 'text' ? renderJsSegments([s], quote === 'template' ? "'" : quote) : s.kind === 'inline' ? parenthesizeJs(s.value.expr) : '')).join(' + ')
    : renderJsSegments(segs, quote);
  return site.selfPrefix ? `${site.selfPrefix} + ${literal}` : literal;
}

/** Wraps an operand in parentheses unless it binds tighter than `+` (names, member access, calls). */
function parenthesizeJs(expr: string): string {
  return /^[\w$.]+(?:\([^()]*\))?$|^[\w$.]+(?:\[[^\]]*\])?$/.test(expr) ? expr : `(${expr})`;
}

function preferredQuote(node: ts.Expression, sf: ts.SourceFile): 'template' | "'" | '"' {
  if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) return 'template';
  let found: 'template' | "'" | '"' | undefined;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isStringLiteral(n)) found = sf.text[n.getStart(sf)] === '"' ? '"' : "'";
    else if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) found = 'template';
    else n.forEachChild(visit);
  };
  visit(node);
  return found ?? "'";
}

/** Segments → a JS string literal, or a template literal when values stay inline. */
function renderJsSegments(segs: Segment[], quote: 'template' | "'" | '"'): string {
  const template = quote === 'template' || segs.some((s) => s.kind !== 'text');
  if (template) {
    return `\`${segs.map((s) => (s.kind === 'text' ? escapeTemplate(s.text) : s.kind === 'inline' ? `\${${s.value.expr}}` : `\${${jsParamExpr(s.param)}}`)).join('')}\``;
  }
  const text = segs.map((s) => (s.kind === 'text' ? s.text : '')).join('');
  return `${quote}${escapeQuoted(text, quote)}${quote}`;
}

function escapeTemplate(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function escapeQuoted(text: string, quote: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch < ' ' && ch !== '\t') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

