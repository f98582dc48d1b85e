import { createHash, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffArrays } from 'diff';
import { z } from 'zod';
import type { ConfigProblem } from '../engine/problems';
import { formatFieldPath } from '../engine/problems';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { DEFAULT_CONTEXT_LINES, normalizeEol, wholeLineRange, wholeLinesHash } from './hash';
import { createRegion } from './region';
import {
  AGENT_TRACE_VERSION,
  REDLINE_METADATA_KEY,
  TraceRecordSchema,
  TraceRecordWriteSchema,
  type Region,
  type RegionIndex,
  type RegionMethod,
  type TraceRecord,
} from './schema';

/**
 * Agent Trace (spec v0.1.0, https://agent-trace.dev; github.com/cursor/agent-trace README.md):
 * writing records for regions Redline tags, appending them to `.agent-trace/traces.jsonl`,
 * reading the records other tools' hooks wrote (incrementally, from a byte offset), turning them
 * into regions, and turning Claude Code / VS Code agent hook payloads into records.
 *
 * Units: Agent Trace lines are **1-based, inclusive** (README §6.3 "Line numbers are 1-indexed";
 * `schemas.ts` `start_line`/`end_line` min 1); regions use LSP ranges (0-based lines, UTF-16
 * columns). `content_hash` is `sha256:<hex>` of the whole lines `start_line..end_line` joined with
 * `\n` (line endings normalized), the "<algorithm>:<hex>" form of README §6.6.
 *
 * Storage follows the reference implementation (`reference/trace-store.ts`: `TRACE_PATH =
 * ".agent-trace/traces.jsonl"`, one `JSON.stringify(trace) + "\n"` appended per record). The
 * spec itself leaves storage to implementations (README Appendix C).
 */

/** Workspace-relative location of the trace log (reference implementation's `TRACE_PATH`). */
export const TRACE_FILE = join('.agent-trace', 'traces.jsonl');

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// ---------------------------------------------------------------------------------------------
// Building and appending
// ---------------------------------------------------------------------------------------------

/**
 * models.dev form `provider/model` (README §6.7). Bare names get a provider by prefix, as the
 * reference `normalizeModelId` does (`claude-` → anthropic, `gpt-`/`o1`/`o3`/`o4` → openai,
 * `gemini-` → google); anything else is kept as given.
 */
export function normalizeModelId(model: string | undefined): string | undefined {
  if (!model) return undefined;
  const m = model.trim();
  if (!m || m.includes('/')) return m || undefined;
  const prefixes: [RegExp, string][] = [
    [/^claude-/, 'anthropic'],
    [/^(?:gpt-|o1|o3|o4|codex-)/, 'openai'],
    [/^gemini-/, 'google'],
  ];
  for (const [re, provider] of prefixes) if (re.test(m)) return `${provider}/${m}`;
  return m;
}

/** 1-based inclusive Agent Trace lines of an LSP range. A range ending at column 0 of a later line ends on the line before. */
export function rangeToTraceLines(range: Range): { start_line: number; end_line: number } {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return { start_line: range.start.line + 1, end_line: endLine + 1 };
}

export interface TraceBuildOptions {
  /** Git revision (40-hex SHA) the ranges refer to, when known; omitted otherwise. */
  revision?: string;
  /** Record-level tool; default: the first region's origin tool with `toolVersion`. */
  tool?: { name: string; version: string };
  /** Version of the tool when `tool` is not given; the spec's generated schema requires one. Default `unknown`. */
  toolVersion?: string;
  redlineVersion?: string;
  /** Conversation URL (README §6.8), when known. */
  conversationUrl?: string;
  now?: Date;
  /** Record id (uuid); random by default. */
  id?: string;
  /** Extra data under `metadata["dev.redline"]`. */
  metadata?: Record<string, unknown>;
}

/**
 * An Agent Trace record for tagged regions: one file entry per path, one conversation per
 * (tool, model) with contributor `{type: "ai", model_id}`, one range per region (1-based lines,
 * `content_hash` of those whole lines). Redline's data (`regions: [{id, method}]`, version) goes
 * under the reverse-DNS key `dev.redline` (README §7.2). Orphaned regions are left out.
 *
 * @param items regions with the current text of their file
 * @throws Error when the result does not satisfy the spec schema (a bug, not an input problem)
 */
export function traceRecordForRegions(items: readonly { region: Region; text: string | LineIndex }[], options: TraceBuildOptions = {}): TraceRecord {
  const live = items.filter((x) => x.region.status !== 'orphaned');
  const files = new Map<string, Map<string, { model?: string; ranges: { start_line: number; end_line: number; content_hash: string }[] }>>();
  for (const { region, text } of live) {
    const lines = typeof text === 'string' ? new LineIndex(text) : text;
    const tl = rangeToTraceLines(region.range);
    const model = normalizeModelId(region.origin.model);
    const key = `${region.origin.tool}\0${model ?? ''}`;
    let convs = files.get(region.path);
    if (!convs) files.set(region.path, (convs = new Map()));
    let conv = convs.get(key);
    if (!conv) convs.set(key, (conv = { ...(model ? { model } : {}), ranges: [] }));
    conv.ranges.push({ ...tl, content_hash: wholeLinesHash(lines, tl.start_line - 1, tl.end_line - 1) });
  }
  const first = live[0]?.region;
  const record: TraceRecord = {
    version: AGENT_TRACE_VERSION,
    id: options.id ?? randomUUID(),
    timestamp: (options.now ?? new Date()).toISOString(),
    ...(options.revision ? { vcs: { type: 'git', revision: options.revision } } : {}),
    tool: options.tool ?? { name: first?.origin.tool ?? 'redline', version: options.toolVersion ?? 'unknown' },
    files: [...files].map(([path, convs]) => ({
      path,
      conversations: [...convs.values()].map((c) => ({
        ...(options.conversationUrl ? { url: options.conversationUrl } : {}),
        contributor: { type: 'ai' as const, ...(c.model ? { model_id: c.model } : {}) },
        ranges: c.ranges,
      })),
    })),
    metadata: {
      [REDLINE_METADATA_KEY]: {
        ...(options.redlineVersion ? { version: options.redlineVersion } : {}),
        regions: live.map((x) => ({ id: x.region.id, method: x.region.origin.method })),
        ...options.metadata,
      },
    },
  };
  assertWritable(record);
  return record;
}

/** Validates a record against the spec's strict schema; throws with the issues otherwise. */
export function assertWritable(record: TraceRecord): void {
  const res = TraceRecordWriteSchema.safeParse(record);
  if (!res.success) throw new Error(`invalid Agent Trace record: ${res.error.issues.map((i) => `${formatFieldPath(i.path as (string | number)[])}: ${i.message}`).join('; ')}`);
}

/**
 * Appends one record to `<root>/.agent-trace/traces.jsonl` (created with its folder): one
 * `write` of `JSON + "\n"` on a descriptor opened with `O_APPEND`, so concurrent writers never
 * interleave within a line on local file systems.
 *
 * @returns the absolute path of the log and the byte offset where the line starts
 * @throws Error on invalid records or I/O failure
 */
export async function appendTraceRecord(root: string, record: TraceRecord): Promise<{ file: string; offset: number }> {
  assertWritable(record);
  const file = join(root, TRACE_FILE);
  await fsp.mkdir(join(root, '.agent-trace'), { recursive: true });
  const buf = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
  const h = await fsp.open(file, 'a', 0o644);
  try {
    const { size } = await h.stat();
    const { bytesWritten } = await h.write(buf, 0, buf.length);
    if (bytesWritten !== buf.length) throw new Error(`short write to ${file} (${bytesWritten} of ${buf.length} bytes)`);
    return { file, offset: size };
  } finally {
    await h.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** Where reading stopped: byte offset after the last complete line, and lines consumed. */
export interface TraceCursor {
  offset: number;
  /** Number of lines before `offset` (the next line is `line + 1`, 1-based). */
  line: number;
}

export interface TraceEntry {
  record: TraceRecord;
  /** 1-based line number in the log. */
  line: number;
}

export interface TraceReadResult {
  records: TraceEntry[];
  /** One per invalid line (file, line range, field path, reason); the other lines still count. */
  problems: ConfigProblem[];
  cursor: TraceCursor;
  /** True when the file had shrunk below the cursor (rewritten): reading restarted at 0. */
  reset: boolean;
}

/**
 * Parses JSONL text: one record per non-empty line. An invalid line yields a problem (its file,
 * line, field path and reason) and is skipped; it never fails the other lines.
 *
 * @param firstLine number of lines before `text` in the file (for 1-based line numbers)
 */
export function parseTraceLines(file: string, text: string, firstLine = 0): { records: TraceEntry[]; problems: ConfigProblem[] } {
  const records: TraceEntry[] = [];
  const problems: ConfigProblem[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const lineNo = firstLine + i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    const range = { start: { line: lineNo - 1, character: 0 }, end: { line: lineNo - 1, character: line.length } };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      problems.push({ file, fieldPath: [], range, message: `line ${lineNo}: not valid JSON (${(e as Error).message}); skipped`, severity: 'warning' });
      return;
    }
    const parsed = TraceRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const fieldPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
      problems.push({ file, fieldPath, range, message: `line ${lineNo}: not an Agent Trace record: ${formatFieldPath(fieldPath)}: ${issue.message}${more}; skipped`, severity: 'warning' });
      return;
    }
    records.push({ record: parsed.data, line: lineNo });
  });
  return { records, problems };
}

/**
 * Reads the records appended since `cursor` (default: from the start). Only complete lines
 * (ending in `\n`) are consumed, so a line being written is picked up by the next call.
 * A missing file yields nothing. I/O errors other than ENOENT are thrown.
 *
 * @param file absolute path of `traces.jsonl`
 */
export async function readTraceRecords(file: string, cursor: TraceCursor = { offset: 0, line: 0 }): Promise<TraceReadResult> {
  let h: fsp.FileHandle;
  try {
    h = await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [], cursor: { offset: 0, line: 0 }, reset: cursor.offset > 0 };
    throw e;
  }
  try {
    const { size } = await h.stat();
    let start = cursor;
    let reset = false;
    if (size < cursor.offset) {
      start = { offset: 0, line: 0 };
      reset = true;
    }
    if (size === start.offset) return { records: [], problems: [], cursor: start, reset };
    const buf = Buffer.alloc(size - start.offset);
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await h.read(buf, read, buf.length - read, start.offset + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const end = buf.lastIndexOf(10, read - 1);
    if (end < 0) return { records: [], problems: [], cursor: start, reset };
    const text = buf.subarray(0, end + 1).toString('utf8');
    const parsed = parseTraceLines(file, text, start.line);
    let newlines = 0;
    for (let i = 0; i <= end; i++) if (buf[i] === 10) newlines++;
    return { ...parsed, cursor: { offset: start.offset + end + 1, line: start.line + newlines }, reset };
  } finally {
    await h.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Records → regions
// ---------------------------------------------------------------------------------------------

export interface TraceImportOptions {
  /** Regions and tombstones already known: ids and (path, content hash) pairs are not imported twice, removed ones not again. */
  existing: RegionIndex;
  /** Current text of a workspace-relative path, or undefined when the file does not exist. */
  readText: (relPath: string) => string | undefined;
  /** `agent-hook` for records picked up live from hooks, `import` for history (default). */
  method?: Extract<RegionMethod, 'agent-hook' | 'import'>;
  /** Absolute workspace root, to relativize absolute paths some writers record. */
  root?: string;
  now?: Date;
  contextLines?: number;
}

export interface TraceSkip {
  path: string;
  start_line?: number;
  end_line?: number;
  reason: string;
}

/** Deterministic id of the region imported from one range of one record: `at-<24 hex>`. */
export function importedRegionId(recordId: string, path: string, startLine: number, endLine: number): string {
  return `at-${sha256hex(`${recordId}\0${path}\0${startLine}\0${endLine}`).slice(0, 24)}`;
}

/**
 * Regions for the `ai` and `mixed` ranges of a record (per-range contributor overrides the
 * conversation's, README §6.1). Each range is placed only where its content is verified:
 *
 * - with a `sha256:` `content_hash`: at its lines if they still hash to it, else at the one
 *   window of the same length that does (it moved); neither → skipped, never guessed;
 * - without one (or another algorithm): at its lines when they exist in the file (the record
 *   is trusted for position; Agent Trace ranges refer to the recorded revision).
 *
 * Skipped: `human`/`unknown`/missing contributor, files that do not exist, ranges past the end,
 * ids already present or tombstoned, and a (path, content hash) already tracked.
 */
export function regionsFromTraceRecord(record: TraceRecord, options: TraceImportOptions): { regions: Region[]; skipped: TraceSkip[] } {
  const now = options.now ?? new Date();
  const known = new Set([...options.existing.regions.map((r) => r.id), ...options.existing.tombstones.map((t) => t.id)]);
  const hashes = new Set(options.existing.regions.map((r) => `${r.path}\0${r.contentHash}`));
  const regions: Region[] = [];
  const skipped: TraceSkip[] = [];
  const own = (record.metadata?.[REDLINE_METADATA_KEY] as { regions?: { id?: unknown }[] } | undefined)?.regions ?? [];
  const ownIds = own.map((x) => x?.id).filter((x): x is string => typeof x === 'string');
  if (ownIds.length && ownIds.every((id) => known.has(id))) return { regions, skipped: [{ path: '*', reason: 'written by Redline for regions it already tracks (or removed)' }] };
  for (const file of record.files) {
    let path = file.path.replace(/\\/g, '/');
    if (isAbsolute(file.path) && options.root) {
      const rel = relative(options.root, file.path);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        skipped.push({ path, reason: 'outside the workspace' });
        continue;
      }
      path = rel.split(sep).join('/');
    }
    path = path.replace(/^\.\//, '');
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').includes('..')) {
      skipped.push({ path, reason: 'not a workspace-relative path' });
      continue;
    }
    const text = options.readText(path);
    if (text === undefined) {
      skipped.push({ path, reason: 'file does not exist' });
      continue;
    }
    const lines = new LineIndex(text);
    for (const conv of file.conversations) {
      for (const range of conv.ranges) {
        const contributor = range.contributor ?? conv.contributor;
        const where = { path, start_line: range.start_line, end_line: range.end_line };
        if (!contributor || (contributor.type !== 'ai' && contributor.type !== 'mixed')) {
          skipped.push({ ...where, reason: `contributor is ${contributor?.type ?? 'not given'}` });
          continue;
        }
        if (range.end_line < range.start_line) {
          skipped.push({ ...where, reason: 'end_line before start_line' });
          continue;
        }
        const id = importedRegionId(record.id, path, range.start_line, range.end_line);
        if (known.has(id)) {
          skipped.push({ ...where, reason: 'already imported (or removed)' });
          continue;
        }
        const placed = placeTraceRange(lines, range.start_line - 1, range.end_line - 1, range.content_hash);
        if (typeof placed === 'string') {
          skipped.push({ ...where, reason: placed });
          continue;
        }
        const hash = wholeLinesHash(lines, placed.start, placed.end);
        if (hashes.has(`${path}\0${hash}`)) {
          skipped.push({ ...where, reason: 'the same code is already tracked' });
          continue;
        }
        const model = normalizeModelId(contributor.model_id);
        const region = createRegion({
          id,
          path,
          range: wholeLineRange(lines, placed.start, placed.end),
          origin: { tool: record.tool?.name || 'unknown', ...(model ? { model } : {}), method: options.method ?? 'import' },
          text: lines,
          now,
          traceId: record.id,
          contextLines: options.contextLines ?? DEFAULT_CONTEXT_LINES,
        });
        regions.push(region);
        known.add(id);
        hashes.add(`${path}\0${region.contentHash}`);
      }
    }
  }
  return { regions, skipped };
}

/** 0-based inclusive line span where a trace range's content is, or why it cannot be placed. */
function placeTraceRange(lines: LineIndex, start: number, end: number, hash: string | undefined): { start: number; end: number } | string {
  const inBounds = end < lines.lineCount;
  if (!hash || !hash.startsWith('sha256:')) return inBounds ? { start, end } : 'range is past the end of the file';
  const variants = (s: number, e: number): string[] => {
    const parts: string[] = [];
    for (let l = s; l <= e; l++) parts.push(lines.lineText(l));
    const joined = parts.join('\n');
    return [`sha256:${sha256hex(joined)}`, `sha256:${sha256hex(`${joined}\n`)}`];
  };
  if (inBounds && variants(start, end).includes(hash)) return { start, end };
  const n = end - start + 1;
  const found: number[] = [];
  for (let s = 0; s + n <= lines.lineCount && found.length < 2; s++) if (variants(s, s + n - 1).includes(hash)) found.push(s);
  if (found.length === 1) return { start: found[0]!, end: found[0]! + n - 1 };
  return found.length > 1 ? 'its content appears in several places; not guessing' : 'its content is no longer in the file';
}

// ---------------------------------------------------------------------------------------------
// Hook payloads → records
// ---------------------------------------------------------------------------------------------

/** A hook payload that does not have the expected shape. `message` lists the zod issues. */
export class HookPayloadError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}:\n  ${issues.join('\n  ')}` : message);
    this.name = 'HookPayloadError';
  }
}

export interface HookTraceContext {
  /** Absolute workspace (repository) root; record paths are relative to it. */
  root: string;
  /** Current text of an absolute path after the tool ran, undefined when unreadable. */
  readFile: (absPath: string) => string | undefined;
  /** Text of a Claude Code transcript (JSONL), to find the model when the payload lacks it. */
  readTranscript?: (absPath: string) => string | undefined;
  /** Model id to record (overrides the payload and transcript), e.g. from a CLI flag. */
  model?: string;
  /** Git revision (HEAD) the line numbers refer to, when known. */
  revision?: string;
  /** Version of the agent tool (Claude Code, VS Code), when known; `unknown` otherwise. */
  toolVersion?: string;
  redlineVersion?: string;
  now?: Date;
  id?: string;
}

export type HookTraceResult = { kind: 'record'; record: TraceRecord } | { kind: 'skipped'; reason: string };

const zIssues = (e: z.ZodError): string[] => e.issues.map((i) => `${formatFieldPath(i.path as (string | number)[])}: ${i.message}`);

/**
 * Claude Code hook input (docs: code.claude.com/docs/en/hooks, "common input fields" and
 * "PostToolUse input"): `session_id`, `transcript_path`, `cwd`, `permission_mode`,
 * `hook_event_name`, `tool_name`, `tool_input`, `tool_response`, `tool_use_id`.
 */
export const ClaudeHookPayloadSchema = z.looseObject({
  hook_event_name: z.string(),
  session_id: z.string().optional(),
  transcript_path: z.string().nullable().optional(),
  cwd: z.string().optional(),
  tool_name: z.string().optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  model: z.string().optional(),
});

/** Write: `{file_path, content}`. */
const ClaudeWriteInput = z.looseObject({ file_path: z.string().min(1), content: z.string() });
/** Edit: `{file_path, old_string, new_string, replace_all?}`. */
const ClaudeEditInput = z.looseObject({ file_path: z.string().min(1), old_string: z.string(), new_string: z.string(), replace_all: z.boolean().optional() });
/** MultiEdit: `{file_path, edits: [{old_string, new_string, replace_all?}]}`. */
const ClaudeMultiEditInput = z.looseObject({
  file_path: z.string().min(1),
  edits: z.array(z.looseObject({ old_string: z.string(), new_string: z.string(), replace_all: z.boolean().optional() })).min(1),
});
/** `tool_response` of Write/Edit/MultiEdit: `{filePath, originalFile?, structuredPatch?: [{oldStart, oldLines, newStart, newLines, lines}], type?}`. */
const PatchHunkSchema = z.looseObject({ oldStart: z.number(), oldLines: z.number(), newStart: z.number(), newLines: z.number(), lines: z.array(z.string()) });
const ClaudeEditResponse = z.looseObject({
  filePath: z.string().optional(),
  originalFile: z.string().nullable().optional(),
  structuredPatch: z.array(PatchHunkSchema).optional(),
  type: z.string().optional(),
});

/**
 * VS Code agent hook input (code.visualstudio.com/docs/agents/reference/hooks-reference; common
 * fields `timestamp`, `hookEventName`, `sessionId`, `transcript_path`, `cwd`; PostToolUse adds
 * `tool_name`, `tool_input`, `tool_use_id`, `tool_response`). Tool input property names are the
 * tools' own (camelCase, e.g. `create_file {filePath, content}`, `replace_string_in_file
 * {filePath, oldString, newString}`, `multi_replace_string_in_file {replacements: [...]}`); these
 * are not in the documentation, so they are matched by shape, snake_case accepted too.
 */
export const VsCodeHookPayloadSchema = z.looseObject({
  hookEventName: z.string(),
  sessionId: z.string().optional(),
  cwd: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  transcript_path: z.string().nullable().optional(),
  tool_name: z.string().optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  model: z.string().optional(),
});

/**
 * Redline's generic payload, for agents without a supported hook format: `file_path` (absolute
 * or relative to `cwd`/root), then `content` (the whole file was written), `new_string` (this
 * text was inserted; located in the file, must be unique), or explicit 1-based `ranges`; plus
 * optional `tool`, `tool_version`, `model`, `cwd`.
 */
export const GenericHookPayloadSchema = z.looseObject({
  file_path: z.string().min(1),
  content: z.string().optional(),
  new_string: z.string().optional(),
  old_string: z.string().optional(),
  ranges: z.array(z.looseObject({ start_line: z.number().int().min(1), end_line: z.number().int().min(1) })).optional(),
  tool: z.string().optional(),
  tool_version: z.string().optional(),
  model: z.string().optional(),
  cwd: z.string().optional(),
});

/**
 * The model of the last assistant message in a Claude Code transcript (JSONL lines with
 * `message.model`), as the reference `extractModelFromTranscript` does. Undefined when none.
 */
export function modelFromTranscript(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.includes('"model"')) continue;
    try {
      const obj = JSON.parse(line) as { message?: { model?: unknown; role?: unknown } };
      const model = obj.message?.model;
      if (typeof model === 'string' && model && !model.startsWith('<')) return model;
    } catch {
      // Not JSON: ignore the line.
    }
  }
  return undefined;
}

/** 1-based line numbers → sorted inclusive runs. */
function toRuns(lines: Iterable<number>): { start: number; end: number }[] {
  const sorted = [...new Set(lines)].filter((n) => n >= 1).sort((a, b) => a - b);
  const runs: { start: number; end: number }[] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && n === last.end + 1) last.end = n;
    else runs.push({ start: n, end: n });
  }
  return runs;
}

/** Lines added by a unified-diff hunk list (`structuredPatch`), 1-based in the new file, with their text. */
export function addedLinesFromPatch(hunks: readonly { newStart: number; lines: readonly string[] }[]): Map<number, string> {
  const added = new Map<number, string>();
  for (const h of hunks) {
    let n = h.newStart;
    for (const l of h.lines) {
      if (l.startsWith('+')) added.set(n++, l.slice(1));
      else if (l.startsWith(' ')) n++;
      else if (l.startsWith('-') || l.startsWith('\\')) continue;
      else n++;
    }
  }
  return added;
}

/** Indices (0-based) of lines of `newStr` not common with `oldStr` (jsdiff `diffArrays` on lines). */
function addedLineOffsets(oldStr: string, newStr: string): number[] {
  const newLines = normalizeEol(newStr).split('\n');
  if (newLines[newLines.length - 1] === '' && newLines.length > 1) newLines.pop();
  const oldLines = normalizeEol(oldStr).split('\n');
  if (oldLines[oldLines.length - 1] === '' && oldLines.length > 1) oldLines.pop();
  if (!oldStr) return newLines.map((_, i) => i);
  const d = diffArrays(oldLines, newLines, { timeout: 1000 });
  if (!d) return newLines.map((_, i) => i);
  const out: number[] = [];
  let i = 0;
  for (const c of d) {
    if (c.removed) continue;
    if (c.added) for (let k = 0; k < c.count; k++) out.push(i + k);
    i += c.count;
  }
  return out;
}

/** All start offsets of `needle` in `hay` (non-overlapping). */
function occurrences(hay: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** 0-based line of an offset. */
const lineOf = (text: string, offset: number): number => new LineIndex(text.slice(0, offset)).lineCount - 1;

/** Whole-file lines 1..n, not counting the empty line after a final newline. */
function wholeFileLines(text: string): number[] {
  const li = new LineIndex(text);
  let n = li.lineCount;
  if (n > 1 && li.lineText(n - 1) === '') n--;
  if (n === 1 && li.lineText(0) === '') return [];
  return Array.from({ length: n }, (_, i) => i + 1);
}

interface FileAttribution {
  absPath: string;
  /** 1-based line numbers attributed to the AI. */
  lines: number[];
  /** The file's text after the change, when known (for hashes). */
  text?: string;
  /** Text of attributed lines when the file text is unknown (from a patch). */
  lineTexts?: Map<number, string>;
}

/** Lines an edit `old → new` added, located in the file after it. Error string when not locatable. */
function locateEdit(text: string | undefined, originalFile: string | undefined, oldStr: string, newStr: string, replaceAll: boolean): number[] | string {
  if (!newStr) return [];
  const rel = addedLineOffsets(oldStr, newStr);
  if (rel.length === 0) return [];
  if (originalFile && oldStr) {
    const olds = occurrences(originalFile, oldStr);
    if (olds.length) {
      const used = replaceAll ? olds : [olds[0]!];
      const out: number[] = [];
      const grow = lineOf(newStr, newStr.length) - lineOf(oldStr, oldStr.length);
      used.forEach((o, k) => {
        const base = lineOf(originalFile, o) + k * grow;
        for (const r of rel) out.push(base + r + 1);
      });
      return out;
    }
  }
  if (text === undefined) return 'the file could not be read after the edit';
  const found = occurrences(text, newStr);
  if (found.length === 0) return 'the new text is not in the file (changed again since?)';
  if (found.length > 1 && !replaceAll) return 'the new text appears several times in the file; not guessing which';
  const out: number[] = [];
  for (const o of found) {
    const base = lineOf(text, o);
    for (const r of rel) out.push(base + r + 1);
  }
  return out;
}

interface AgentInfo {
  agent: string;
  hookEvent: string;
  toolName?: string;
  sessionId?: string;
  toolUseId?: string;
  transcript?: string | null;
  model?: string;
  cwd?: string;
  toolVersion?: string;
}

function resolvePath(p: string, cwd: string | undefined, root: string): string {
  return isAbsolute(p) ? p : resolve(cwd ?? root, p);
}

/** Assembles and validates the record for attributed files. */
function buildHookRecord(files: FileAttribution[], info: AgentInfo, ctx: HookTraceContext): HookTraceResult {
  const entries: TraceRecord['files'] = [];
  const model = normalizeModelId(ctx.model ?? info.model ?? (info.transcript && ctx.readTranscript ? modelFromTranscript(ctx.readTranscript(info.transcript) ?? '') : undefined));
  const skippedReasons: string[] = [];
  for (const f of files) {
    const rel = relative(ctx.root, f.absPath);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
      skippedReasons.push(`${f.absPath} is outside the workspace root ${ctx.root}`);
      continue;
    }
    const li = f.text !== undefined ? new LineIndex(f.text) : undefined;
    const lines = li ? f.lines.filter((n) => n <= li.lineCount) : f.lines;
    const runs = toRuns(lines);
    if (!runs.length) continue;
    const ranges = runs.map((r) => {
      let hash: string | undefined;
      if (li) hash = wholeLinesHash(li, r.start - 1, r.end - 1);
      else if (f.lineTexts) {
        const parts: string[] = [];
        for (let n = r.start; n <= r.end; n++) parts.push(f.lineTexts.get(n) ?? '');
        hash = `sha256:${sha256hex(normalizeEol(parts.join('\n')))}`;
      }
      return { start_line: r.start, end_line: r.end, ...(hash ? { content_hash: hash } : {}) };
    });
    let url: string | undefined;
    if (info.transcript) {
      try {
        url = pathToFileURL(info.transcript).href;
      } catch {
        url = undefined;
      }
    }
    entries.push({
      path: rel.split(sep).join('/'),
      conversations: [{ ...(url ? { url } : {}), contributor: { type: 'ai', ...(model ? { model_id: model } : {}) }, ranges }],
    });
  }
  if (!entries.length) return { kind: 'skipped', reason: skippedReasons[0] ?? 'no lines were added' };
  const meta: Record<string, unknown> = { source: 'hook', agent: info.agent, hook_event: info.hookEvent };
  if (info.toolName) meta.tool_name = info.toolName;
  if (info.sessionId) meta.session_id = info.sessionId;
  if (info.toolUseId) meta.tool_use_id = info.toolUseId;
  if (ctx.redlineVersion) meta.version = ctx.redlineVersion;
  const record: TraceRecord = {
    version: AGENT_TRACE_VERSION,
    id: ctx.id ?? randomUUID(),
    timestamp: (ctx.now ?? new Date()).toISOString(),
    ...(ctx.revision ? { vcs: { type: 'git', revision: ctx.revision } } : {}),
    tool: { name: info.agent, version: ctx.toolVersion ?? info.toolVersion ?? 'unknown' },
    files: entries,
    metadata: { [REDLINE_METADATA_KEY]: meta },
  };
  assertWritable(record);
  return { kind: 'record', record };
}

/**
 * A Claude Code `PostToolUse` payload → an Agent Trace record of the lines the tool wrote.
 *
 * - `Write`: the lines the `tool_response.structuredPatch` adds when it is an update, else the
 *   whole file;
 * - `Edit`: the `+` lines of `tool_response.structuredPatch`; without it, `old_string` located
 *   in `tool_response.originalFile`, or else `new_string` located (uniquely, unless
 *   `replace_all`) in the file on disk; only lines that differ from `old_string` count;
 * - `MultiEdit`: the same per edit, on the final file;
 * - other tools and events: skipped (not an error: hooks often match every tool).
 *
 * Model: `ctx.model`, else the payload's `model`, else the last assistant message of the
 * transcript (`ctx.readTranscript`). Tool: `{name: "claude-code", version: ctx.toolVersion ?? "unknown"}`.
 *
 * @throws HookPayloadError when the payload or its `tool_input` does not have the documented shape
 */
export function claudeHookToTrace(payload: unknown, ctx: HookTraceContext): HookTraceResult {
  const p = ClaudeHookPayloadSchema.safeParse(payload);
  if (!p.success) throw new HookPayloadError('not a Claude Code hook payload', zIssues(p.error));
  const h = p.data;
  if (h.hook_event_name !== 'PostToolUse') return { kind: 'skipped', reason: `hook event ${h.hook_event_name} does not write files` };
  const info: AgentInfo = { agent: 'claude-code', hookEvent: h.hook_event_name, ...(h.tool_name ? { toolName: h.tool_name } : {}), ...(h.session_id ? { sessionId: h.session_id } : {}), ...(h.tool_use_id ? { toolUseId: h.tool_use_id } : {}), transcript: h.transcript_path ?? null, ...(h.model ? { model: h.model } : {}), ...(h.cwd ? { cwd: h.cwd } : {}) };
  const tool = h.tool_name ?? '';
  if (!['Write', 'Edit', 'MultiEdit'].includes(tool)) return { kind: 'skipped', reason: `tool ${tool || '(none)'} does not write source files` };
  const resp = ClaudeEditResponse.safeParse(h.tool_response ?? {});
  const response = resp.success ? resp.data : {};
  const patch = response.structuredPatch?.length ? response.structuredPatch : undefined;
  if (tool === 'Write') {
    const w = ClaudeWriteInput.safeParse(h.tool_input ?? {});
    if (!w.success) throw new HookPayloadError('Claude Code Write tool_input must be {file_path, content}', zIssues(w.error));
    const abs = resolvePath(w.data.file_path, h.cwd, ctx.root);
    const text = ctx.readFile(abs) ?? w.data.content;
    if (patch && response.type === 'update') {
      const added = addedLinesFromPatch(patch);
      return buildHookRecord([{ absPath: abs, lines: [...added.keys()], text, lineTexts: added }], info, ctx);
    }
    const lines = wholeFileLines(text);
    if (!lines.length) return { kind: 'skipped', reason: 'the file is empty' };
    return buildHookRecord([{ absPath: abs, lines, text }], info, ctx);
  }
  if (tool === 'Edit') {
    const e = ClaudeEditInput.safeParse(h.tool_input ?? {});
    if (!e.success) throw new HookPayloadError('Claude Code Edit tool_input must be {file_path, old_string, new_string, replace_all?}', zIssues(e.error));
    const abs = resolvePath(e.data.file_path, h.cwd, ctx.root);
    const text = ctx.readFile(abs);
    if (patch) {
      const added = addedLinesFromPatch(patch);
      return buildHookRecord([{ absPath: abs, lines: [...added.keys()], ...(text !== undefined ? { text } : {}), lineTexts: added }], info, ctx);
    }
    const lines = locateEdit(text, response.originalFile ?? undefined, e.data.old_string, e.data.new_string, e.data.replace_all ?? false);
    if (typeof lines === 'string') return { kind: 'skipped', reason: lines };
    return buildHookRecord([{ absPath: abs, lines, ...(text !== undefined ? { text } : {}) }], info, ctx);
  }
  const m = ClaudeMultiEditInput.safeParse(h.tool_input ?? {});
  if (!m.success) throw new HookPayloadError('Claude Code MultiEdit tool_input must be {file_path, edits: [{old_string, new_string}]}', zIssues(m.error));
  const abs = resolvePath(m.data.file_path, h.cwd, ctx.root);
  const text = ctx.readFile(abs);
  if (patch) {
    const added = addedLinesFromPatch(patch);
    return buildHookRecord([{ absPath: abs, lines: [...added.keys()], ...(text !== undefined ? { text } : {}), lineTexts: added }], info, ctx);
  }
  const all: number[] = [];
  for (const ed of m.data.edits) {
    const lines = locateEdit(text, undefined, ed.old_string, ed.new_string, ed.replace_all ?? false);
    if (typeof lines === 'string') return { kind: 'skipped', reason: lines };
    all.push(...lines);
  }
  return buildHookRecord([{ absPath: abs, lines: all, ...(text !== undefined ? { text } : {}) }], info, ctx);
}

const str = (o: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
};

/**
 * A VS Code agent hook `PostToolUse` payload → an Agent Trace record. The tool input is matched
 * by shape: `{filePath, content}` (whole file), `{filePath, oldString, newString}` (located edit),
 * `{replacements: [{filePath, oldString, newString}]}` (several); snake_case names accepted.
 * Inputs with elided code (`insert_edit_into_file {code}`) or no content (`editFiles {files}`)
 * cannot be attributed to lines and are skipped with a reason.
 *
 * @throws HookPayloadError when the payload is not a VS Code hook payload
 */
export function vscodeHookToTrace(payload: unknown, ctx: HookTraceContext): HookTraceResult {
  const p = VsCodeHookPayloadSchema.safeParse(payload);
  if (!p.success) throw new HookPayloadError('not a VS Code agent hook payload', zIssues(p.error));
  const h = p.data;
  if (h.hookEventName !== 'PostToolUse') return { kind: 'skipped', reason: `hook event ${h.hookEventName} does not write files` };
  const info: AgentInfo = { agent: 'vscode', hookEvent: h.hookEventName, ...(h.tool_name ? { toolName: h.tool_name } : {}), ...(h.sessionId ? { sessionId: h.sessionId } : {}), ...(h.tool_use_id ? { toolUseId: h.tool_use_id } : {}), transcript: null, ...(h.model ? { model: h.model } : {}) };
  const input = h.tool_input ?? {};
  const edits: { file: string; old: string; new: string }[] = [];
  const writes: { file: string; content: string }[] = [];
  const file = str(input, 'filePath', 'file_path', 'path');
  const content = str(input, 'content');
  const newStr = str(input, 'newString', 'new_string');
  if (file && content !== undefined && newStr === undefined) writes.push({ file, content });
  else if (file && newStr !== undefined) edits.push({ file, old: str(input, 'oldString', 'old_string') ?? '', new: newStr });
  else if (Array.isArray(input.replacements)) {
    for (const [i, r] of (input.replacements as unknown[]).entries()) {
      const o = (r ?? {}) as Record<string, unknown>;
      const f = str(o, 'filePath', 'file_path');
      const n = str(o, 'newString', 'new_string');
      if (!f || n === undefined) throw new HookPayloadError('VS Code replacements must be [{filePath, oldString, newString}]', [`tool_input.replacements[${i}]: missing filePath or newString`]);
      edits.push({ file: f, old: str(o, 'oldString', 'old_string') ?? '', new: n });
    }
  } else {
    return { kind: 'skipped', reason: `tool ${h.tool_name ?? '(none)'}: its input has no file content that can be attributed to lines` };
  }
  const byFile = new Map<string, FileAttribution>();
  for (const w of writes) {
    const abs = resolvePath(w.file, h.cwd, ctx.root);
    const text = ctx.readFile(abs) ?? w.content;
    byFile.set(abs, { absPath: abs, lines: wholeFileLines(text), text });
  }
  for (const e of edits) {
    const abs = resolvePath(e.file, h.cwd, ctx.root);
    const text = ctx.readFile(abs);
    const lines = locateEdit(text, undefined, e.old, e.new, false);
    if (typeof lines === 'string') return { kind: 'skipped', reason: `${e.file}: ${lines}` };
    const prev = byFile.get(abs);
    if (prev) prev.lines.push(...lines);
    else byFile.set(abs, { absPath: abs, lines, ...(text !== undefined ? { text } : {}) });
  }
  return buildHookRecord([...byFile.values()], info, ctx);
}

/**
 * The generic payload (`GenericHookPayloadSchema`) → an Agent Trace record.
 *
 * @throws HookPayloadError when it does not match
 */
export function genericHookToTrace(payload: unknown, ctx: HookTraceContext): HookTraceResult {
  const p = GenericHookPayloadSchema.safeParse(payload);
  if (!p.success) throw new HookPayloadError('not a generic Redline trace payload {file_path, content | new_string | ranges, tool?, model?}', zIssues(p.error));
  const g = p.data;
  const info: AgentInfo = { agent: g.tool ?? 'unknown', hookEvent: 'generic', ...(g.model ? { model: g.model } : {}), transcript: null, ...(g.tool_version ? { toolVersion: g.tool_version } : {}) };
  const abs = resolvePath(g.file_path, g.cwd, ctx.root);
  const text = ctx.readFile(abs) ?? g.content;
  let lines: number[];
  if (g.ranges?.length) {
    lines = [];
    for (const r of g.ranges) {
      if (r.end_line < r.start_line) throw new HookPayloadError('invalid generic payload', ['ranges: end_line before start_line']);
      for (let n = r.start_line; n <= r.end_line; n++) lines.push(n);
    }
  } else if (g.new_string !== undefined) {
    const located = locateEdit(text, undefined, g.old_string ?? '', g.new_string, false);
    if (typeof located === 'string') return { kind: 'skipped', reason: located };
    lines = located;
  } else if (text !== undefined) {
    lines = wholeFileLines(text);
  } else {
    throw new HookPayloadError('invalid generic payload', ['one of content, new_string or ranges is required (or a readable file_path)']);
  }
  return buildHookRecord([{ absPath: abs, lines, ...(text !== undefined ? { text } : {}) }], info, ctx);
}

/**
 * Any supported hook payload → record: Claude Code (`hook_event_name`), VS Code
 * (`hookEventName`), or the generic shape (`file_path`). What `redline trace` calls with stdin.
 *
 * @throws HookPayloadError for JSON that is none of these, naming what was expected
 */
export function hookPayloadToTrace(payload: unknown, ctx: HookTraceContext): HookTraceResult {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new HookPayloadError('the hook payload must be a JSON object');
  const o = payload as Record<string, unknown>;
  if ('hook_event_name' in o) return claudeHookToTrace(payload, ctx);
  if ('hookEventName' in o) return vscodeHookToTrace(payload, ctx);
  if ('file_path' in o) return genericHookToTrace(payload, ctx);
  throw new HookPayloadError(
    'unrecognized hook payload: expected a Claude Code hook (hook_event_name, tool_name, tool_input), a VS Code agent hook (hookEventName, tool_name, tool_input) or {file_path, content | new_string | ranges, tool?, model?}',
  );
}
