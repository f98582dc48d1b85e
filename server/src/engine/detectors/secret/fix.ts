import ts from 'typescript';
import type { Node as PyNode, Tree } from 'web-tree-sitter';
import type { BaseContext } from '../../detector';
import { makeFix } from '../../fixes/edits';
import { documentEnvVar, envLookup, isEnvName } from '../../fixes/env';
import { ensurePyImport, type OffsetEdit } from '../../fixes/imports';
import { propertyNameText } from '../../js/ast';
import { constantString as pyConstantString, isFString, stringPrefix } from '../../python/ast';
import { SYNTAX } from '../../languages';
import { segmentAt, type Lexed } from '../../lexer';
import type { Fix, LanguageId } from '../../types';
import { toUpperSnake } from '../../util';
import { secretNameKind } from './classify';
import { sharedJsTree, sharedPyTree } from './scan';

/**
 * The secret category's quick fix: replace the literal that holds a secret with the language's
 * environment lookup (`fixes/env.ts` `envLookup`), document the variable in `.env.example` and
 * make sure `.env` is git-ignored (`documentEnvVar`), all in one unsafe fix (the program now
 * needs the variable set). Python gets `import os`, Go the `"os"` import, docker-compose files
 * `${NAME}` interpolation, GitHub Actions workflows `${{ secrets.NAME }}`.
 *
 * The secret itself is never written anywhere: edits only remove it. When no rewrite is safe
 * (the secret is part of a larger string, sits in a comment, a Go/C# constant, a config format
 * without environment lookups) the outcome carries a `noFixReason` instead.
 */

/** What the detectors ask for. Offsets are UTF-16 into the analyzed text. */
export interface SecretFixRequest {
  /** Span of the secret (or of the whole credential value). */
  start: number;
  end: number;
  /** Variable name used when the context gives none (provider default, `JWT_SECRET`, …). */
  fallbackEnv: string;
  /**
   * When set, a name from the context is used only if it mentions one of these words (so
   * `const token = 'ghp_…'` reads GITHUB_TOKEN, `const githubToken = 'ghp_…'` reads GITHUB_TOKEN
   * too, and `const ciGithubToken = …` reads CI_GITHUB_TOKEN).
   */
  brands?: readonly string[];
  /** The context name must also be secret-like (`stripeKey`, not `stripe`). */
  secretName?: boolean;
  /** The context name (upper snake case) must also match this, e.g. end in `_URL` for connection strings. */
  nameSuffix?: RegExp;
  /** Name decided by the detector (already upper snake case); wins over everything else. */
  env?: string;
  /**
   * `exact` (default): fix only when the literal holds nothing but the secret (whitespace and
   * `\n` escapes aside). `whole`: the secret is part of a value that moves as a whole (an
   * Azure connection string, a DSN): replace the whole literal unless it interpolates.
   */
  form?: 'exact' | 'whole';
  /** The lexed text, for text detectors (comment detection, pattern languages). */
  lexed?: () => Lexed;
}

/** A fix, or the reason there is none, plus the variable name chosen (for messages). */
export interface FixOutcome {
  fixes: Fix[];
  noFixReason?: string;
  env: string;
}

const JS_LANGS = new Set<LanguageId>(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);

/** Builds the quick fix for a secret at `req.start..req.end` in the analyzed file. */
export function secretFix(ctx: BaseContext, req: SecretFixRequest): FixOutcome {
  const language = ctx.file.language;
  if (JS_LANGS.has(language)) {
    const sf = 'sourceFile' in ctx ? (ctx as { sourceFile: ts.SourceFile }).sourceFile : sharedJsTree(ctx.collector);
    if (sf) return jsFix(ctx, sf, req);
  } else if (language === 'python') {
    const tree = 'tree' in ctx ? (ctx as { tree: Tree }).tree : sharedPyTree(ctx.collector);
    if (tree) return pyFix(ctx, tree, req);
  } else if (['java', 'go', 'php', 'csharp', 'ruby'].includes(language) && req.lexed) {
    return codeFix(ctx, req.lexed(), req);
  } else if (req.lexed) {
    return configFix(ctx, req.lexed(), req);
  }
  return { fixes: [], env: req.env ?? req.fallbackEnv, noFixReason: 'Move the secret to an environment variable or a secret manager and rotate it.' };
}

const COMMENT_REASON = 'The secret is in a comment: delete it and rotate it (it stays in the git history).';
const PARTIAL_REASON = 'The secret is part of a larger string: move it to an environment variable, build the string from that, and rotate it.';
const TEMPLATE_REASON = 'The secret is inside a string with interpolations: move it to an environment variable, interpolate that instead, and rotate it.';

/** Variable names that say what a value is but not whose: they get the enclosing name as prefix. */
const GENERIC_NAMES = new Set([
  'PASSWORD', 'PASS', 'PASSWD', 'PWD', 'PW', 'SECRET', 'TOKEN', 'KEY', 'API_KEY', 'APIKEY', 'ACCESS_TOKEN', 'CLIENT_SECRET',
  'AUTH_TOKEN', 'CREDENTIALS', 'CREDENTIAL', 'ACCESS_KEY', 'SECRET_KEY', 'AUTH', 'BEARER', 'API_TOKEN', 'SECRET_TOKEN', 'PRIVATE_KEY', 'KEYS', 'SECRETS',
]);

/** Enclosing names that add nothing (`config.password` reads PASSWORD, not CONFIG_PASSWORD). */
const GENERIC_CONTEXTS = new Set([
  'CONFIG', 'CONF', 'CFG', 'OPTIONS', 'OPTS', 'SETTINGS', 'AUTH', 'CREDENTIALS', 'CREDS', 'PARAMS', 'CONNECTION', 'CONN', 'DEFAULT',
  'DEFAULTS', 'ENV', 'SECRETS', 'KEYS', 'MODULE', 'EXPORTS', 'MODULE_EXPORTS', 'THIS', 'SELF', 'APP', 'DATA', 'PROPS', 'VALUES',
  'INIT', 'CLIENT', 'OBJ', 'OBJECT', 'ARGS', 'KWARGS', 'ENVIRONMENT', 'PROD', 'PRODUCTION', 'DEV', 'DEVELOPMENT', 'LOCAL',
  'CONSTANTS', 'CONSTS', 'GLOBALS', 'SERVER', 'BACKEND', 'RESULT', 'HEADERS', 'BODY', 'PAYLOAD', 'REQUEST', 'REQ', 'INFO', 'CONFIGURATION',
]);

const DB_CONTEXT = /^(?:DATABASES?|DB|POSTGRES(?:QL)?|PG|MYSQL\d?|MARIA(?:DB)?|MSSQL|SQL|SEQUELIZE|KNEX|MONGO(?:DB|OSE)?|TYPEORM|PRISMA|DATASOURCE|DATA_SOURCE)$/;
const SMTP_CONTEXT = /^(?:SMTP|MAIL|MAILER|EMAIL|NODEMAILER|TRANSPORT|TRANSPORTER)$/;

/** The prefix an enclosing name contributes (`db` → DB, `mailer` → SMTP, `config` → none). */
export function contextPrefix(name: string): string | undefined {
  const u = toUpperSnake(name).replace(/_(?:SETTINGS|CONFIG|CONF|CFG|OPTIONS|OPTS|PARAMS|CREDENTIALS|CREDS)$/, '');
  if (!u || GENERIC_CONTEXTS.has(u) || !isEnvName(u)) return undefined;
  if (DB_CONTEXT.test(u)) return 'DB';
  if (SMTP_CONTEXT.test(u)) return 'SMTP';
  return u.split('_').length <= 3 ? u : undefined;
}

/**
 * The environment variable name for a value found under `inner` (innermost name) inside
 * `outer` names (innermost first): `password` in `db` → DB_PASSWORD; `jwtSecret` → JWT_SECRET.
 * Returns undefined when `inner` gives no valid name.
 */
export function composeEnvName(inner: string, outer: readonly string[] = []): string | undefined {
  const n = toUpperSnake(inner);
  if (!n || !isEnvName(n)) return undefined;
  if (!GENERIC_NAMES.has(n)) return n;
  // `db.pass` reads DB_PASSWORD: the conventional spelling once a prefix says whose it is.
  const spelled = /^(?:PASS|PASSWD|PWD|PW)$/.test(n) ? 'PASSWORD' : n;
  for (const o of outer) {
    const p = contextPrefix(o);
    if (p && !n.startsWith(`${p}_`)) return `${p}_${spelled}`;
  }
  return n;
}

/** Picks the variable name: the detector's, else a context name (branded when required), else the fallback. */
function chooseEnv(req: SecretFixRequest, names: string[]): string {
  if (req.env) return req.env;
  const inner = names[0];
  if (inner !== undefined) {
    const composed = composeEnvName(inner, names.slice(1));
    if (composed && (!req.secretName || secretNameKind(inner) !== undefined) && (!req.nameSuffix || req.nameSuffix.test(composed))) {
      if (!req.brands) return composed;
      const words = composed.split('_');
      const compact = composed.replace(/_/g, '');
      // A brand counts as a word of the name, or inside a one-word name (`GITHUBTOKEN`).
      if (req.brands.some((b) => words.includes(b) || (words.length === 1 && b.length >= 5 && compact.includes(b)))) return composed;
    }
  }
  return req.fallbackEnv;
}

/** The part of a literal's content outside the secret is only whitespace or escaped line breaks. */
function onlyFiller(text: string): boolean {
  return /^(?:\s|\\[nrt])*$/.test(text);
}

function envFix(ctx: BaseContext, env: string, edits: OffsetEdit[], title?: string): Fix {
  return makeFix(ctx.lines, {
    title: title ?? `Read the secret from the environment variable ${env}`,
    applicability: 'unsafe',
    edits,
    fileEdits: documentEnvVar(env),
  });
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

/** The innermost node (token included) whose text, trivia excluded, contains `pos`. */
function innermostJs(sf: ts.SourceFile, pos: number): ts.Node {
  let node: ts.Node = sf;
  for (;;) {
    const next = node.getChildren(sf).find((c) => c.getStart(sf) <= pos && pos < c.end);
    if (!next) return node;
    node = next;
  }
}

/** Names enclosing a JS expression, innermost first (declarations, properties, assignments, JSX attributes). */
export function jsContextNames(node: ts.Node): string[] {
  const names: string[] = [];
  let child: ts.Node = node;
  for (let p = node.parent; p && names.length < 4; child = p, p = p.parent) {
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) names.push(p.name.text);
    else if (ts.isPropertyAssignment(p) && child === p.initializer) {
      const n = propertyNameText(p.name);
      if (n) names.push(n);
    } else if (ts.isPropertyDeclaration(p) || ts.isParameter(p)) {
      if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) names.push(p.name.text);
    } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && child === p.right) {
      const left = p.left;
      if (ts.isIdentifier(left)) names.push(left.text);
      else if (ts.isPropertyAccessExpression(left)) {
        names.push(left.name.text);
        if (ts.isPropertyAccessExpression(left.expression)) names.push(left.expression.name.text);
        else if (ts.isIdentifier(left.expression)) names.push(left.expression.text);
      } else if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) names.push(left.argumentExpression.text);
    } else if (ts.isJsxAttribute(p)) names.push(p.name.getText());
    if (ts.isFunctionLike(p) || ts.isSourceFile(p) || ts.isBlock(p)) break;
  }
  return names;
}

function jsFix(ctx: BaseContext, sf: ts.SourceFile, req: SecretFixRequest): FixOutcome {
  const node = innermostJs(sf, req.start);
  const text = ctx.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isTemplateExpression(node)) {
    return { fixes: [], noFixReason: TEMPLATE_REASON, env: req.env ?? req.fallbackEnv };
  }
  if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) {
    const comment = req.lexed ? req.lexed().kinds[segmentAt(req.lexed(), req.start)] === 'comment' : false;
    return { fixes: [], noFixReason: comment ? COMMENT_REASON : 'The secret is not a plain string literal here: move it to an environment variable by hand and rotate it.', env: req.env ?? req.fallbackEnv };
  }
  const env = chooseEnv(req, jsContextNames(node));
  const litStart = node.getStart(sf);
  const contentStart = litStart + 1;
  const contentEnd = node.end - 1;
  if (req.end > contentEnd) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const whole = req.form === 'whole' || onlyFiller(text.slice(contentStart, req.start) + text.slice(req.end, contentEnd));
  if (!whole) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const parent = node.parent;
  if (
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ts.isImportDeclaration(parent) ||
    ts.isExternalModuleReference(parent) ||
    ts.isLiteralTypeNode(parent) ||
    ts.isExportDeclaration(parent)
  ) {
    return { fixes: [], noFixReason: 'The secret is used as a name here, not a value: remove it by hand and rotate it.', env };
  }
  const bang = ctx.file.language === 'typescript' || ctx.file.language === 'typescriptreact' ? '!' : '';
  const expr = `${envLookup(ctx.file.language, env)!.expression}${bang}`;
  const newText = ts.isJsxAttribute(parent) ? `{${expr}}` : expr;
  return { fixes: [envFix(ctx, env, [{ start: litStart, end: node.end, newText }])], env };
}

// ---------------------------------------------------------------------------------------------
// Python

/** Names enclosing a Python expression, innermost first (assignment targets, keywords, dict keys). */
export function pyContextNames(node: PyNode): string[] {
  const names: string[] = [];
  let child: PyNode = node;
  for (let p = node.parent; p && names.length < 4; child = p, p = p.parent) {
    if (p.type === 'assignment' && p.childForFieldName('right')?.id === child.id) {
      const left = p.childForFieldName('left');
      const n = left ? pyTargetName(left) : undefined;
      if (n) names.push(n);
      if (left?.type === 'attribute' || left?.type === 'subscript') {
        const obj = left.childForFieldName(left.type === 'attribute' ? 'object' : 'value');
        const o = obj ? pyTargetName(obj) : undefined;
        if (o) names.push(o);
      }
    } else if (p.type === 'keyword_argument' && p.childForFieldName('value')?.id === child.id) {
      const n = p.childForFieldName('name')?.text;
      if (n) names.push(n);
    } else if (p.type === 'pair' && p.childForFieldName('value')?.id === child.id) {
      const k = pyConstantString(p.childForFieldName('key'));
      if (k) names.push(k);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const n = p.childForFieldName('name')?.text;
      if (n) names.push(n);
    }
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'module') break;
  }
  return names;
}

/** `x` → x; `self.api_key` → api_key; `app.config['SECRET_KEY']` → SECRET_KEY. */
export function pyTargetName(node: PyNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'subscript') return pyConstantString(node.childForFieldName('subscript'));
  return undefined;
}

function pyFix(ctx: BaseContext, tree: Tree, req: SecretFixRequest): FixOutcome {
  let node: PyNode | null = tree.rootNode.descendantForIndex(req.start, Math.max(req.start, req.end - 1));
  while (node && node.type !== 'string' && node.type !== 'comment' && node.type !== 'module') node = node.parent;
  if (!node || node.type === 'module') {
    return { fixes: [], noFixReason: 'The secret is not a plain string literal here: move it to an environment variable by hand and rotate it.', env: req.env ?? req.fallbackEnv };
  }
  if (node.type === 'comment') return { fixes: [], noFixReason: COMMENT_REASON, env: req.env ?? req.fallbackEnv };
  const str = node;
  const env = chooseEnv(req, pyContextNames(str.parent?.type === 'concatenated_string' ? str.parent : str));
  let inInterpolation = false;
  for (let p = str.parent; p; p = p.parent) if (p.type === 'interpolation') inInterpolation = true;
  if (isFString(str) || inInterpolation) return { fixes: [], noFixReason: TEMPLATE_REASON, env };
  if (str.parent?.type === 'expression_statement') {
    return { fixes: [], noFixReason: 'The secret is in a docstring: delete it and rotate it (it stays in the git history).', env };
  }
  if (str.parent?.type === 'concatenated_string') return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const open = str.namedChildren.find((c) => c?.type === 'string_start');
  const close = str.namedChildren.find((c) => c?.type === 'string_end');
  if (!open || !close) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const whole = req.form === 'whole' || onlyFiller(ctx.text.slice(open.endIndex, req.start) + ctx.text.slice(req.end, close.startIndex));
  if (!whole) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  if (str.parent?.type === 'pair' && str.parent.childForFieldName('key')?.id === str.id) {
    return { fixes: [], noFixReason: 'The secret is used as a dictionary key: remove it by hand and rotate it.', env };
  }
  return { fixes: [pyEnvFix(ctx, tree, env, str.startIndex, str.endIndex, stringPrefix(str).includes('b'))], env };
}

/**
 * Replaces `[start, end)` with `os.environ["NAME"]` (`.encode()` for bytes) and adds `import os`
 * when the module lacks it, in one fix.
 */
export function pyEnvFix(ctx: BaseContext, tree: Tree, env: string, start: number, end: number, bytes = false, title?: string): Fix {
  const edits: OffsetEdit[] = [{ start, end, newText: `${envLookup('python', env)!.expression}${bytes ? '.encode()' : ''}` }];
  const imp = ensurePyImport(tree.rootNode, ctx.lines, { module: 'os' });
  if (imp) edits.push(imp);
  return envFix(ctx, env, edits, title);
}

// ---------------------------------------------------------------------------------------------
// Java, Go, PHP, C#, Ruby (lexer only)

/**
 * Name in front of a string literal on its line: `String password = "` → password;
 * `'db_pass' => '` → db_pass; `setPassword("` → Password; `define('DB_PASS', '` → DB_PASS.
 * Callee names are not names of the value (`new SqlConnection("…")`), so plain calls give none.
 */
export function textContextName(text: string, literalStart: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', literalStart - 1) + 1;
  const before = text.slice(lineStart, literalStart);
  const m =
    /["']?[$:@]?([A-Za-z_][\w.-]*)["']?\s*(?::=|=>|=|:)\s*[@$]?$/.exec(before) ??
    /\b(?:set|with|Set|With)([A-Z]\w*)\(\s*$/.exec(before) ??
    /\bdefine\(\s*["']([A-Za-z_]\w*)["']\s*,\s*$/.exec(before);
  const name = m?.[1];
  return name ? name.split('.').pop() : undefined;
}

function codeFix(ctx: BaseContext, lexed: Lexed, req: SecretFixRequest): FixOutcome {
  const text = ctx.text;
  const language = ctx.file.language;
  const i = segmentAt(lexed, req.start);
  const kind = lexed.kinds[i];
  if (kind === 'comment') return { fixes: [], noFixReason: COMMENT_REASON, env: req.env ?? req.fallbackEnv };
  if (kind !== 'string') return { fixes: [], noFixReason: 'The secret is not a plain string literal here: move it to an environment variable by hand and rotate it.', env: req.env ?? req.fallbackEnv };
  const segStart = lexed.starts[i]!;
  const segEnd = lexed.starts[i + 1] ?? text.length;
  const cs = lexed.contentStarts[i]!;
  const ce = lexed.contentEnds[i]!;
  const name = textContextName(text, segStart);
  const env = chooseEnv(req, name ? [name] : []);
  const opener = text.slice(segStart, cs);
  const content = text.slice(cs, ce);
  const interpolates =
    (language === 'ruby' && opener === '"' && content.includes('#{')) ||
    (language === 'php' && opener === '"' && /\$[A-Za-z_{]|\{\$/.test(content)) ||
    (language === 'csharp' && opener.startsWith('$'));
  if (interpolates) return { fixes: [], noFixReason: TEMPLATE_REASON, env };
  if (req.end > ce || !(req.form === 'whole' || onlyFiller(text.slice(cs, req.start) + text.slice(req.end, ce)))) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const lineStart = text.lastIndexOf('\n', segStart - 1) + 1;
  const line = text.slice(lineStart, segStart);
  if (language === 'go' && (/^\s*const\b/.test(line) || insideGoConstBlock(text, lineStart))) {
    return { fixes: [], noFixReason: 'A Go constant cannot read the environment: make it a variable set from os.Getenv, and rotate the secret.', env };
  }
  if (language === 'csharp' && /\bconst\b/.test(line)) {
    return { fixes: [], noFixReason: 'A C# const cannot read the environment: make it a static readonly field set from Environment.GetEnvironmentVariable, and rotate the secret.', env };
  }
  if (language === 'php' && /^\s*(?:(?:public|private|protected|static|var|readonly|final)\s+)+(?:\??[\w\\]+\s+)?\$\w+\s*=|^\s*(?:(?:public|private|protected|final)\s+)*const\b/.test(line)) {
    return { fixes: [], noFixReason: 'PHP property defaults and constants must be constant expressions: set the value from getenv() in the constructor, and rotate the secret.', env };
  }
  if (language === 'java' && /@\w+\(\s*(?:\w+\s*=\s*)?$/.test(line)) {
    return { fixes: [], noFixReason: 'Annotation values must be constants: read the secret from the environment where it is used, and rotate it.', env };
  }
  const lookup = envLookup(language, env)!;
  const edits: OffsetEdit[] = [{ start: segStart, end: segEnd, newText: lookup.expression }];
  if (language === 'go') {
    const imp = goImportEdit(text);
    if (imp === 'unsafe') return { fixes: [], noFixReason: 'Redline could not add the "os" import safely: read the secret with os.Getenv by hand, and rotate it.', env };
    if (imp) edits.push(imp);
  }
  return { fixes: [envFix(ctx, env, edits)], env };
}

function insideGoConstBlock(text: string, lineStart: number): boolean {
  const before = text.slice(0, lineStart);
  const open = before.lastIndexOf('const (');
  return open >= 0 && before.indexOf(')', open) < 0;
}

/**
 * The edit adding `"os"` to a Go file's imports: none when imported, into the `import (…)`
 * block, or after the package clause. `unsafe` when `os` names something else (an alias or
 * another package whose name is `os`).
 */
export function goImportEdit(text: string): OffsetEdit | undefined | 'unsafe' {
  if (/^\s*import\s+"os"\s*$/m.test(text) || /^import\s*\([^)]*^\s*"os"\s*$/ms.test(text)) return undefined;
  if (/\bos\s+"[^"]+"/.test(text) || /"[^"]*\/os"/.test(text) || /\b(?:var|const)\s+os\b|\bos\s*:=/.test(text)) return 'unsafe';
  const block = /^import\s*\(\s*?\n/m.exec(text);
  if (block) return { start: block.index + block[0].length, end: block.index + block[0].length, newText: '\t"os"\n' };
  const pkg = /^package\s+\w+[^\n]*$/m.exec(text);
  if (!pkg) return 'unsafe';
  const at = pkg.index + pkg[0].length;
  return { start: at, end: at, newText: '\n\nimport "os"' };
}

// ---------------------------------------------------------------------------------------------
// Configuration files

/** True for docker-compose files (`docker-compose.yml`, `compose.prod.yaml`, …). */
export function isComposeFile(relPath: string): boolean {
  const base = (relPath.split('/').pop() ?? relPath).toLowerCase();
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(base) || /docker-compose[\w.-]*\.ya?ml$/.test(base);
}

/** True for GitHub Actions workflows. */
export function isGithubWorkflow(relPath: string): boolean {
  return /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(relPath);
}

/** Why config files get no code fix, per format and git status. */
export function configNoFixReason(ctx: Pick<BaseContext, 'file'>): string {
  const { language, relPath, vcs } = ctx.file;
  const base = relPath.split('/').pop() ?? relPath;
  switch (language) {
    case 'dotenv':
      if (/\.(?:example|sample|template|dist|defaults?)$/i.test(base)) return `${base} is committed by design: replace the value with an empty placeholder, keep the real one in your untracked .env, and rotate the secret.`;
      if (vcs === 'tracked') return `${base} is tracked by git: remove it with \`git rm --cached ${relPath}\`, add it to .gitignore, and rotate the secret (it stays in the history).`;
      if (vcs === 'untracked') return `${base} is not git-ignored: add it to .gitignore before it is committed, and rotate the secret if it was ever shared.`;
      return `Make sure ${base} is git-ignored (\`git rm --cached ${relPath}\` if it is tracked), and rotate the secret if it was ever committed.`;
    case 'json':
      return 'JSON cannot read environment variables: load the value from the environment or a secret manager in the code that reads this file, delete it here, and rotate it.';
    case 'dockerfile':
      return 'ENV and ARG values are stored in the image layers: pass the secret with `RUN --mount=type=secret` at build time or `docker run -e` at run time, and rotate it.';
    case 'properties':
    case 'yaml':
      return 'Replace the value with a reference your configuration loader resolves (Spring: ${NAME}; Kubernetes: a Secret with secretKeyRef; CI: the secret store), and rotate the secret.';
    case 'xml':
      return 'Move the value to the environment or a secret store your framework reads (.NET user secrets or environment variables, Maven settings-security), and rotate the secret.';
    case 'shellscript':
      return 'Have the script read the secret from the environment it runs in instead of setting it, and rotate the secret.';
    default:
      return 'Move the value to the environment or a secret manager, and rotate the secret (it stays in the git history).';
  }
}

function configFix(ctx: BaseContext, lexed: Lexed, req: SecretFixRequest): FixOutcome {
  const text = ctx.text;
  const env = req.env ?? req.fallbackEnv;
  const seg = segmentAt(lexed, req.start);
  if (lexed.kinds[seg] === 'comment' && SYNTAX[ctx.file.language].lineComments.length) {
    return { fixes: [], noFixReason: COMMENT_REASON, env };
  }
  const compose = ctx.file.language === 'yaml' && isComposeFile(ctx.file.relPath);
  const workflow = ctx.file.language === 'yaml' && isGithubWorkflow(ctx.file.relPath);
  if (!compose && !workflow) return { fixes: [], noFixReason: configNoFixReason(ctx), env };
  const lineStart = text.lastIndexOf('\n', req.start - 1) + 1;
  let lineEnd = text.indexOf('\n', req.start);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const value = yamlValueSpan(line);
  if (!value) return { fixes: [], noFixReason: configNoFixReason(ctx), env };
  const vStart = lineStart + value.start;
  const vEnd = lineStart + value.end;
  const inner = text.slice(vStart + value.quote, vEnd - value.quote);
  if (req.start < vStart + value.quote || req.end > vEnd - value.quote) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const whole = req.form === 'whole' || onlyFiller(inner.slice(0, req.start - vStart - value.quote) + inner.slice(req.end - vStart - value.quote));
  if (!whole) return { fixes: [], noFixReason: PARTIAL_REASON, env };
  const keyName = composeEnvName(value.key, []) ?? env;
  const name = isEnvName(value.key) ? value.key : req.brands ? env : keyName;
  if (workflow) {
    return {
      fixes: [makeFix(ctx.lines, { title: `Use the repository secret ${name}`, applicability: 'unsafe', edits: [{ start: vStart, end: vEnd, newText: `\${{ secrets.${name} }}` }] })],
      env: name,
    };
  }
  const newText = value.quote ? `${text[vStart]}\${${name}}${text[vEnd - 1]}` : `\${${name}}`;
  return {
    fixes: [makeFix(ctx.lines, { title: `Read the secret from ${name} (compose interpolation)`, applicability: 'unsafe', edits: [{ start: vStart, end: vEnd, newText }], fileEdits: documentEnvVar(name) })],
    env: name,
  };
}

/**
 * The value of a YAML `key: value` line or a compose list item `- KEY=value`, as offsets in the
 * line; `quote` is 1 when the value is quoted.
 */
export function yamlValueSpan(line: string): { key: string; start: number; end: number; quote: number } | undefined {
  const list = /^(\s*-\s+)(["']?)([A-Za-z_][\w.-]*)=(.*?)\2\s*$/.exec(line);
  if (list) {
    const start = list[1]!.length + list[2]!.length + list[3]!.length + 1;
    return { key: list[3]!, start, end: start + list[4]!.length, quote: 0 };
  }
  const map = /^(\s*(?:-\s+)?)(["']?)([\w.-]+)\2\s*:\s+/.exec(line);
  if (!map) return undefined;
  const start = map[0].length;
  const rest = line.slice(start);
  const q = /^(["'])(?:\\.|(?!\1).)*\1/.exec(rest);
  if (q) return { key: map[3]!, start, end: start + q[0].length, quote: 1 };
  const plain = /^[^#\s][^#]*?(?=\s+#|\s*$)/.exec(rest);
  if (!plain) return undefined;
  return { key: map[3]!, start, end: start + plain[0].length, quote: 0 };
}
