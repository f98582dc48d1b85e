import type { Node } from 'web-tree-sitter';
import { ancestors, assignmentsBefore, constantString, enclosingFunction, rootOf } from '../../python/ast';
import { FIX_REASONS } from './common';
import { isDangerous, REASONS, type SqlPart, type SqlValuePart } from './plan';

/**
 * How a Python program builds the SQL text that reaches a sink: f-strings, `+`, `%` formatting
 * and `str.format()`, directly at the sink or through a local variable assigned (and `+=`
 * extended) earlier in the same function. Text is "cooked": Python escapes, `{{`/`}}` of
 * f-strings and format strings, and `%%` of %-format strings are resolved, so the parts read as
 * the SQL the driver receives.
 *
 * Grammar: tree-sitter-python 0.25 (`string` with `string_start`/`string_content`/
 * `interpolation`/`string_end` children; `concatenated_string`; `binary_operator`).
 */

/** One place where SQL text is built. */
export interface PyBuildSite {
  node: Node;
  op: 'arg' | 'init' | 'assign' | 'append';
  conditional: boolean;
  /** `q = q + …`: the rewrite keeps `q + ` in front. */
  selfPrefix?: string;
  how: Set<string>;
  variable?: string;
  nested?: boolean;
  /** The first string literal of the site: its quote (`"`, `'''`, …), for the rewrite. */
  quote?: string;
}

/** The SQL as it reaches the sink. */
export interface PySqlSource {
  sites: PyBuildSite[];
  parts: SqlPart[];
  variable?: { name: string; references: number };
}

const NUMERIC_CALLS = new Set(['int', 'float', 'len', 'abs', 'round', 'bool', 'math.floor', 'math.ceil', 'math.trunc']);
const ESCAPE_CALLS = new Set(['escape_string', 'escape', 'escape_literal', 'quote', 'adapt', 'literal', 'quote_identifier']);

/** Unwraps parentheses and `await`. */
export function pyUnwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if ((n.type === 'parenthesized_expression' || n.type === 'await') && n.namedChildren.length === 1) n = n.namedChildren[0]!;
    else return n;
  }
}

/**
 * True for values drawn from a closed set of constants: literals and numbers, `'A' if c else ''`
 * with closed branches, `x or 'name'`, and lookups in a module-level dict whose values are all
 * constants (`SORT_FIELDS.get(sort, "name")`, `SORT_FIELDS[sort]`), also through a local bound
 * once to such a value.
 */
export function isPyClosedSet(node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  const n = node.type === 'parenthesized_expression' && node.namedChildren[0] ? node.namedChildren[0] : node;
  if (constantString(n) !== undefined || isPyNumeric(n)) return true;
  switch (n.type) {
    case 'conditional_expression': {
      const parts = n.namedChildren.filter((c): c is Node => !!c);
      // `a if cond else b`: children are [a, cond, b].
      return parts.length === 3 && isPyClosedSet(parts[0]!, depth + 1) && isPyClosedSet(parts[2]!, depth + 1);
    }
    case 'boolean_operator':
      return n.childForFieldName('operator')?.text === 'or' && isPyClosedSet(n.childForFieldName('left')!, depth + 1) && isPyClosedSet(n.childForFieldName('right')!, depth + 1);
    case 'subscript':
      return isConstantDict(n.childForFieldName('value'));
    case 'call': {
      const f = n.childForFieldName('function');
      if (f?.type !== 'attribute' || f.childForFieldName('attribute')?.text !== 'get' || !isConstantDict(f.childForFieldName('object'))) return false;
      const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      return args.length === 2 && isPyClosedSet(args[1]!, depth + 1);
    }
    case 'identifier': {
      const assigns = assignmentsBefore(n, n.text);
      return assigns.length === 1 && assigns[0]!.op === '=' && isPyClosedSet(assigns[0]!.value, depth + 1);
    }
    default:
      return false;
  }
}

/** A module-level name bound once to a dict literal whose values are all constants. */
function isConstantDict(node: Node | null): boolean {
  if (node?.type !== 'identifier') return false;
  const root = rootOf(node);
  let dict: Node | undefined;
  let count = 0;
  for (const s of root.namedChildren) {
    const a = s?.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    if (a?.type !== 'assignment' || a.childForFieldName('left')?.text !== node.text) continue;
    count++;
    const right = a.childForFieldName('right');
    if (right?.type === 'dictionary') dict = right;
  }
  if (count !== 1 || !dict) return false;
  return dict.namedChildren.every((p) => !p || p.type === 'comment' || (p.type === 'pair' && constantString(p.childForFieldName('value')) !== undefined));
}

/** True for values that are numbers or booleans by construction: `int(x)`, `len(x)`, literals. */
export function isPyNumeric(node: Node, depth = 0): boolean {
  const n = pyUnwrap(node);
  if (depth > 4) return false;
  switch (n.type) {
    case 'identifier': {
      // A local whose every assignment so far is a number (`limit = int(request.args["limit"])`).
      const assigns = assignmentsBefore(n, n.text);
      return assigns.length > 0 && assigns.every((a) => a.op === '=' && isPyNumeric(a.value, depth + 1));
    }
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'unary_operator':
      return true;
    case 'call': {
      const f = n.childForFieldName('function');
      return !!f && NUMERIC_CALLS.has(f.text);
    }
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '*') {
        // `" " * indent`: repeating a constant without quotes cannot carry a quote either.
        const quoteFree = (x: Node | null) => {
          const c = x ? constantString(x) : undefined;
          return c !== undefined && !/['"\\]/.test(c);
        };
        if (quoteFree(n.childForFieldName('left')) || quoteFree(n.childForFieldName('right'))) return true;
      }
      return op === '-' || op === '//' || op === '/' || op === '**' || ((op === '*' || op === '%' || op === '+') && isPyNumeric(n.childForFieldName('left')!, depth + 1) && isPyNumeric(n.childForFieldName('right')!, depth + 1));
    }
    default:
      return false;
  }
}

/** Parameter name suggested by an expression: `email` for `request.form["email"]` or `user.email`. */
export function pyNameHint(node: Node): string | undefined {
  const n = pyUnwrap(node);
  switch (n.type) {
    case 'identifier':
      return n.text;
    case 'attribute':
      return n.childForFieldName('attribute')?.text;
    case 'subscript': {
      const key = n.childForFieldName('subscript');
      return key?.type === 'string' ? (cookedConstant(key) ?? undefined) : undefined;
    }
    case 'call': {
      const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      const first = args[0];
      if (first?.type === 'string') return cookedConstant(first);
      return first ? pyNameHint(first) : undefined;
    }
    default:
      return undefined;
  }
}

/** The prefix letters (lower-cased) and the quote of a string node: `f"` → `{ prefix: 'f', quote: '"' }`. */
export function stringDelimiters(node: Node): { prefix: string; quote: string } {
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? node.text.slice(0, 1);
  const m = /^([A-Za-z]*)(.*)$/s.exec(start)!;
  return { prefix: m[1]!.toLowerCase(), quote: m[2]! };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

/** Decodes Python escape sequences in a string literal's raw content (Python reference §2.4.1). */
export function decodePyEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])/g, (m, e: string) => {
    if (e in SIMPLE_ESCAPES && !/^[0-7]{2,3}$/.test(e)) return SIMPLE_ESCAPES[e]!;
    if (e === '\r\n' || e === '\r') return '';
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return m; // unknown escapes keep the backslash
  });
}

/** Cooked content of one `string_content` node. */
function cookContent(content: Node, prefix: string): string {
  let raw = content.text;
  if (prefix.includes('f')) raw = raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return prefix.includes('r') ? raw : decodePyEscapes(raw);
}

/**
 * Cooked value of a constant string expression: literals (not f-strings with interpolations),
 * implicit concatenation, `+` of constants, and module-level names bound once to such values.
 */
export function cookedConstant(node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > 8) return undefined;
  const n = pyUnwrap(node);
  switch (n.type) {
    case 'string': {
      const { prefix } = stringDelimiters(n);
      if (prefix.includes('b')) return undefined;
      let out = '';
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'interpolation') return undefined;
        if (c.type === 'string_content') out += cookContent(c, prefix);
      }
      return out;
    }
    case 'concatenated_string': {
      let out = '';
      for (const c of n.namedChildren) {
        const v = cookedConstant(c, depth + 1);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case 'binary_operator': {
      if (n.childForFieldName('operator')?.text !== '+') return undefined;
      const l = cookedConstant(n.childForFieldName('left'), depth + 1);
      const r = l === undefined ? undefined : cookedConstant(n.childForFieldName('right'), depth + 1);
      return r === undefined ? undefined : l! + r;
    }
    case 'integer':
      return n.text;
    case 'identifier':
      return moduleConstant(n, depth);
    default:
      return undefined;
  }
}

/** Module-level `name = value` assignments of one tree: name → values, in order. */
let moduleAssignments: { root: Node; byName: Map<string, Node[]> } | undefined;

/**
 * Module-level assignments by name, computed once per tree (a file with thousands of statements
 * would otherwise be scanned once per identifier).
 */
export function moduleAssignmentsOf(root: Node): Map<string, Node[]> {
  if (moduleAssignments && moduleAssignments.root.id === root.id && moduleAssignments.root.tree === root.tree && moduleAssignments.root.endIndex === root.endIndex) return moduleAssignments.byName;
  const byName = new Map<string, Node[]>();
  for (const s of root.namedChildren) {
    if (s?.type !== 'expression_statement') continue;
    const a = s.namedChildren[0];
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const list = byName.get(left.text);
    if (list) list.push(right);
    else byName.set(left.text, [right]);
  }
  moduleAssignments = { root, byName };
  return byName;
}

/** Forgets the per-tree caches; called when a detector run starts. */
export function resetPyBuildCaches(): void {
  moduleAssignments = undefined;
}

/** A module-level name assigned exactly once, to a constant string (`TABLE = "users"`). */
function moduleConstant(id: Node, depth: number): string | undefined {
  // A local of the enclosing function shadows the module name.
  const fn = enclosingFunction(id);
  if (fn && assignmentsBefore(id, id.text).length > 0) return undefined;
  const values = moduleAssignmentsOf(rootOf(id)).get(id.text);
  return values?.length === 1 ? cookedConstant(values[0], depth + 1) : undefined;
}

function isStringNode(n: Node): boolean {
  return n.type === 'string' || n.type === 'concatenated_string';
}

/**
 * The constant text of a format string: a literal, or a name bound to one (a module constant, or
 * a local assigned once, unconditionally, before `at`).
 */
function formatString(node: Node): string | undefined {
  const n = pyUnwrap(node);
  if (isStringNode(n)) return cookedConstant(n);
  if (n.type !== 'identifier') return undefined;
  const local = assignmentsBefore(n, n.text);
  if (local.length === 1 && local[0]!.op === '=') return cookedConstant(local[0]!.value);
  return local.length === 0 ? cookedConstant(n) : undefined;
}

/** `"…" % args`, or `fmt % args` with `fmt` bound to a constant string. */
function isPercentFormat(n: Node): boolean {
  return n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '%' && formatString(n.childForFieldName('left')!) !== undefined && !isPyNumeric(n.childForFieldName('left')!);
}

/** `"…".format(…)`, or `fmt.format(…)` with `fmt` bound to a constant string. */
function isFormatCall(n: Node): boolean {
  if (n.type !== 'call') return false;
  const f = n.childForFieldName('function');
  return f?.type === 'attribute' && f.childForFieldName('attribute')?.text === 'format' && formatString(f.childForFieldName('object')!) !== undefined;
}

/** Expressions that build text: f-strings, string literals, `+` chains, `%` formatting, `.format()`. */
export function isPyBuildExpression(node: Node): boolean {
  const n = pyUnwrap(node);
  return isStringNode(n) || (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') || isPercentFormat(n) || isFormatCall(n);
}

/**
 * Collects the build of a sink's SQL argument, directly or through a local variable. Undefined
 * when the argument is not built from strings in a way Redline can see.
 */
export function collectPySql(arg: Node): PySqlSource | undefined {
  const a = pyUnwrap(arg);
  const source: PySqlSource = { sites: [], parts: [] };
  if (a.type === 'identifier') {
    if (cookedConstant(a) !== undefined) return undefined;
    const v = followVariable(a, source, 0, false);
    if (!v) return undefined;
    source.variable = v;
    return source;
  }
  if (!isPyBuildExpression(a)) return undefined;
  const site: PyBuildSite = { node: a, op: 'arg', conditional: false, how: new Set() };
  source.sites.push(site);
  collectParts(a, 0, site, source, 0);
  return source;
}

function pushText(source: PySqlSource, site: number, text: string): void {
  if (!text) return;
  const last = source.parts[source.parts.length - 1];
  if (last?.kind === 'text' && last.site === site) last.text += text;
  else source.parts.push({ kind: 'text', text, site });
}

function firstQuote(info: PyBuildSite, n: Node): void {
  if (!info.quote && n.type === 'string') info.quote = stringDelimiters(n).quote;
}

function collectParts(node: Node, site: number, info: PyBuildSite, source: PySqlSource, depth: number): void {
  const n = pyUnwrap(node);
  const skipSelf = !!info.selfPrefix && n.id === pyUnwrap(info.node).id;
  if (n.type === 'string') {
    firstQuote(info, n);
    const { prefix } = stringDelimiters(n);
    // `q = f"{q} AND …"`: the leading `{q}` is the variable itself, kept by the rewrite.
    let selfSkipped = !skipSelf;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') pushText(source, site, cookContent(c, prefix));
      else if (c.type === 'interpolation') {
        info.how.add('an f-string');
        const expr = c.namedChildren.find((x) => x && x.type !== 'type_conversion' && x.type !== 'format_specifier');
        if (!selfSkipped) {
          selfSkipped = true;
          continue;
        }
        if (!expr) continue;
        const conv = c.namedChildren.find((x) => x?.type === 'type_conversion')?.text ?? '';
        const spec = c.namedChildren.find((x) => x?.type === 'format_specifier');
        const format = `${conv}${spec ? spec.text : ''}`;
        pushValue(source, site, expr, depth, !!info.nested, 'interpolation', format, conv === '!r' || conv === '!a' ? REASONS.repr : spec ? REASONS.formatSpec : undefined);
      }
    }
    return;
  }
  if (n.type === 'concatenated_string') {
    for (const c of n.namedChildren) if (c) collectParts(c, site, info, source, depth);
    return;
  }
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') {
    info.how.add('string concatenation');
    const ops: Node[] = [];
    let cur: Node = n;
    const right: Node[] = [];
    while (cur.type === 'binary_operator' && cur.childForFieldName('operator')?.text === '+') {
      right.push(cur.childForFieldName('right')!);
      cur = cur.childForFieldName('left')!;
    }
    ops.push(cur);
    for (let i = right.length - 1; i >= 0; i--) ops.push(right[i]!);
    for (let i = skipSelf ? 1 : 0; i < ops.length; i++) {
      const op = pyUnwrap(ops[i]!);
      if (isPyBuildExpression(op) && op.type !== 'binary_operator') collectParts(op, site, info, source, depth);
      else if (isPercentFormat(op)) collectParts(op, site, info, source, depth);
      else pushValue(source, site, op, depth, !!info.nested, 'operand');
    }
    return;
  }
  if (isPercentFormat(n)) {
    info.how.add('% formatting');
    const left = pyUnwrap(n.childForFieldName('left')!);
    firstQuote(info, left.type === 'concatenated_string' ? left.namedChildren[0]! : left);
    const fmt = formatString(left);
    const rightNode = pyUnwrap(n.childForFieldName('right')!);
    if (fmt === undefined) {
      pushValue(source, site, n, depth, !!info.nested, 'operand');
      return;
    }
    const before = source.parts.length;
    percentParts(fmt, rightNode, site, source, depth, !!info.nested);
    if (left.type === 'identifier') markElsewhere(source, before, left.text);
    return;
  }
  if (isFormatCall(n)) {
    info.how.add('str.format()');
    const obj = pyUnwrap(n.childForFieldName('function')!.childForFieldName('object')!);
    firstQuote(info, obj.type === 'concatenated_string' ? obj.namedChildren[0]! : obj);
    const fmt = formatString(obj);
    if (fmt === undefined) {
      pushValue(source, site, n, depth, !!info.nested, 'operand');
      return;
    }
    const before = source.parts.length;
    formatParts(fmt, n, site, source, depth, !!info.nested);
    if (obj.type === 'identifier') markElsewhere(source, before, obj.text);
    return;
  }
  pushValue(source, site, n, depth, !!info.nested, 'operand');
}

/** A format string held in a variable: a rewrite would copy its text, so binding is declined. */
function markElsewhere(source: PySqlSource, from: number, name: string): void {
  for (let i = from; i < source.parts.length; i++) {
    const p = source.parts[i]!;
    if (p.kind === 'value' && isDangerous(p)) p.noBind ??= FIX_REASONS.formatElsewhere(name);
  }
}

/** `"… %s … %(name)s …" % args` → parts (Python "printf-style String Formatting"). */
function percentParts(fmt: string, right: Node, site: number, source: PySqlSource, depth: number, nested: boolean): void {
  const re = /%(?:\((\w+)\))?([-#0 +]*)(\d+|\*)?(?:\.(\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  const positional = right.type === 'tuple' ? right.namedChildren.filter((c): c is Node => !!c) : undefined;
  const dict = right.type === 'dictionary' ? right : undefined;
  let k = 0;
  let at = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    pushText(source, site, fmt.slice(at, m.index));
    at = m.index + m[0].length;
    const conv = m[5]!;
    if (conv === '%') {
      pushText(source, site, '%');
      continue;
    }
    let valueNode: Node | undefined;
    if (m[1]) valueNode = dict ? dictValue(dict, m[1]) : undefined;
    else if (positional) valueNode = positional[k++];
    else if (!dict) valueNode = k++ === 0 ? right : undefined;
    const flags = `${m[2] ?? ''}${m[3] ?? ''}${m[4] ? `.${m[4]}` : ''}`;
    if (!valueNode) {
      pushOpaque(source, site, right, nested);
      continue;
    }
    if ('diu'.includes(conv) && !flags) {
      // %d formats int(x): a number by construction, kept inline as int(x).
      const v = makeValue(valueNode, site, nested);
      v.numeric = true;
      v.origin = 'interpolation';
      if (!isPyNumeric(valueNode)) v.expr = `int(${v.expr})`;
      source.parts.push(v);
    } else if (conv === 's' && !flags) pushValue(source, site, valueNode, depth, nested, 'interpolation');
    else if ('diouxXeEfFgG'.includes(conv)) {
      // Numeric conversions cannot produce a quote; kept inline with the equivalent format spec.
      const v = makeValue(valueNode, site, nested);
      v.numeric = true;
      v.origin = 'interpolation';
      if (/^[\d.]*$/.test(flags)) v.inlineFormat = `:${flags}${conv === 'i' || conv === 'u' ? 'd' : conv}`;
      else v.noBind = REASONS.formatSpec;
      source.parts.push(v);
    } else pushValue(source, site, valueNode, depth, nested, 'interpolation', '', conv === 'r' || conv === 'a' ? REASONS.repr : REASONS.formatSpec);
  }
  pushText(source, site, fmt.slice(at));
}

function dictValue(dict: Node, key: string): Node | undefined {
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const k = pair.childForFieldName('key');
    if (k && cookedConstant(k) === key) return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** `"… {} {0} {name} …".format(…)` → parts (Python "Format String Syntax"). */
function formatParts(fmt: string, call: Node, site: number, source: PySqlSource, depth: number, nested: boolean): void {
  const argList = call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
  const positional = argList.filter((c) => c.type !== 'keyword_argument' && c.type !== 'list_splat' && c.type !== 'dictionary_splat');
  const keywords = new Map<string, Node>();
  for (const c of argList) if (c.type === 'keyword_argument') keywords.set(c.childForFieldName('name')!.text, c.childForFieldName('value')!);
  const splat = argList.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat');
  let auto = 0;
  let text = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if ((ch === '{' || ch === '}') && fmt[i + 1] === ch) {
      text += ch;
      i++;
      continue;
    }
    if (ch !== '{') {
      text += ch;
      continue;
    }
    const close = fmt.indexOf('}', i);
    if (close < 0) {
      text += fmt.slice(i);
      break;
    }
    pushText(source, site, text);
    text = '';
    const field = fmt.slice(i + 1, close);
    i = close;
    const m = /^([^!:]*)(![rsa])?(:.*)?$/.exec(field)!;
    const name = m[1]!;
    const valueNode = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : keywords.get(name);
    if (!valueNode || splat) {
      pushOpaque(source, site, call, nested);
      continue;
    }
    const conv = m[2] ?? '';
    const spec = m[3] ?? '';
    pushValue(source, site, valueNode, depth, nested, 'interpolation', `${conv}${spec}`, conv === '!r' || conv === '!a' ? REASONS.repr : spec ? REASONS.formatSpec : undefined);
  }
  pushText(source, site, text);
}

function makeValue(node: Node, site: number, nested: boolean): SqlValuePart {
  const u = pyUnwrap(node);
  const v: SqlValuePart = { kind: 'value', site, expr: u.text, start: u.startIndex, end: u.endIndex, numeric: isPyNumeric(u) };
  // Drawn from a closed set of constants (allowlist lookup, choice between literals): cannot carry the caller's text.
  if (!v.numeric && isPyClosedSet(u)) v.sanitized = true;
  const hint = pyNameHint(u);
  if (hint) v.nameHint = hint;
  if (nested) v.fragment = true;
  return v;
}

/** A value whose pieces Redline cannot see (`"…" % args` with a tuple variable). */
function pushOpaque(source: PySqlSource, site: number, node: Node, nested: boolean): void {
  const v = makeValue(node, site, nested);
  v.numeric = false;
  v.noBind = REASONS.opaqueArgs;
  source.parts.push(v);
}

function pushValue(source: PySqlSource, site: number, node: Node, depth: number, nested: boolean, origin: 'operand' | 'interpolation', format = '', noBind?: string): void {
  const c = cookedConstant(node);
  const u = pyUnwrap(node);
  if (c !== undefined && !format) {
    // Literals are text; named constants stay references in a rewrite, their text counts.
    if (isStringNode(u) || u.type === 'integer') pushText(source, site, c);
    else source.parts.push({ ...makeValue(u, site, false), sanitized: true, shapeText: c, origin });
    return;
  }
  if (u.type === 'identifier' && depth < 3 && !format) {
    const before = source.parts.length;
    const sitesBefore = source.sites.length;
    const v = followVariable(u, source, depth + 1, true);
    if (v) {
      const added = source.parts.slice(before);
      if (added.some((p) => p.kind === 'value' && isDangerous(p))) {
        for (const p of added) if (p.kind === 'value') p.fragment = true;
        return;
      }
      source.parts.length = before;
      source.sites.length = sitesBefore;
      source.parts.push({ ...makeValue(u, site, false), sanitized: true, shapeText: added.map((p) => (p.kind === 'text' ? p.text : ' ? ')).join(''), origin });
      return;
    }
    source.parts.length = before;
    source.sites.length = sitesBefore;
  }
  const v = makeValue(u, site, nested);
  v.origin = origin;
  if (format) v.inlineFormat = format;
  if (noBind) v.noBind = noBind;
  if (u.type === 'call') {
    const f = u.childForFieldName('function');
    const last = f?.type === 'attribute' ? f.childForFieldName('attribute')?.text : f?.text;
    if (last && ESCAPE_CALLS.has(last)) v.sanitized = true;
    else if (last === 'replace' && /'/.test(u.childForFieldName('arguments')?.text ?? '')) v.noBind = REASONS.escapedByHand;
  }
  source.parts.push(v);
}

function containsNode(a: Node, b: Node): boolean {
  return a.startIndex <= b.startIndex && a.endIndex >= b.endIndex;
}

const BRANCHES = new Set(['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'except_clause', 'case_clause', 'conditional_expression', 'boolean_operator', 'lambda', 'function_definition', 'list_comprehension', 'generator_expression', 'dictionary_comprehension', 'set_comprehension']);

/** True when `node` runs only on some paths to `use` (a branch lies between them). */
function isConditionalBetween(node: Node, use: Node): boolean {
  for (const n of ancestors(node)) {
    if (containsNode(n, use)) break;
    if (BRANCHES.has(n.type)) return true;
  }
  return false;
}

/**
 * Follows a local variable to the assignments that reach `use`; appends its sites and parts.
 * Undefined when no reaching assignment builds text from string literals.
 */
function followVariable(id: Node, source: PySqlSource, depth: number, nested: boolean): PySqlSource['variable'] | undefined {
  const name = id.text;
  const assigns = assignmentsBefore(id, name);
  if (assigns.length === 0) return undefined;
  type Raw = { node: Node; op: PyBuildSite['op']; stmt: Node; selfPrefix?: string };
  const raws: Raw[] = assigns.map((a) => {
    if (a.op === '+=') return { node: a.value, op: 'append', stmt: a.node };
    if (isSelfAppend(a.value, name)) return { node: a.value, op: 'append', stmt: a.node, selfPrefix: name };
    return { node: a.value, op: 'assign', stmt: a.node };
  });
  let reaching: { raw: Raw; conditional: boolean }[] = [];
  for (const raw of raws) {
    const conditional = isConditionalBetween(raw.stmt, id);
    if (raw.op === 'assign' && !conditional) reaching = [{ raw, conditional }];
    else reaching.push({ raw, conditional });
  }
  if (reaching.length === 0) return undefined;
  if (!reaching.some((r) => isPyBuildExpression(r.raw.node) && hasLiteral(r.raw.node))) return undefined;
  reaching.forEach(({ raw, conditional }, i) => {
    const site: PyBuildSite = { node: raw.node, op: i === 0 && raw.op === 'assign' ? 'init' : raw.op, conditional, how: new Set(), variable: name, ...(nested ? { nested: true } : {}), ...(raw.selfPrefix ? { selfPrefix: raw.selfPrefix } : {}) };
    const index = source.sites.length;
    source.sites.push(site);
    collectParts(raw.node, index, site, source, depth);
  });
  return { name, references: countReferences(id, name, reaching.filter((r) => r.raw.selfPrefix).length) };
}

/** Uses of `name` in the scope of `use` other than assignment targets and `q = q + …` self-references. */
function countReferences(use: Node, name: string, selfRefs: number): number {
  const scope = enclosingFunction(use) ?? rootOf(use);
  let count = 0;
  // Iterative walk carrying each node's parent (nesting may be 10,000 deep; `node.parent` is O(depth)).
  const stack: [Node, Node | null][] = [[scope.type === 'function_definition' ? (scope.childForFieldName('body') ?? scope) : scope, null]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    if (n.type === 'identifier' && n.text === name) {
      const isTarget = p && (p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === n.id;
      const isAttr = p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id;
      const isKeyword = p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === n.id;
      if (!isTarget && !isAttr && !isKeyword) count++;
    }
    for (const c of n.namedChildren) if (c) stack.push([c, n]);
  }
  return count - selfRefs;
}

function isSelfAppend(value: Node, name: string): boolean {
  const v = pyUnwrap(value);
  if (v.type === 'binary_operator' && v.childForFieldName('operator')?.text === '+') {
    let cur: Node = v;
    while (cur.type === 'binary_operator' && cur.childForFieldName('operator')?.text === '+') cur = cur.childForFieldName('left')!;
    return cur.type === 'identifier' && cur.text === name;
  }
  if (v.type === 'string') {
    const kids = v.namedChildren.filter((c): c is Node => !!c && c.type !== 'string_start' && c.type !== 'string_end');
    const first = kids[0];
    return first?.type === 'interpolation' && first.namedChildren[0]?.type === 'identifier' && first.namedChildren[0].text === name;
  }
  return false;
}

function hasLiteral(node: Node): boolean {
  if (node.type === 'string') return true;
  if (node.type === 'lambda' || node.type === 'function_definition') return false;
  return node.namedChildren.some((c) => !!c && hasLiteral(c));
}
