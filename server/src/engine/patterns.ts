import type { Rule } from './catalog/catalog';
import { LinearRegExp } from './catalog/linear';
import type { FindingCollector } from './context';
import { kindAt, segmentAt, type Lexed } from './lexer';
import type { LanguageId } from './types';
import { maskSecret } from './util';

/**
 * Runs the `patterns` of catalog rules (built-in and user) on one file. Each pattern is a
 * regular expression with a lexical scope (code, string, comment, any); see `PatternSchema`.
 * Secret-category matches are fingerprinted by their masked value, never the raw one.
 * Custom rules' patterns run on RE2 (`LinearRegExp`), which checks the time budget before each
 * window it searches, so one long scan cannot outlive the budget by much.
 */
export function runPatternRules(rules: readonly Rule[], language: LanguageId, text: string, getLexed: () => Lexed, collector: FindingCollector): void {
  for (const rule of rules) {
    if (!rule.compiledPatterns.length || !collector.enabled(rule.id)) continue;
    for (const p of rule.compiledPatterns) {
      if (!p.spec.languages.includes(language)) continue;
      const lexed = getLexed();
      const haystack = p.spec.in === 'code' ? lexed.codeView : text;
      const re = p.regex;
      re.lastIndex = 0;
      if (re instanceof LinearRegExp) re.checkpoint = () => collector.checkDeadlineNow();
      for (let m = re.exec(haystack); m; m = re.exec(haystack)) {
        collector.checkDeadline();
        if (m[0].length === 0) re.lastIndex++;
        const span = m.indices?.groups?.target ?? m.indices![0]!;
        const [start, end] = span;
        if (!inScope(lexed, p.spec.in, start, end)) continue;
        const matched = text.slice(m.index, m.index + m[0].length);
        if (p.not.some((n) => n.test(matched))) continue;
        const target = text.slice(start, end);
        const key = rule.category === 'secret' ? `p${p.index}:${maskSecret(target)}` : `p${p.index}:${target.replace(/\s+/g, ' ')}`;
        collector.report({
          ruleId: rule.id,
          start,
          end,
          ...(p.spec.message ? { message: p.spec.message } : {}),
          ...(p.spec.severity ? { severity: p.spec.severity } : {}),
          key,
          properties: { pattern: p.index },
        });
      }
    }
  }
}

function inScope(lexed: Lexed, scope: string, start: number, end: number): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'code':
      return kindAt(lexed, start) !== 'comment';
    case 'comment':
      return kindAt(lexed, start) === 'comment';
    case 'string': {
      const i = segmentAt(lexed, start);
      return lexed.kinds[i] === 'string' && start >= lexed.contentStarts[i]! && end <= lexed.contentEnds[i]!;
    }
    default:
      return false;
  }
}
