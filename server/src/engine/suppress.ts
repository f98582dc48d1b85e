import { kindAt, type Lexed } from './lexer';
import type { LineIndex } from './text';
import type { Range } from './types';

/**
 * Inline suppressions: `redline-ignore-next-line <ruleId|category>[, …] [until YYYY-MM-DD] [-- reason]`
 * in a comment of the file's language, on the line above the finding. A suppression without a
 * reason still applies but is itself reported; one whose date has passed no longer applies and
 * is reported.
 */
export interface Suppression {
  /** 0-based line of the comment; it applies to `line + 1`. */
  line: number;
  /** Rule ids or categories; empty never happens (a bare directive is malformed). */
  targets: string[];
  reason?: string;
  /** ISO date (YYYY-MM-DD); the suppression applies through the end of that day (UTC). */
  until?: string;
  expired: boolean;
  /** Range of the directive text, for diagnostics about the suppression itself. */
  range: Range;
  malformed?: string;
}

const DIRECTIVE = /redline-ignore-next-line\b([^\n\r]*)/g;
const COMMENT_BEFORE = /(?:\/\/|#|--|;|<!--|\/\*|\*|\{\/\*)\s*$/;

/**
 * Finds suppression directives in `text`. A directive counts when it is inside a comment of the
 * file's language, per the lexer (the same words after `//` or `#` in a string literal, a
 * template literal or a Python docstring suppress nothing), and directly follows a comment
 * marker on its line (a comment that mentions the directive mid-sentence is prose).
 *
 * @param text the whole file text
 * @param lines line index of `text`
 * @param today ISO date (YYYY-MM-DD) deciding expiry (injected for tests)
 * @param lexed `text` lexed with its language's syntax (`SYNTAX[language]`). Called at most once,
 *   and only when some line holds the directive after a comment marker: the common file without
 *   a directive is never lexed here. Pass the analysis' memoized lexer result so a text already
 *   lexed for text detectors or pattern rules is not lexed again.
 * @returns the directives in text order, malformed and expired ones included (flagged)
 */
export function findSuppressions(text: string, lines: LineIndex, today: string, lexed: () => Lexed): Suppression[] {
  if (!text.includes('redline-ignore-next-line')) return [];
  const out: Suppression[] = [];
  let segments: Lexed | undefined;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const pos = lines.positionAt(m.index);
    const before = lines.lineText(pos.line).slice(0, pos.character);
    // The marker test is textual and cheap; the lexer decides whether that marker really opens
    // a comment or sits inside a string (`"// …"`, `'# …'`, a docstring).
    if (!COMMENT_BEFORE.test(before)) continue;
    if (kindAt((segments ??= lexed()), m.index) !== 'comment') continue;
    let rest = m[1]!.replace(/\s*(?:-->|\*\/\s*\}?)\s*$/, '');
    let reason: string | undefined;
    const dash = rest.indexOf(' --');
    if (dash >= 0 || rest.startsWith('--')) {
      const at = dash >= 0 ? dash + 3 : 2;
      reason = rest.slice(at).trim() || undefined;
      rest = dash >= 0 ? rest.slice(0, dash) : '';
    }
    let until: string | undefined;
    let malformed: string | undefined;
    const untilMatch = /\buntil\s+(\S+)/.exec(rest);
    if (untilMatch) {
      until = untilMatch[1];
      rest = rest.replace(untilMatch[0], '');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(until!) || Number.isNaN(Date.parse(until!))) {
        malformed = `"until ${until}" is not a date in the form YYYY-MM-DD`;
        until = undefined;
      }
    }
    const targets = rest.split(/[\s,]+/).filter(Boolean);
    if (targets.length === 0) malformed = 'names no rule: write the rule id to ignore, e.g. "redline-ignore-next-line sql/string-built-query -- reason"';
    const s: Suppression = {
      line: pos.line,
      targets,
      expired: until !== undefined && until < today,
      range: lines.range(m.index, m.index + m[0].replace(/\s*(?:-->|\*\/\s*\}?)\s*$/, '').length),
    };
    if (reason) s.reason = reason;
    if (until) s.until = until;
    if (malformed) s.malformed = malformed;
    out.push(s);
  }
  return out;
}

/** True when `s` names `ruleId` itself or its category. */
export function suppressionCovers(s: Suppression, ruleId: string): boolean {
  const category = ruleId.split('/')[0];
  return s.targets.some((t) => t === ruleId || t === category);
}
