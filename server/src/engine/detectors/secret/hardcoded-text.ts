import type { TextContext, TextDetector } from '../../detector';
import { segmentAt, type Lexed } from '../../lexer';
import type { LanguageId } from '../../types';
import { maskSecret } from '../../util';
import { classifyValue, describeSecretName, secretNameKind } from './classify';
import { composeEnvName, secretFix, yamlValueSpan } from './fix';
import { claimedBySpecificRule, HARDCODED_RULE, scansFile } from './scan';

/**
 * `secret/hardcoded-credential` in configuration files and in the languages analyzed by
 * patterns (Java, Go, PHP, C#, Ruby): `key = "literal"` where the key is secret-like, judged by
 * the same `classifyValue` as the JS/TS and Python detectors.
 *
 * Keys are found with the lexer (server/src/engine/lexer.ts), so commented-out lines do not
 * count: `.env` and shell `export X=…`, `.properties`, INI/`.npmrc`, TOML/Terraform, YAML
 * (incl. docker-compose `environment:` maps and `- KEY=value` lists, and Kubernetes Secret
 * `data:` values, which are base64-decoded first), JSON, XML (elements, attributes,
 * `<add key=… value=…>`), Dockerfile `ENV`/`ARG`; in code, assignments (`String password = "…"`,
 * `apiKey := "…"`, `$password = '…'`, `'password' => '…'`, `password: "…"`), setters
 * (`setPassword("…")`) and `put("password", "…")`.
 */

/** One `key = value` candidate. Offsets are UTF-16; `start..end` is the value's content. */
export interface KeyValue {
  key: string;
  start: number;
  end: number;
  /** Offsets reported (the literal with its quotes, when quoted). */
  reportStart: number;
  reportEnd: number;
  value: string;
  /** Kubernetes Secret `data:` values: the decoded text is what gets judged. */
  decoded?: string;
}

const CODE_LANGUAGES = new Set<LanguageId>(['java', 'go', 'php', 'csharp', 'ruby']);

/** The config-file and pattern-language detector of `secret/hardcoded-credential` (see the module comment). */
export const hardcodedText: TextDetector = {
  family: 'text',
  name: 'secret-hardcoded-text',
  rules: [HARDCODED_RULE],
  languages: ['java', 'go', 'php', 'csharp', 'ruby', 'dotenv', 'json', 'yaml', 'properties', 'xml', 'dockerfile', 'toml', 'ini', 'shellscript'],
  run(ctx) {
    if (!scansFile(ctx)) return;
    const seen = new Set<number>();
    for (const kv of keyValues(ctx)) {
      ctx.checkDeadline();
      if (seen.has(kv.start)) continue;
      const kind = secretNameKind(kv.key);
      if (!kind) continue;
      const verdict = classifyValue(kv.decoded ?? kv.value, kind, kv.key);
      if (!verdict.flag) continue;
      if (claimedBySpecificRule(ctx, kv.start, kv.end)) continue;
      seen.add(kv.start);
      const env = composeEnvName(kv.key.replace(/^[$:@]/, ''), enclosingNames(ctx.text, ctx.lexed, kv.reportStart, ctx.file.language)) ?? 'SECRET';
      const fix = secretFix(ctx, { start: kv.start, end: kv.end, fallbackEnv: env, env, lexed: () => ctx.lexed });
      const masked = maskSecret(kv.value);
      const what = describeSecretName(kv.key, kind);
      ctx.report({
        ruleId: HARDCODED_RULE,
        start: kv.reportStart,
        end: kv.reportEnd,
        args: { what, masked, where: ` in ${kv.key}`, env: fix.env },
        severity: verdict.confidence === 'high' ? 'error' : 'warning',
        confidence: verdict.confidence,
        fixes: fix.fixes,
        ...(fix.noFixReason ? { noFixReason: fix.noFixReason } : {}),
        key: `${what}:${kv.key}:${masked}`,
        properties: { kind, masked, envVar: fix.env },
      });
    }
  },
};

/** Every `key = value` candidate of the file, by format. Exported for tests. */
export function keyValues(ctx: Pick<TextContext, 'text' | 'lexed' | 'file'>): KeyValue[] {
  const language = ctx.file.language;
  if (CODE_LANGUAGES.has(language)) return codeKeyValues(ctx.text, ctx.lexed, language);
  switch (language) {
    case 'dotenv':
    case 'shellscript':
      return lineKeyValues(ctx.text, /^[ \t]*(?:(?:export|local|declare|readonly|typeset)[ \t]+(?:-\w+[ \t]+)*)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(.*)$/, true, ctx.lexed);
    case 'properties':
      return lineKeyValues(ctx.text, /^[ \t]*([^\s=:#!][^=:\s]*)[ \t]*[=:][ \t]*(.*?)[ \t]*$/, false, ctx.lexed);
    case 'ini':
      return lineKeyValues(ctx.text, /^[ \t]*([^\s=;#[][^=]*?)[ \t]*=[ \t]*(.*)$/, true, ctx.lexed);
    case 'toml':
      return regexKeyValues(ctx.lexed, /(?:^|[{,])[ \t]*([A-Za-z0-9_.-]+|"[^"\n]+")[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')/gm);
    case 'json':
      return regexKeyValues(ctx.lexed, /"((?:[^"\\\n]|\\.)*)"\s*:\s*("(?:[^"\\\n]|\\.)*")/g);
    case 'yaml':
      return yamlKeyValues(ctx.text, ctx.lexed);
    case 'xml':
      return xmlKeyValues(ctx.lexed);
    case 'dockerfile':
      return dockerKeyValues(ctx.text);
    default:
      return [];
  }
}

function unquote(raw: string): { value: string; quote: number } {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) return { value: raw.slice(1, -1), quote: 1 };
  return { value: raw, quote: 0 };
}

function inComment(lexed: Lexed, offset: number): boolean {
  return lexed.kinds[segmentAt(lexed, offset)] === 'comment';
}

/** Line-oriented formats: group 1 is the key, group 2 the raw value (maybe quoted, maybe with a `#` comment). */
function lineKeyValues(text: string, re: RegExp, inlineComments: boolean, lexed: Lexed): KeyValue[] {
  const out: KeyValue[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const m = re.exec(line);
    if (m && !inComment(lexed, lineStart + m.index + m[0].indexOf(m[1]!))) {
      const rawAll = m[2]!;
      const valueOffset = m[0].length - rawAll.length;
      let raw = rawAll;
      const q = /^(["'])(?:\\.|(?!\1).)*\1/.exec(raw);
      if (q) raw = q[0];
      else if (inlineComments) raw = raw.replace(/\s+[#;].*$/, '').trimEnd();
      else raw = raw.trimEnd();
      const { value, quote } = unquote(raw);
      const at = lineStart + m.index + valueOffset;
      out.push({ key: m[1]!.trim(), start: at + quote, end: at + quote + value.length, reportStart: at, reportEnd: at + raw.length, value });
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Global-regex formats (JSON, TOML): group 1 is the key (maybe quoted), group 2 the quoted value. */
function regexKeyValues(lexed: Lexed, re: RegExp): KeyValue[] {
  const out: KeyValue[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(lexed.codeView); m; m = re.exec(lexed.codeView)) {
    const raw = m[2]!;
    const at = m.index + m[0].length - raw.length;
    if (inComment(lexed, m.index + m[0].indexOf(m[1]!))) continue;
    const { value, quote } = unquote(raw);
    out.push({ key: unquote(m[1]!).value, start: at + quote, end: at + quote + value.length, reportStart: at, reportEnd: at + raw.length, value });
  }
  return out;
}

function yamlKeyValues(text: string, lexed: Lexed): KeyValue[] {
  const out: KeyValue[] = [];
  const k8sSecret = /^kind:\s*["']?Secret["']?\s*$/m.test(text);
  let dataIndent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = /^\s*/.exec(line)![0].length;
    if (line.trim() && dataIndent >= 0 && indent <= dataIndent) dataIndent = -1;
    if (k8sSecret && /^\s*data:\s*$/.test(line)) dataIndent = indent;
    else if (line.trim() && !line.trim().startsWith('#')) {
      const span = yamlValueSpan(line);
      if (span && !inComment(lexed, lineStart + indent)) {
        const raw = line.slice(span.start, span.end);
        if (!/^[|>&*!{[]/.test(raw)) {
          const value = span.quote ? raw.slice(1, -1) : raw;
          const at = lineStart + span.start;
          const kv: KeyValue = { key: span.key, start: at + span.quote, end: at + span.quote + value.length, reportStart: at, reportEnd: at + raw.length, value };
          if (dataIndent >= 0 && indent > dataIndent && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
            const decoded = Buffer.from(value, 'base64').toString('utf8');
            if (/^[\x20-\x7e]+$/.test(decoded)) kv.decoded = decoded;
          }
          out.push(kv);
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function xmlKeyValues(lexed: Lexed): KeyValue[] {
  const out: KeyValue[] = [];
  const view = lexed.codeView;
  const push = (key: string, at: number, raw: string, quoted: boolean) => {
    const value = raw.trim();
    const s = at + raw.indexOf(value);
    out.push({ key, start: s, end: s + value.length, reportStart: quoted ? s - 1 : s, reportEnd: quoted ? s + value.length + 1 : s + value.length, value });
  };
  // <add key="DbPassword" value="…"/>, <property name="password" value="…"/>
  for (const m of view.matchAll(/<\w[\w:.-]*\s+(?:key|name)\s*=\s*"([^"]+)"\s+value\s*=\s*"([^"]*)"/g)) {
    push(m[1]!, m.index + m[0].length - m[2]!.length - 1, m[2]!, true);
  }
  // <entry key="password">…</entry>
  for (const m of view.matchAll(/<(\w[\w:.-]*)\s+(?:key|name)\s*=\s*"([^"]+)"[^<>]*>([^<>]+)<\/\1>/g)) {
    push(m[2]!, m.index + m[0].length - m[3]!.length - m[1]!.length - 3, m[3]!, false);
  }
  // <password>…</password>, <spring:password>…</spring:password>
  for (const m of view.matchAll(/<([\w.-]+:)?([\w.-]+)(?:\s[^<>]*)?>([^<>]+)<\/\1?\2>/g)) {
    push(m[2]!, m.index + m[0].length - m[3]!.length - (m[1]?.length ?? 0) - m[2]!.length - 3, m[3]!, false);
  }
  // <datasource password="…"/>
  for (const m of view.matchAll(/\s([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
    if (/^(?:key|name|value)$/i.test(m[1]!)) continue;
    push(m[1]!.split(':').pop()!, m.index + m[0].length - m[2]!.length - 1, m[2]!, true);
  }
  return out;
}

function dockerKeyValues(text: string): KeyValue[] {
  const out: KeyValue[] = [];
  for (const m of text.matchAll(/^[ \t]*(?:ENV|ARG)[ \t]+([^\n]*)$/gim)) {
    const rest = m[1]!.replace(/\r$/, '');
    const restStart = m.index + m[0].length - m[1]!.length;
    if (rest.includes('=')) {
      for (const p of rest.matchAll(/([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s\\]+)/g)) {
        const raw = p[2]!;
        const at = restStart + p.index + p[0].length - raw.length;
        const { value, quote } = unquote(raw);
        out.push({ key: p[1]!, start: at + quote, end: at + quote + value.length, reportStart: at, reportEnd: at + raw.length, value });
      }
    } else {
      const legacy = /^([A-Za-z_][\w.-]*)[ \t]+(.+?)[ \t]*$/.exec(rest);
      if (legacy) {
        const raw = legacy[2]!;
        const at = restStart + legacy[0].indexOf(raw, legacy[1]!.length);
        const { value, quote } = unquote(raw);
        out.push({ key: legacy[1]!, start: at + quote, end: at + quote + value.length, reportStart: at, reportEnd: at + raw.length, value });
      }
    }
  }
  return out;
}

const CODE_ASSIGN = /(?<![\w$])(\$?[A-Za-z_]\w*|"[\w .-]+"|'[\w .-]+'|:[A-Za-z_]\w*)\s*(?::=|=>|=|:)\s*(?=[@$]?["'`])/g;
/** `setPassword("…")`, `withApiKey("…")`, and builders named after the secret: `.password("…")`. */
const CODE_SETTER = /(?<![\w$])(?:set|with|Set|With)([A-Z]\w*)\(\s*(?=[@$]?["'])|\.((?:password|passwd|secret|token|apiKey|clientSecret|secretKey|accessKey|privateKey|authToken))\(\s*(?=[@$]?["'])/g;
/** `put("password", "…")`, `setProperty(…)`, PHP `define('DB_PASSWORD', '…')`. */
const CODE_PUT = /\b(?:put|setProperty|Add|add|Set|set|AddParameter|with|define)\(\s*["']([\w .-]+)["']\s*,\s*(?=[@$]?["'])/g;
/** C# auto-properties with an initializer: `public string ClientSecret { get; set; } = "…"`. */
const CSHARP_PROPERTY = /\b([A-Za-z_]\w*)\s*\{\s*(?:(?:public|private|protected|internal)\s+)?get;\s*(?:(?:(?:public|private|protected|internal)\s+)?(?:set|init);\s*)?\}\s*=\s*(?=[@$]?")/g;

/** Assignments, setters and `put("key", "value")` in Java, Go, PHP, C# and Ruby, keys in code only. */
function codeKeyValues(text: string, lexed: Lexed, language: LanguageId): KeyValue[] {
  const out: KeyValue[] = [];
  const view = lexed.codeView;
  const take = (key: string, at: number) => {
    let i = segmentAt(lexed, at);
    if (lexed.kinds[i] !== 'string') i = segmentAt(lexed, at + 1);
    if (lexed.kinds[i] !== 'string') return;
    const segStart = lexed.starts[i]!;
    if (segStart > at + 2) return;
    const segEnd = lexed.starts[i + 1] ?? text.length;
    const cs = lexed.contentStarts[i]!;
    const ce = lexed.contentEnds[i]!;
    const opener = text.slice(segStart, cs);
    const value = text.slice(cs, ce);
    if ((language === 'ruby' && opener === '"' && value.includes('#{')) || (language === 'php' && opener === '"' && /\$[A-Za-z_{]/.test(value)) || opener.startsWith('$')) return;
    // Concatenations (`"…" + x`, PHP `'…' . $x`) are built values, not literals.
    if (/^\s*(?:\+|\.(?!\w)|\.\s*\$)/.test(text.slice(segEnd, segEnd + 4))) return;
    out.push({ key: unquote(key).value.replace(/^[$:]/, ''), start: cs, end: ce, reportStart: segStart, reportEnd: segEnd, value });
  };
  for (const re of [CODE_ASSIGN, CODE_SETTER, CODE_PUT, ...(language === 'csharp' ? [CSHARP_PROPERTY] : [])]) {
    re.lastIndex = 0;
    for (let m = re.exec(view); m; m = re.exec(view)) {
      const key = m[1] ?? m[2]!;
      // Keys must be code (or a quoted key), never inside another string; `put("key", …)` is code with a string key.
      const at = re === CODE_PUT ? m.index : m.index + m[0].indexOf(key);
      const k = lexed.kinds[segmentAt(lexed, at)];
      if (k === 'comment' || (k === 'string' && !/^["']/.test(key))) continue;
      take(key, m.index + m[0].length);
    }
  }
  return out;
}

/**
 * Names of the structures enclosing `offset`, innermost first, so a generic key gets a prefix
 * (`[database] password` → DB_PASSWORD): the TOML table, the YAML parent keys (by indentation),
 * or, for JSON and code, the name in front of each enclosing `{`/`(`/`[` (`SMTP_SETTINGS = {`,
 * `&redis.Options{`, `"database": {`).
 */
export function enclosingNames(text: string, lexed: Lexed, offset: number, language: LanguageId): string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (language === 'toml' || language === 'ini') {
    const header = [...text.slice(0, lineStart).matchAll(/^\s*\[+\s*([^\]\n]+?)\s*\]+\s*$/gm)].pop();
    return header ? header[1]!.split('.').map((p) => p.replace(/^["']|["']$/g, '')).reverse() : [];
  }
  if (language === 'yaml') {
    const names: string[] = [];
    let indent = /^\s*/.exec(text.slice(lineStart, offset))![0].length;
    const lines = text.slice(0, lineStart).split('\n').reverse();
    for (const line of lines) {
      const m = /^(\s*)(?:-\s+)?["']?([\w.-]+)["']?\s*:\s*$/.exec(line.replace(/\r$/, ''));
      if (m && m[1]!.length < indent) {
        names.push(m[2]!);
        indent = m[1]!.length;
        if (indent === 0 || names.length >= 3) break;
      }
    }
    return names;
  }
  const names: string[] = [];
  let depth = 0;
  for (let i = offset - 1; i >= 0 && names.length < 3 && offset - i < 4000; i--) {
    if (lexed.kinds[segmentAt(lexed, i)] !== 'code') continue;
    const c = lexed.codeView[i]!;
    if (c === '}' || c === ']' || c === ')') depth++;
    else if (c === '{' || c === '[' || c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      // Calls name a function, not the value: look further out.
      if (c === '(') continue;
      const before = text.slice(Math.max(0, i - 80), i).replace(/(?:\s*(?:=>|:=|=|:|\bnew\b|&))+\s*$/, '');
      // A class, function or block body: the names beyond it are not the value's.
      if (/\)\s*(?:[\w.<>[\]?*]+\s*)?$|\b(?:class|struct|interface|namespace|module|object|record|enum|trait|impl|func|function|def|fn|do|else|try)\b[^;{}]*$/.test(before)) break;
      const m = /["']?([A-Za-z_][\w.:]*)["']?\s*$/.exec(before);
      if (m) names.push(...m[1]!.split(/[.:]+/).filter(Boolean).reverse());
    }
  }
  return names;
}
