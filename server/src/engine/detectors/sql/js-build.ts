import ts from 'typescript';
import { constantString, enclosingFunction, findDeclaration, isFunctionLike, sourceFileOf, unwrap } from '../../js/ast';
import { isDangerous, REASONS, type SqlPart, type SqlValuePart } from './plan';
import { readOutsideStatement } from '../../js/statementCache';

/**
 * How a JavaScript/TypeScript program builds the SQL text that reaches a sink: the build sites
 * (the sink's argument itself, or the assignments of the variable passed to it) and, for each,
 * its constant text and computed values in order.
 *
 * Syntax only (no type checker): variables are followed through straight-line assignments in
 * the function that contains the sink, after the manner of a reaching-definitions pass restricted
 * to one function body.
 */

/** One place where SQL text is built: an initializer, an assignment, or the sink argument. */
export interface JsBuildSite {
  /** The expression that builds the text (the part a fix rewrites). */
  node: ts.Expression;
  /** `arg`: the sink's own argument; `init`/`assign`: sets the variable; `append`: `+=` or `q = q + …`. */
  op: 'arg' | 'init' | 'assign' | 'append';
  /** In a branch or loop that the sink does not share: the text may or may not be built this way. */
  conditional: boolean;
  /** `q = q + …` / `` q = `${q} …` ``: the rewrite keeps `q + ` in front. */
  selfPrefix?: string;
  /** How the text is built, for the message: `a template literal`, `string concatenation`. */
  how: Set<string>;
  /** The variable this site belongs to (undefined for the sink argument). */
  variable?: string;
  /** Nested: a variable spliced into another site's text, itself built from strings. */
  nested?: boolean;
}

/** The SQL as it reaches the sink. */
export interface JsSqlSource {
  sites: JsBuildSite[];
  /** Parts of every site in order; `site` indexes `sites` (nested sites included). */
  parts: SqlPart[];
  /** The variable passed to the sink, when the SQL came through one. */
  variable?: { name: string; declaration: ts.VariableDeclaration; references: number; outer?: boolean };
}

const NUMERIC_CALLS = new Set(['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.abs', 'Math.max', 'Math.min', 'BigInt']);

/**
 * True for expressions whose value is a number (or boolean/null) by construction, so their text
 * cannot carry SQL: numeric literals, `Number(x)`, `parseInt(x)`, `Math.*(…)`, unary `+x`,
 * arithmetic other than `+`, `.length`, `.toFixed()`, and `const`s bound to such values.
 */
export function isNumericByConstruction(node: ts.Expression, depth = 0): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (ts.isNumericLiteral(n) || ts.isBigIntLiteral(n)) return true;
  if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword || n.kind === ts.SyntaxKind.NullKeyword) return true;
  // -x, +x, ~x, !x: numbers or booleans.
  if (ts.isPrefixUnaryExpression(n)) return true;
  if (ts.isBinaryExpression(n)) {
    const k = n.operatorToken.kind;
    return [ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.CaretToken, ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken].includes(k);
  }
  if (ts.isCallExpression(n)) {
    const callee = n.expression.getText();
    if (NUMERIC_CALLS.has(callee) || /^Math\.\w+$/.test(callee)) return true;
    if (ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'toFixed') return true;
    return false;
  }
  if (ts.isPropertyAccessExpression(n) && n.name.text === 'length') return true;
  if (ts.isConditionalExpression(n)) return isNumericByConstruction(n.whenTrue, depth + 1) && isNumericByConstruction(n.whenFalse, depth + 1);
  if (ts.isIdentifier(n)) {
    const d = findDeclaration(n);
    if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0) {
      return isNumericByConstruction(d.initializer, depth + 1);
    }
  }
  return false;
}

/** A parameter name suggested by an expression: `id` for `req.params.id`, `name` for `body['name']`. */
export function jsNameHint(node: ts.Expression): string | undefined {
  const n = unwrap(node);
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isElementAccessExpression(n)) {
    const a = unwrap(n.argumentExpression);
    if (ts.isStringLiteralLike(a)) return a.text;
  }
  if (ts.isCallExpression(n)) {
    const a = n.arguments[0];
    if (a && ts.isStringLiteralLike(a)) return a.text; // req.get('name'), params.get('id')
    if (a) return jsNameHint(a); // String(id), Number(x)
  }
  return undefined;
}

function isStringy(node: ts.Expression): boolean {
  const n = unwrap(node);
  return ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || constantString(n) !== undefined;
}

/** Operands of a left-associated `+` chain: `a + b + c` → [a, b, c]. */
function plusOperands(node: ts.BinaryExpression): ts.Expression[] {
  const out: ts.Expression[] = [];
  let n: ts.Expression = node;
  const right: ts.Expression[] = [];
  while (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    right.push(n.right);
    n = n.left;
    // Parentheses around a left operand keep it one chain: ("a" + b) + c.
    while (ts.isParenthesizedExpression(n) && ts.isBinaryExpression(n.expression) && n.expression.operatorToken.kind === ts.SyntaxKind.PlusToken && isStringy(firstOperand(n.expression))) n = n.expression;
  }
  out.push(n);
  for (let i = right.length - 1; i >= 0; i--) out.push(right[i]!);
  return out;
}

function firstOperand(b: ts.BinaryExpression): ts.Expression {
  let n: ts.Expression = b;
  while (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) n = n.left;
  return n;
}

/**
 * Collects the build of the SQL argument `arg` of a sink call: directly, or through a local
 * variable assigned earlier in the same function. Returns undefined when the argument is not
 * built from strings in a way Redline can see (a parameter, a call result, a tagged template).
 */
export function collectJsSql(arg: ts.Expression, sink: ts.Node): JsSqlSource | undefined {
  const a = unwrap(arg);
  const source: JsSqlSource = { sites: [], parts: [] };
  if (ts.isIdentifier(a)) {
    if (constantString(a) !== undefined) return undefined;
    const v = followVariable(a, sink, source, 0, false);
    if (!v) return undefined;
    source.variable = v;
    return source;
  }
  if (!isBuildExpression(a)) return undefined;
  const site: JsBuildSite = { node: a, op: 'arg', conditional: false, how: new Set() };
  source.sites.push(site);
  collectParts(a, 0, site, source, 0);
  return source;
}

/** Template literals with substitutions and `+` chains: the shapes that build text. */
function isBuildExpression(n: ts.Expression): boolean {
  const u = unwrap(n);
  return ts.isTemplateExpression(u) || (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) || ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u);
}

function pushText(source: JsSqlSource, site: number, text: string): void {
  if (!text) return;
  const last = source.parts[source.parts.length - 1];
  if (last?.kind === 'text' && last.site === site) last.text += text;
  else source.parts.push({ kind: 'text', text, site });
}

/**
 * True for values drawn from a closed set of constants, which cannot carry the caller's text:
 * constants and numbers; `c ? 'ASC' : 'DESC'`; `ALLOWED[key] || 'name'` / `?? ALLOWED.week` on a
 * `const` object whose values are all constants (an allowlist); templates whose substitutions
 * are all closed (`$${params.length}`); `parts.join(' AND ')` on a local array whose elements and
 * every `push` are closed; `ids.map((_, i) => `$${i + 1}`).join(', ')`.
 */
export function isClosedSet(node: ts.Expression, depth = 0): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  if (constantString(n) !== undefined || isNumericByConstruction(n)) return true;
  if (ts.isConditionalExpression(n)) return isClosedSet(n.whenTrue, depth + 1) && isClosedSet(n.whenFalse, depth + 1);
  if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return isClosedSet(n.left, depth + 1) && isClosedSet(n.right, depth + 1);
  }
  if (ts.isTemplateExpression(n)) return n.templateSpans.every((sp) => isClosedSet(sp.expression, depth + 1));
  if (ts.isElementAccessExpression(n) || ts.isPropertyAccessExpression(n)) {
    const obj = constObjectOf(n.expression);
    if (obj) return obj.properties.every((p) => ts.isPropertyAssignment(p) && (constantString(p.initializer) !== undefined || isNumericByConstruction(p.initializer)));
  }
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'join') {
    const target = unwrap(n.expression.expression);
    // `xs.map((_, i) => `$${i + 1}`).join(', ')`
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'map') {
      const cb = target.arguments[0] && unwrap(target.arguments[0]);
      if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) {
        const [elementParam, indexParam] = cb.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
        const returns = ts.isBlock(cb.body) ? cb.body.statements.filter(ts.isReturnStatement).map((r) => r.expression) : [cb.body];
        // The mapped element is ignored; its index (a number) may be used: `$${i + 1}`.
        const usesElement = !!elementParam && returns.some((r) => r && new RegExp(`\\b${elementParam}\\b`).test(r.getText()));
        const indexMath = (e: ts.Expression): boolean => {
          const x = unwrap(e);
          if (ts.isNumericLiteral(x)) return true;
          if (ts.isIdentifier(x)) return x.text === indexParam;
          return ts.isBinaryExpression(x) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken].includes(x.operatorToken.kind) && indexMath(x.left) && indexMath(x.right);
        };
        const closed = (r: ts.Expression): boolean => {
          const x = unwrap(r);
          if (ts.isTemplateExpression(x)) return x.templateSpans.every((sp) => indexMath(sp.expression) || isClosedSet(sp.expression, depth + 1));
          return indexMath(x) || isClosedSet(x, depth + 1);
        };
        return returns.length > 0 && !usesElement && returns.every((r) => !!r && closed(r));
      }
      return false;
    }
    if (ts.isIdentifier(target)) return isClosedArray(target, depth + 1);
  }
  if (ts.isIdentifier(n)) {
    const d = findDeclaration(n);
    if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0) return isClosedSet(d.initializer, depth + 1);
  }
  return false;
}

/** The `const` object literal an expression names (`WINDOWS` in `WINDOWS[w]`), if any. */
function constObjectOf(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (!ts.isIdentifier(u)) return undefined;
  const d = findDeclaration(u);
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer || !ts.isVariableDeclarationList(d.parent) || (d.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const init = unwrap(d.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

/** A local array whose initial elements and every `push(...)` argument in its scope are closed. */
function isClosedArray(id: ts.Identifier, depth: number): boolean {
  const d = findDeclaration(id);
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return false;
  const init = unwrap(d.initializer);
  if (!ts.isArrayLiteralExpression(init) || !init.elements.every((e) => !ts.isSpreadElement(e) && isClosedSet(e, depth + 1))) return false;
  const scope = enclosingFunction(d);
  // A module-level array can be pushed to from any function of the file.
  if (ts.isSourceFile(scope)) readOutsideStatement();
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && n.text === id.text && n !== d.name) {
      const p = n.parent;
      const isPush = ts.isPropertyAccessExpression(p) && p.expression === n && (p.name.text === 'push' || p.name.text === 'unshift') && ts.isCallExpression(p.parent);
      const isRead = ts.isPropertyAccessExpression(p) && p.expression === n && ['join', 'length'].includes(p.name.text);
      if (isPush) ok = (p.parent as ts.CallExpression).arguments.every((a) => !ts.isSpreadElement(a) && isClosedSet(a, depth + 1));
      else if (!isRead) ok = false;
    }
    n.forEachChild(visit);
  };
  visit(ts.isSourceFile(scope) ? scope : scope.body ?? scope);
  return ok;
}

function pushValue(source: JsSqlSource, site: number, node: ts.Expression, sinkOrUse: ts.Node, depth: number, fragment: boolean, origin: 'operand' | 'interpolation'): void {
  const u = unwrap(node);
  const sf = sourceFileOf(node);
  const c = constantString(node);
  if (c !== undefined) {
    // Literals are text; named constants stay references in a rewrite, their text counts.
    if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) || ts.isNumericLiteral(u)) pushText(source, site, c);
    else source.parts.push({ kind: 'value', site, expr: u.getText(sf), start: u.getStart(sf), end: u.end, numeric: false, sanitized: true, shapeText: c, origin });
    return;
  }
  // A local variable that is itself SQL text built from strings: when it splices in values, its
  // parts join the query (the danger and the shape are judged on the whole text, and a fix must
  // decline); when it holds constant text only, it stays one safe value whose text counts for
  // the shape.
  if (ts.isIdentifier(u) && depth < 3) {
    const before = source.parts.length;
    const sitesBefore = source.sites.length;
    const v = followVariable(u, sinkOrUse, source, depth + 1, true);
    if (v) {
      const added = source.parts.slice(before);
      if (added.some((p) => p.kind === 'value' && isDangerous(p))) {
        for (const p of added) if (p.kind === 'value') p.fragment = true;
        return;
      }
      source.parts.length = before;
      source.sites.length = sitesBefore;
      source.parts.push({ kind: 'value', site, expr: u.text, start: u.getStart(sf), end: u.end, numeric: false, sanitized: true, shapeText: added.map((p) => (p.kind === 'text' ? p.text : ' ? ')).join(''), origin });
      return;
    }
    source.parts.length = before;
    source.sites.length = sitesBefore;
  }
  const value: SqlValuePart = {
    kind: 'value',
    site,
    expr: u.getText(sf),
    start: u.getStart(sf),
    end: u.end,
    numeric: isNumericByConstruction(u),
    origin,
  };
  // Drawn from a closed set of constants (an allowlist lookup, a choice between literals, a list
  // of placeholders): it cannot carry the caller's text.
  if (!value.numeric && isClosedSet(u)) value.sanitized = true;
  const hint = jsNameHint(u);
  if (hint) value.nameHint = hint;
  const escaping = escapingOf(u);
  if (escaping === 'driver') value.sanitized = true;
  else if (escaping === 'manual') value.noBind = REASONS.escapedByHand;
  if (fragment) value.fragment = true;
  source.parts.push(value);
}

function collectParts(node: ts.Expression, site: number, info: JsBuildSite, source: JsSqlSource, depth: number): void {
  const n = unwrap(node);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
    pushText(source, site, n.text);
    return;
  }
  if (ts.isTemplateExpression(n)) {
    info.how.add('a template literal');
    pushText(source, site, n.head.text);
    for (const span of n.templateSpans) {
      if (info.selfPrefix && span === n.templateSpans[0] && n === unwrap(info.node)) {
        pushText(source, site, span.literal.text);
        continue;
      }
      pushValue(source, site, span.expression, span, depth, !!info.nested, 'interpolation');
      pushText(source, site, span.literal.text);
    }
    return;
  }
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    info.how.add('string concatenation');
    const ops = plusOperands(n);
    // `a + b + "…"` adds a and b first when neither is a string: keep them as one value.
    let first = info.selfPrefix && n === unwrap(info.node) ? 1 : 0;
    if (first === 0 && ops.length > 2 && !isStringy(ops[0]!) && !isStringy(ops[1]!)) {
      first = 1;
      while (first < ops.length && !isStringy(ops[first]!)) first++;
      const sf = sourceFileOf(n);
      const start = ops[0]!.getStart(sf);
      const end = ops[first - 1]!.end;
      source.parts.push({ kind: 'value', site, expr: sf.text.slice(start, end), start, end, numeric: false, origin: 'operand', ...(info.nested ? { fragment: true } : {}) });
    }
    for (let i = first; i < ops.length; i++) {
      const op = unwrap(ops[i]!);
      if (ts.isStringLiteral(op) || ts.isNoSubstitutionTemplateLiteral(op) || ts.isTemplateExpression(op)) collectParts(op, site, info, source, depth);
      else pushValue(source, site, ops[i]!, ops[i]!, depth, !!info.nested, 'operand');
    }
    return;
  }
  pushValue(source, site, n, n, depth, !!info.nested, 'operand');
}

/** The statement that directly contains `node` and whose parent is a block-like container. */
function statementOf(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const p = n.parent;
    if (p && (ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p))) return n as ts.Statement;
    if (p && isFunctionLike(p)) return undefined;
  }
  return undefined;
}

/** True when `ancestor` contains `node`. */
function contains(ancestor: ts.Node, node: ts.Node): boolean {
  return node.pos >= ancestor.pos && node.end <= ancestor.end && sourceFileOf(node) === sourceFileOf(ancestor);
}

/**
 * Follows a local variable to the assignments that reach `use` on straight-line code.
 * Appends the sites and their parts to `source`; returns undefined when the variable is not a
 * local of the same function, or when none of the reaching assignments builds text from strings.
 */
function followVariable(id: ts.Identifier, use: ts.Node, source: JsSqlSource, depth: number, nested: boolean): JsSqlSource['variable'] | undefined {
  const decl = findDeclaration(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
  const fn = enclosingFunction(use);
  const sf = sourceFileOf(use);
  if (decl.getStart(sf) > use.getStart(sf)) return undefined;
  const name = id.text;
  if (enclosingFunction(decl) !== fn) {
    // Used in a closure: only a `const` is known there (its initializer is its only value).
    const isConst = ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst || !decl.initializer || !isBuildExpression(decl.initializer) || !hasLiteral(decl.initializer)) return undefined;
    const site: JsBuildSite = { node: decl.initializer, op: 'init', conditional: false, how: new Set(), variable: name, ...(nested ? { nested: true } : {}) };
    const index = source.sites.length;
    source.sites.push(site);
    collectParts(decl.initializer, index, site, source, depth);
    return { name, declaration: decl, references: 1, outer: true };
  }
  const body: ts.Node = ts.isSourceFile(fn) ? fn : (fn.body ?? fn);
  const useStart = use.getStart(sf);

  type Raw = { node: ts.Expression; op: JsBuildSite['op']; stmt: ts.Node | undefined; selfPrefix?: string };
  const raws: Raw[] = [];
  if (decl.initializer) raws.push({ node: decl.initializer, op: 'init', stmt: statementOf(decl) });
  let references = 0;
  const visit = (n: ts.Node) => {
    if (n !== body && isFunctionLike(n)) return;
    if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && n.left.text === name && findDeclaration(n.left) === decl) {
      const k = n.operatorToken.kind;
      if (n.end <= useStart && (k === ts.SyntaxKind.EqualsToken || k === ts.SyntaxKind.PlusEqualsToken)) {
        const self = k === ts.SyntaxKind.EqualsToken && isSelfAppend(n.right, name);
        if (k === ts.SyntaxKind.PlusEqualsToken) raws.push({ node: n.right, op: 'append', stmt: statementOf(n) });
        else if (self) raws.push({ node: n.right, op: 'append', stmt: statementOf(n), selfPrefix: name });
        else raws.push({ node: n.right, op: 'assign', stmt: statementOf(n) });
        visit(n.right);
        // The `q` of `q = q + …` is part of the build, not another use.
        if (self) references--;
        return;
      }
      if (k !== ts.SyntaxKind.EqualsToken && k !== ts.SyntaxKind.PlusEqualsToken) references++;
      visit(n.right);
      return;
    }
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && isReference(n) && findDeclaration(n) === decl) references++;
    n.forEachChild(visit);
  };
  visit(body);
  raws.sort((x, y) => x.node.getStart(sf) - y.node.getStart(sf));

  // Reaching definitions on straight-line code: an unconditional plain assignment replaces what
  // came before; a conditional one is an alternative; `+=` appends.
  let reaching: { raw: Raw; conditional: boolean }[] = [];
  for (const raw of raws) {
    const stmt = raw.stmt;
    const conditional = !stmt || !stmt.parent || !contains(stmt.parent, use) || isConditionalBetween(raw.node, use);
    if ((raw.op === 'init' || raw.op === 'assign') && !conditional) reaching = [{ raw, conditional }];
    else reaching.push({ raw, conditional });
  }
  if (reaching.length === 0) return undefined;
  // Built from strings: at least one reaching site writes constant SQL text.
  const built = reaching.some((r) => isBuildExpression(r.raw.node) && hasLiteral(r.raw.node));
  if (!built) return undefined;
  for (const { raw, conditional } of reaching) {
    const site: JsBuildSite = { node: raw.node, op: raw.op, conditional, how: new Set(), variable: name, ...(nested ? { nested: true } : {}), ...(raw.selfPrefix ? { selfPrefix: raw.selfPrefix } : {}) };
    const index = source.sites.length;
    source.sites.push(site);
    collectParts(raw.node, index, site, source, depth);
  }
  return { name, declaration: decl, references };
}

/** `q + …` or `` `${q}…` `` on the right of `q = …`: an append to `q`. */
function isSelfAppend(right: ts.Expression, name: string): boolean {
  const r = unwrap(right);
  if (ts.isBinaryExpression(r) && r.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const first = unwrap(plusOperands(r)[0]!);
    return ts.isIdentifier(first) && first.text === name;
  }
  if (ts.isTemplateExpression(r) && r.head.text === '') {
    const first = unwrap(r.templateSpans[0]!.expression);
    return ts.isIdentifier(first) && first.text === name;
  }
  return false;
}

/** True when the expression contains a string or template literal (constant SQL text). */
function hasLiteral(node: ts.Expression): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) found = true;
    else if (!isFunctionLike(n)) n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** False for identifiers that name a property or member rather than refer to a variable. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isQualifiedName(p) && p.right === id)) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/**
 * True when `node` runs only on some paths to `use`: between `node` and the nearest ancestor
 * that also contains `use` there is a branch (if, loop, switch case, `?:`, `&&`/`||`/`??`, catch).
 */
function isConditionalBetween(node: ts.Node, use: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !contains(n, use); n = n.parent) {
    if (
      ts.isIfStatement(n) ||
      ts.isIterationStatement(n, false) ||
      ts.isConditionalExpression(n) ||
      ts.isCaseClause(n) ||
      ts.isDefaultClause(n) ||
      ts.isCatchClause(n) ||
      isFunctionLike(n) ||
      (ts.isBinaryExpression(n) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(n.operatorToken.kind))
    ) {
      return true;
    }
  }
  return false;
}

const ESCAPE_FUNCTIONS = new Set(['escape', 'escapeLiteral', 'escapeIdentifier', 'escapeId', 'quote', 'quoteIdentifier', 'quoteLiteral']);

/**
 * `driver`: the value went through an escaping function (`mysql.escape(x)`, `client.escapeLiteral(x)`,
 * `pg-format`'s `quote`), which produces a complete SQL literal; `manual`: quotes doubled by hand
 * (`x.replace(/'/g, "''")`), which must not be bound as is (the doubled quotes would be stored).
 */
function escapingOf(node: ts.Expression): 'driver' | 'manual' | undefined {
  const n = unwrap(node);
  if (!ts.isCallExpression(n)) return undefined;
  const callee = unwrap(n.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name && ESCAPE_FUNCTIONS.has(name)) return 'driver';
  if ((name === 'replace' || name === 'replaceAll') && n.arguments.some((a) => /'/.test(a.getText()))) return 'manual';
  return undefined;
}
