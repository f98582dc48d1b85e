import type { ConfigProblem } from '../engine/problems';
import { loadWorkspace } from '../host/workspace';
import { findWorkspaceRoot } from '../host/workspaceFiles';

/** `redline rules`: the catalog in force for a workspace, as a table or JSON. */
export function listRules(start: string, format: 'text' | 'json'): { text: string; problems: ConfigProblem[] } {
  const ctx = loadWorkspace(findWorkspaceRoot(start));
  const rules = [...ctx.catalog.rules].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    const data = rules.map((r) => ({ id: r.id, category: r.category, severity: r.severity, title: r.title, cwe: r.cwe, owasp: r.owasp, languages: r.languages, confidence: r.confidence, origin: r.origin, docs: r.docsUrl }));
    return { text: JSON.stringify(data, null, 2) + '\n', problems: ctx.problems };
  }
  const w = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${(r.cwe.join(',') || '-').padEnd(15)}  ${r.title}${r.origin === 'user' ? '  (custom)' : ''}`);
  return { text: lines.join('\n') + '\n', problems: ctx.problems };
}
