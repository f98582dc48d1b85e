import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types';
import { DOCS_BASE_URL } from '../engine/catalog/catalog';
import type { DiagnosticData } from '../protocol/messages';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Turns an engine finding into an LSP diagnostic: the rule id is the `code`, the rule's doc
 * page the `codeDescription.href`, `source` is "redline", related locations become
 * `relatedInformation`, and the fixes travel in `data` (LSP 3.16 `Diagnostic.data`) so code
 * actions need no server-side cache.
 *
 * @param version the document version the finding was computed for (null for closed files)
 */
export function toDiagnostic(f: Finding, uri: string, version: number | null, extra?: { regionId?: string }): Diagnostic {
  const data: DiagnosticData = { version, ruleId: f.ruleId, fingerprint: f.fingerprint, fixes: f.fixes };
  if (f.noFixReason) data.noFixReason = f.noFixReason;
  if (extra?.regionId) data.regionId = extra.regionId;
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: `${DOCS_BASE_URL}${f.ruleId}.md` },
    source: 'redline',
    message: f.noFixReason ? `${f.message}\nNo automatic fix: ${f.noFixReason}` : f.message,
    data,
  };
  if (related.length) d.relatedInformation = related;
  if (f.ruleId === 'redline/ignore-expired') d.tags = [DiagnosticTag.Deprecated];
  return d;
}
