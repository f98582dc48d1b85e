import { applyOffsetEdits, fixOffsetEdits, LineIndex, type Finding } from '../../server/src/engine';

/** Applies the edits of the preferred fix of `finding` to `text`; throws when it has none. */
export function applyFix(text: string, finding: Finding): string {
  const fix = finding.fixes.find((f) => f.isPreferred);
  if (!fix) throw new Error(`no preferred fix for ${finding.ruleId} at line ${finding.range.start.line + 1}${finding.noFixReason ? `: ${finding.noFixReason}` : ''}`);
  return applyOffsetEdits(text, fixOffsetEdits(new LineIndex(text), fix));
}

/** `line: ruleId severity` for compact assertions (1-based lines). */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.severity}`);
}
