import type { ResolvedConfig } from '../engine/config';
import type { ContentChange } from '../engine/document';
import type { ConfigProblem } from '../engine/problems';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { orphanMissingFile, reanchorRegions, type ReanchorEntry } from './anchor';
import { annotationRegions } from './annotations';
import { attachDomains } from './domains';
import type { RegionWithDomains } from './gate';
import { computeRegionHashes, contentHash, DEFAULT_CONTEXT_LINES } from './hash';
import { RegionIndexStore, mergeIndexes } from './index-store';
import { clampRange, createRegion, iso, withDerivedStatus } from './region';
import type { Region, RegionIndex, RegionOrigin, Reviewer } from './schema';
import { regionsFromTraceRecord, type TraceEntry, type TraceSkip } from './trace';
import { applyContentChanges } from './tracker';

/**
 * The region state a language server holds for one workspace root: the index (loaded from and
 * merged into `.redline/regions.json`), the open documents' texts, and the operations the
 * editor offers (tag, mark reviewed/unreviewed, remove, list). Returns plain data and calls
 * `onChange(paths)` after every change. No editor or LSP types; paths are workspace-relative
 * with `/` separators; ranges are LSP ranges (0-based lines, UTF-16 columns).
 *
 * Persistence is explicit: `flush()` merges the local index into the file (other windows' and
 * the CLI's changes come back in the result). Call it debounced after changes and on shutdown.
 * Not thread-safe; one owner (the server's event loop).
 */

export interface RegionServiceOptions {
  /** Absolute workspace root. */
  root: string;
  store?: RegionIndexStore;
  now?: () => Date;
  /** Called with the paths whose regions changed. */
  onChange?: (paths: string[]) => void;
  contextLines?: number;
}

export interface TagInput {
  path: string;
  /** LSP range in `text`; clamped to it. An empty range is rejected. */
  range: Range;
  origin: RegionOrigin;
  /** Current text of the document (hashes only; never stored). Defaults to the open document's text. */
  text?: string;
}

export class RegionService {
  readonly store: RegionIndexStore;
  private index: RegionIndex = { regions: [], tombstones: [] };
  private readonly docs = new Map<string, string>();
  private readonly now: () => Date;
  private readonly N: number;
  private dirty = false;
  private flushing: Promise<ConfigProblem[]> | undefined;
  /** A write queued behind the running one, for changes made after it took its snapshot. */
  private followUp: Promise<ConfigProblem[]> | undefined;

  constructor(private readonly options: RegionServiceOptions) {
    this.store = options.store ?? new RegionIndexStore(options.root);
    this.now = options.now ?? (() => new Date());
    this.N = options.contextLines ?? DEFAULT_CONTEXT_LINES;
  }

  /** Loads the index from disk (replacing local state). Returns problems (corrupt file backed up, newer version). */
  async load(): Promise<ConfigProblem[]> {
    const res = await this.store.load();
    this.index = res.index;
    for (const [path, text] of this.docs) this.reanchorPath(path, text);
    this.emit(this.paths());
    return res.problems;
  }

  /** True when local changes have not been flushed. */
  get isDirty(): boolean {
    return this.dirty;
  }

  /** Index regions (not annotation-derived ones), optionally of one path, in stable order. */
  list(path?: string): Region[] {
    return path === undefined ? [...this.index.regions] : this.index.regions.filter((r) => r.path === path);
  }

  get(id: string): Region | undefined {
    return this.index.regions.find((r) => r.id === id);
  }

  /** The index as it would be saved (regions and tombstones). */
  snapshot(): RegionIndex {
    return { regions: [...this.index.regions], tombstones: [...this.index.tombstones] };
  }

  /**
   * Regions of a file as shown to the user: index regions plus `@ai-generated` annotation regions
   * not already in the index (same path and content hash, or a removed id). Text defaults to the
   * open document's.
   */
  regionsFor(path: string, text = this.docs.get(path)): { regions: Region[]; problems: ConfigProblem[] } {
    const own = this.list(path);
    if (text === undefined) return { regions: own, problems: [] };
    const ann = annotationRegions(path, text, { now: this.now() });
    const hashes = new Set(own.filter((r) => r.status !== 'orphaned').map((r) => r.contentHash));
    const gone = new Set([...this.index.tombstones.map((t) => t.id), ...own.map((r) => r.id)]);
    return { regions: [...own, ...ann.regions.filter((r) => !hashes.has(r.contentHash) && !gone.has(r.id))], problems: ann.problems };
  }

  /** Regions with their domains (path globs + content signals of the region's text). Text defaults to open documents. */
  withDomains(regions: readonly Region[], config: ResolvedConfig, textOf: (path: string) => string | undefined = (p) => this.docs.get(p)): RegionWithDomains[] {
    return attachDomains(regions, config, textOf);
  }

  /**
   * A document was opened: its regions are re-anchored against its text (the file may have
   * changed while closed). Returns what moved.
   */
  openDocument(path: string, text: string): ReanchorEntry[] {
    this.docs.set(path, text);
    return this.reanchorPath(path, text);
  }

  /** Applies `didChange` content changes in order. Unknown documents are opened first with `before`. */
  changeDocument(path: string, changes: readonly ContentChange[], before?: string): { changed: string[]; orphaned: string[] } {
    const text = this.docs.get(path) ?? before;
    if (text === undefined) return { changed: [], orphaned: [] };
    const mine = this.list(path);
    const res = applyContentChanges(mine, changes, text, { now: this.now(), contextLines: this.N });
    this.docs.set(path, res.text);
    if (mine.length) this.replace(path, res.regions, mine);
    return { changed: res.changed, orphaned: res.orphaned };
  }

  /** The document was saved: anchors are refreshed for its text (what is now on disk). */
  saveDocument(path: string, text = this.docs.get(path)): void {
    if (text === undefined) return;
    this.docs.set(path, text);
    this.refreshAnchors(path, text);
  }

  closeDocument(path: string): void {
    const text = this.docs.get(path);
    if (text !== undefined) this.refreshAnchors(path, text);
    this.docs.delete(path);
  }

  /**
   * The file changed on disk (watcher). Open documents are ignored: the editor reports their
   * changes. Closed ones are re-anchored against the new text (`undefined` = deleted: regions
   * orphaned with reason `file-missing`). `previousText` enables the diff when the host has it.
   */
  fileChangedOnDisk(path: string, text: string | undefined, previousText?: string): ReanchorEntry[] {
    if (this.docs.has(path)) return [];
    const mine = this.list(path);
    if (!mine.length) return [];
    if (text === undefined) {
      const res = orphanMissingFile(mine, this.now());
      this.replace(path, res.regions, mine);
      return res.report;
    }
    return this.reanchorPath(path, text, previousText);
  }

  /**
   * Tags a range as AI-generated. Returns the new region.
   *
   * @throws Error for an empty range or an unknown document text
   */
  tag(input: TagInput): Region {
    const text = input.text ?? this.docs.get(input.path);
    if (text === undefined) throw new Error(`no text for ${input.path}: open the document or pass its text`);
    const lines = new LineIndex(text);
    const range = clampRange(lines, input.range);
    if (lines.offsetAt(range.start) === lines.offsetAt(range.end)) throw new Error('cannot tag an empty range');
    const region = createRegion({ path: input.path, range, origin: input.origin, text: lines, now: this.now(), contextLines: this.N });
    this.index = { ...this.index, regions: [...this.index.regions, region] };
    this.touch([input.path]);
    return region;
  }

  /** Adds regions built elsewhere (e.g. imported); ids already present or removed are skipped. */
  addRegions(regions: readonly Region[]): Region[] {
    const known = new Set([...this.index.regions.map((r) => r.id), ...this.index.tombstones.map((t) => t.id)]);
    const added = regions.filter((r) => !known.has(r.id));
    if (!added.length) return [];
    this.index = { ...this.index, regions: [...this.index.regions, ...added] };
    this.touch([...new Set(added.map((r) => r.path))]);
    return added;
  }

  /**
   * Imports Agent Trace records (from `readTraceRecords`) as regions; de-duplicated against the
   * index by id, tombstone, and (path, content hash).
   *
   * `readText` reads the file on disk. A record that names an open document whose text differs
   * from the disk (the editor has not reloaded the agent's change yet) is returned in `deferred`:
   * pass those entries again after the document's next change.
   */
  importTraces(
    entries: readonly TraceEntry[],
    readText: (path: string) => string | undefined,
    method: 'agent-hook' | 'import' = 'import',
  ): { added: Region[]; skipped: TraceSkip[]; deferred: TraceEntry[] } {
    const added: Region[] = [];
    const skipped: TraceSkip[] = [];
    const deferred: TraceEntry[] = [];
    for (const e of entries) {
      const stale = e.record.files.some((f) => {
        const open = this.docs.get(f.path);
        return open !== undefined && open !== readText(f.path);
      });
      if (stale) {
        deferred.push(e);
        continue;
      }
      const res = regionsFromTraceRecord(e.record, {
        existing: { regions: [...this.index.regions, ...added], tombstones: this.index.tombstones },
        readText: (p) => this.docs.get(p) ?? readText(p),
        method,
        root: this.options.root,
        now: this.now(),
        contextLines: this.N,
      });
      added.push(...res.regions);
      skipped.push(...res.skipped);
    }
    return { added: this.addRegions(added), skipped, deferred };
  }

  /**
   * Marks regions reviewed by `by` (git user.name/email, supplied by the host): the review
   * records the current content hash. Annotation-derived regions are persisted first. Orphaned
   * and unknown ids are returned in `skipped`.
   */
  markReviewed(ids: readonly string[], by: Reviewer, at = this.now()): { reviewed: Region[]; skipped: string[] } {
    const reviewed: Region[] = [];
    const skipped: string[] = [];
    const paths = new Set<string>();
    for (const id of ids) {
      let r = this.get(id) ?? this.persistAnnotation(id);
      if (!r || r.status === 'orphaned') {
        skipped.push(id);
        continue;
      }
      r = withDerivedStatus({ ...r, review: { by: { name: by.name, email: by.email }, at: iso(at), contentHash: r.contentHash }, reviewUpdatedAt: iso(at) });
      this.put(r);
      reviewed.push(r);
      paths.add(r.path);
    }
    if (paths.size) this.touch([...paths]);
    return { reviewed, skipped };
  }

  /** Clears reviews. Unknown ids are returned in `skipped`. */
  markUnreviewed(ids: readonly string[], at = this.now()): { updated: Region[]; skipped: string[] } {
    const updated: Region[] = [];
    const skipped: string[] = [];
    for (const id of ids) {
      const r = this.get(id);
      if (!r) {
        skipped.push(id);
        continue;
      }
      const { review: _review, ...rest } = r;
      const next = withDerivedStatus({ ...rest, reviewUpdatedAt: iso(at) });
      this.put(next);
      updated.push(next);
    }
    if (updated.length) this.touch([...new Set(updated.map((r) => r.path))]);
    return { updated, skipped };
  }

  /** Removes regions (tombstoned, so other windows drop them too). Returns the removed ones. */
  remove(ids: readonly string[], at = this.now()): Region[] {
    const set = new Set(ids);
    const removed = this.index.regions.filter((r) => set.has(r.id));
    const tombIds = new Set(this.index.tombstones.map((t) => t.id));
    const newTombs = ids.filter((id) => !tombIds.has(id)).map((id) => ({ id, deletedAt: iso(at) }));
    this.index = { regions: this.index.regions.filter((r) => !set.has(r.id)), tombstones: [...this.index.tombstones, ...newTombs] };
    this.touch([...new Set(removed.map((r) => r.path))]);
    return removed;
  }

  /**
   * Merges local state into `.redline/regions.json` and adopts the result (other processes'
   * changes). Regions of open documents that another process changed are re-anchored against
   * the open text. Concurrent calls share one write; a call that comes with changes made after
   * the running write took its snapshot gets a second write, so when `flush()` resolves every
   * change made before the call is on disk. Returns store problems.
   *
   * @throws RegionStoreError when the lock cannot be taken or the file is read-only
   */
  async flush(): Promise<ConfigProblem[]> {
    if (this.flushing) {
      if (!this.dirty) return this.flushing;
      this.followUp ??= this.flushing
        .catch(() => [])
        .then(() => {
          this.followUp = undefined;
          return this.flush();
        });
      return this.followUp;
    }
    this.flushing = (async () => {
      try {
        for (const [path, text] of this.docs) this.refreshAnchors(path, text, false);
        const sent = this.snapshot();
        this.dirty = false;
        const res = await this.store.save(sent);
        const before = new Map(this.index.regions.map((r) => [r.id, r]));
        // Local changes made while saving have later timestamps and win.
        this.index = mergeIndexes(res.index, this.index, { now: this.now() });
        const after = new Set(this.index.regions.map((r) => r.id));
        const changedPaths = new Set<string>();
        for (const r of this.index.regions) {
          const mine = before.get(r.id);
          if (!mine || (mine !== r && JSON.stringify(mine) !== JSON.stringify(r))) changedPaths.add(r.path);
        }
        for (const r of before.values()) if (!after.has(r.id)) changedPaths.add(r.path);
        for (const path of changedPaths) {
          const text = this.docs.get(path);
          if (text !== undefined) this.reanchorPath(path, text);
        }
        if (changedPaths.size) this.emit([...changedPaths]);
        return res.problems;
      } catch (e) {
        this.dirty = true;
        throw e;
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  // ---------------------------------------------------------------------------------------------

  private paths(): string[] {
    return [...new Set(this.index.regions.map((r) => r.path))];
  }

  private emit(paths: string[]): void {
    if (paths.length) this.options.onChange?.(paths);
  }

  private touch(paths: string[]): void {
    this.dirty = true;
    this.emit(paths);
  }

  private put(region: Region): void {
    const i = this.index.regions.findIndex((r) => r.id === region.id);
    const regions = [...this.index.regions];
    if (i >= 0) regions[i] = region;
    else regions.push(region);
    this.index = { ...this.index, regions };
  }

  /** Replaces `old` regions of a path by `next` (same ids, same order). */
  private replace(path: string, next: readonly Region[], old: readonly Region[]): void {
    if (next.every((r, i) => r === old[i])) return;
    const byId = new Map(next.map((r) => [r.id, r]));
    this.index = { ...this.index, regions: this.index.regions.map((r) => byId.get(r.id) ?? r) };
    this.touch([path]);
  }

  private reanchorPath(path: string, text: string, previousText?: string): ReanchorEntry[] {
    const mine = this.list(path);
    if (!mine.length) return [];
    const res = reanchorRegions(mine, text, { now: this.now(), contextLines: this.N, ...(previousText !== undefined ? { previousText } : {}) });
    this.replace(path, res.regions, mine);
    return res.report.filter((e) => e.outcome !== 'unchanged' && e.outcome !== 'still-orphaned');
  }

  /** Recomputes anchors (context, per-line hashes, document hash) of a path's live regions for `text`. */
  private refreshAnchors(path: string, text: string, notify = true): void {
    const mine = this.list(path);
    if (!mine.length) return;
    const lines = new LineIndex(text);
    const docHash = contentHash(text);
    let changed = false;
    const next = mine.map((r) => {
      if (r.status === 'orphaned' || r.anchor.documentHash === docHash) return r;
      const h = computeRegionHashes(lines, r.range, this.N, docHash);
      changed = true;
      return withDerivedStatus({ ...r, contentHash: h.contentHash, contextHash: h.contextHash, anchor: h.anchor, updatedAt: iso(this.now()) });
    });
    if (!changed) return;
    if (notify) this.replace(path, next, mine);
    else {
      const byId = new Map(next.map((r) => [r.id, r]));
      this.index = { ...this.index, regions: this.index.regions.map((r) => byId.get(r.id) ?? r) };
      this.dirty = true;
    }
  }

  private persistAnnotation(id: string): Region | undefined {
    if (!id.startsWith('an-')) return undefined;
    for (const [path, text] of this.docs) {
      const found = this.regionsFor(path, text).regions.find((r) => r.id === id);
      if (found) {
        this.put(found);
        return found;
      }
    }
    return undefined;
  }
}

/**
 * For the CLI (`redline regions`, `redline scan`): the workspace's regions located in the files
 * as they are on disk now (re-anchored, files that are gone → orphaned), plus annotation
 * regions of the given files, with domains. Pure apart from `readText`.
 *
 * @param readText current text of a workspace-relative path, undefined when it does not exist
 * @param annotatedFiles extra paths to scan for `@ai-generated` markers (e.g. the scanned files)
 */
export function locateWorkspaceRegions(
  index: RegionIndex,
  readText: (path: string) => string | undefined,
  config: ResolvedConfig,
  options: { now?: Date; annotatedFiles?: readonly string[]; contextLines?: number } = {},
): { regions: RegionWithDomains[]; report: ReanchorEntry[]; index: RegionIndex; problems: ConfigProblem[] } {
  const now = options.now ?? new Date();
  const byPath = new Map<string, Region[]>();
  for (const r of index.regions) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const located: Region[] = [];
  const report: ReanchorEntry[] = [];
  const texts = new Map<string, string | undefined>();
  const textOf = (p: string) => {
    if (!texts.has(p)) texts.set(p, readText(p));
    return texts.get(p);
  };
  for (const [path, regions] of byPath) {
    const text = textOf(path);
    const res = text === undefined ? orphanMissingFile(regions, now) : reanchorRegions(regions, text, { now, ...(options.contextLines !== undefined ? { contextLines: options.contextLines } : {}) });
    located.push(...res.regions);
    report.push(...res.report.filter((e) => e.outcome !== 'unchanged'));
  }
  const problems: ConfigProblem[] = [];
  const all: Region[] = [...located];
  const tomb = new Set(index.tombstones.map((t) => t.id));
  for (const path of new Set(options.annotatedFiles ?? [])) {
    const text = textOf(path);
    if (text === undefined) continue;
    const ann = annotationRegions(path, text, { now });
    problems.push(...ann.problems);
    const hashes = new Set(located.filter((r) => r.path === path && r.status !== 'orphaned').map((r) => r.contentHash));
    const ids = new Set(located.map((r) => r.id));
    all.push(...ann.regions.filter((r) => !hashes.has(r.contentHash) && !tomb.has(r.id) && !ids.has(r.id)));
  }
  const regions = attachDomains(all, config, textOf);
  return { regions, report, index: { regions: located, tombstones: index.tombstones }, problems };
}
