import { createHash } from 'node:crypto';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import type { Anchor } from './schema';

/**
 * Hashes of region text. Nothing here stores or returns code text.
 *
 * Normalization: every hash is taken over text whose line endings are normalized to `\n`
 * (`\r\n` and a lone `\r` both become `\n`, the same terminators `LineIndex` recognizes), so a
 * file checked out with CRLF on Windows and LF on Linux yields the same hashes.
 *
 * Format: `sha256:<64 lowercase hex>`, the "<algorithm>:<hex>" form of Agent Trace
 * `content_hash` (spec README §6.6, example `murmur3:9f2e8a1b`). Per-line hashes are shorter
 * (16 hex digits) because they only narrow a search that the full hash then confirms.
 */

/** Default number of lines above and below a region that form its context. */
export const DEFAULT_CONTEXT_LINES = 3;

/** Regions longer than this keep per-line hashes of their first lines only. */
export const MAX_LINE_HASHES = 1000;

const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `\r\n` and lone `\r` → `\n`. Positions (line, UTF-16 column) are unchanged by this. */
export function normalizeEol(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** `sha256:<hex>` of `text` after line-ending normalization. The region `content_hash`. */
export function contentHash(text: string): string {
  return `sha256:${sha256hex(normalizeEol(text))}`;
}

/** 16-hex-digit hash of one line (without terminator). */
export function lineHash(line: string): string {
  return sha256hex(line).slice(0, 16);
}

/** Lines of `text` without terminators (`\n`, `\r\n`, `\r`); `"a\n"` → `["a", ""]`, as `LineIndex`. */
export function splitLines(text: string): string[] {
  return normalizeEol(text).split('\n');
}

/**
 * Context hash: sha256 over the given lines above and below a region, with the counts, so that
 * "two lines above, file start" differs from "three lines above".
 */
export function contextHashOf(before: readonly string[], after: readonly string[]): string {
  return `sha256:${sha256hex(JSON.stringify([before.length, before, after.length, after]))}`;
}

/** Text of `range` in `lines.text`, line endings as in the document (not normalized). */
export function textInRange(lines: LineIndex, range: Range): string {
  return lines.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** The hash fields of a region at `range` of a document: content hash, context hash, anchor. */
export interface RegionHashes {
  contentHash: string;
  contextHash: string;
  anchor: Anchor;
}

/**
 * Computes a region's hashes from the document text.
 *
 * @param doc the document text or its `LineIndex`
 * @param range LSP range (0-based lines, UTF-16 columns); clamped to the text like `LineIndex.offsetAt`
 * @param contextLines lines above/below hashed as context (default 3)
 * @param documentHash `contentHash(doc text)` when the caller already has it
 */
export function computeRegionHashes(doc: string | LineIndex, range: Range, contextLines = DEFAULT_CONTEXT_LINES, documentHash?: string): RegionHashes {
  const lines = typeof doc === 'string' ? new LineIndex(doc) : doc;
  const startOffset = lines.offsetAt(range.start);
  const endOffset = Math.max(startOffset, lines.offsetAt(range.end));
  const start = lines.positionAt(startOffset);
  const end = lines.positionAt(endOffset);
  const text = normalizeEol(lines.text.slice(startOffset, endOffset));
  const parts = text.split('\n');
  const lineCount = end.line - start.line + 1;
  const lineHashes: string[] = [];
  const hashed = Math.min(lineCount, MAX_LINE_HASHES);
  for (let i = 0; i < hashed; i++) lineHashes.push(lineHash(lines.lineText(start.line + i)));
  const beforeLines: string[] = [];
  for (let l = Math.max(0, start.line - contextLines); l < start.line; l++) beforeLines.push(lines.lineText(l));
  const afterLines: string[] = [];
  for (let l = end.line + 1; l <= Math.min(lines.lineCount - 1, end.line + contextLines); l++) afterLines.push(lines.lineText(l));
  const anchor: Anchor = {
    lineCount,
    lineHashes,
    headLength: parts[0]!.length,
    tailLength: parts[parts.length - 1]!.length,
    endsAtLineEnd: endOffset === lines.lineContentEnd(end.line),
    before: beforeLines.map(lineHash),
    after: afterLines.map(lineHash),
    documentHash: documentHash ?? contentHash(lines.text),
  };
  if (lineCount > MAX_LINE_HASHES) anchor.lineHashesTruncated = true;
  return { contentHash: `sha256:${sha256hex(text)}`, contextHash: contextHashOf(beforeLines, afterLines), anchor };
}

/**
 * `contentHash` of whole lines `startLine..endLine` (0-based, inclusive) joined with `\n`, no
 * trailing terminator. This is the `content_hash` Redline writes into Agent Trace ranges and
 * equals the region's `contentHash` for whole-line regions.
 */
export function wholeLinesHash(lines: LineIndex, startLine: number, endLine: number): string {
  const parts: string[] = [];
  for (let l = startLine; l <= endLine; l++) parts.push(lines.lineText(l));
  return `sha256:${sha256hex(parts.join('\n'))}`;
}

/** Range covering whole lines `startLine..endLine` (0-based, inclusive), content only. */
export function wholeLineRange(lines: LineIndex, startLine: number, endLine: number): Range {
  const last = Math.min(endLine, lines.lineCount - 1);
  return { start: { line: startLine, character: 0 }, end: { line: last, character: lines.lineContentEnd(last) - lines.lineStarts[last]! } };
}
