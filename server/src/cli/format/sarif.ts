import { pathToFileURL } from 'node:url';
import type { Rule, RuleCatalog } from '../../engine/catalog/catalog';
import type { ConfigProblem } from '../../engine/problems';
import type { Finding, Severity } from '../../engine/types';
import type { ScannedFile } from '../scan';

/**
 * SARIF 2.1.0 output (OASIS, "Static Analysis Results Interchange Format" 2.1.0 Errata 01),
 * shaped for GitHub code scanning: `tool.driver.rules` carry `helpUri`, `help`, CWE tags
 * (`external/cwe/cwe-89`) and `security-severity`; results carry 1-based line/column regions
 * (`columnKind: utf16CodeUnits`) with URIs relative to the current directory under
 * `%SRCROOT%`, and Redline's fingerprint in `partialFingerprints`.
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const PRECISION = { high: 'high', medium: 'medium', low: 'low' } as const;

/** Extra result properties supplied by the host (e.g. the AI region a finding sits in). */
export type ResultProperties = (file: ScannedFile, finding: Finding) => Record<string, unknown> | undefined;

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(f: Finding['range']): SarifRegion {
  return { startLine: f.start.line + 1, startColumn: f.start.character + 1, endLine: f.end.line + 1, endColumn: f.end.character + 1 };
}

function ruleDescriptor(rule: Rule) {
  const cweTags = rule.cwe.map((c) => `external/cwe/${c.toLowerCase()}`);
  const help = `${rule.title}.\n\nDocumentation: ${rule.docsUrl}`;
  return {
    id: rule.id,
    name: rule.id.split('/')[1]!.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (${[...rule.cwe, ...rule.owasp].join('; ') || rule.category}). See ${rule.docsUrl}` },
    helpUri: rule.docsUrl,
    help: { text: help, markdown: `**${rule.title}**\n\n[Documentation](${rule.docsUrl})` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...new Set([...(rule.category === 'redline' ? [] : ['security']), rule.category, ...cweTags, ...rule.tags])],
      precision: rule.category === 'redline' ? 'very-high' : PRECISION[rule.confidence],
      ...(rule.securitySeverity !== undefined ? { 'security-severity': rule.securitySeverity.toFixed(1) } : {}),
      ...(rule.owasp.length ? { owasp: rule.owasp } : {}),
    },
  };
}

/** Builds the SARIF log as an object (tests validate it against the 2.1.0 schema). */
export function buildSarif(
  files: readonly ScannedFile[],
  opts: { toolVersion: string; catalog: RuleCatalog; cwd: string; cwdRel: (p: string) => string; problems: readonly ConfigProblem[]; resultProperties?: ResultProperties },
): Record<string, unknown> {
  const rules = [...opts.catalog.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Record<string, unknown>[] = [];
  for (const f of files) {
    const uri = opts.cwdRel(f.path).split('\\').join('/');
    for (const x of f.findings) {
      const props = opts.resultProperties?.(f, x);
      results.push({
        ruleId: x.ruleId,
        ...(index.has(x.ruleId) ? { ruleIndex: index.get(x.ruleId) } : {}),
        level: LEVEL[x.severity],
        message: { text: x.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(uri), uriBaseId: '%SRCROOT%' }, region: region(x.range) } }],
        ...(x.related.length
          ? {
              relatedLocations: x.related.map((r, i) => ({
                id: i + 1,
                message: { text: r.message },
                physicalLocation: { artifactLocation: { uri: encodeURI(uri), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
              })),
            }
          : {}),
        partialFingerprints: { 'redlineFingerprint/v1': x.fingerprint },
        properties: { category: x.category, confidence: x.confidence, ...(x.properties ?? {}), ...(props ?? {}) },
      });
    }
  }
  const notifications = opts.problems.map((p) => ({
    level: p.severity === 'error' ? 'error' : 'warning',
    message: { text: `${p.fieldPath.length ? p.fieldPath.join('.') + ': ' : ''}${p.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(opts.cwdRel(p.file).split('\\').join('/')), uriBaseId: '%SRCROOT%' }, ...(p.range ? { region: region(p.range) } : {}) } }],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Redline',
            semanticVersion: opts.toolVersion,
            version: opts.toolVersion,
            informationUri: 'https://github.com/redline-dev/redline',
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(opts.cwd.endsWith('/') ? opts.cwd : `${opts.cwd}/`).href } },
        invocations: [{ executionSuccessful: true, toolConfigurationNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(...args: Parameters<typeof buildSarif>): string {
  return JSON.stringify(buildSarif(...args), null, 2) + '\n';
}
