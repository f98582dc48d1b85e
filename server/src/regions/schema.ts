import { z } from 'zod';

/**
 * Data shapes of AI-region tracking, as zod schemas with their inferred types.
 *
 * Two families live here:
 *
 * 1. **The region index** (`.redline/regions.json`): Redline's live state. One `Region` per tracked
 *    span of AI-written code, with its origin, review state and the hashes needed to find it again
 *    after the file changed. The index stores hashes, never code text (architecture invariant 6:
 *    no secret is copied into it). Positions are LSP-style: 0-based lines, UTF-16 columns.
 *
 * 2. **Agent Trace records** (the open spec, v0.1.0, https://agent-trace.dev, source of truth:
 *    github.com/cursor/agent-trace `README.md` §6.1 "Trace Record Schema" and `schemas.ts`). Each
 *    field below notes where it comes from. Agent Trace line numbers are **1-based and inclusive**
 *    (README §6.3: "Line numbers are 1-indexed"; `schemas.ts` RangeSchema: `start_line`/`end_line`
 *    `int().min(1)`, described as "1-indexed start/end line number").
 *
 * Reading is lenient (unknown fields from other tools are kept, optional fields may be missing,
 * the version may be `X.Y` or `X.Y.Z`); writing is strict (`TraceRecordWriteSchema` mirrors the
 * generated `schemas/trace-record.json` of the spec repository, which forbids extra properties).
 */

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** `sha256:<64 lowercase hex>`: the Agent Trace `content_hash` form "<algorithm>:<hex>" (README §6.6 example `murmur3:9f2e8a1b`). */
export const Sha256HashSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, { message: 'must be "sha256:" followed by 64 lowercase hex digits' });

/** Short per-line hash: the first 16 hex digits (64 bits) of sha256 of one normalized line. */
export const LineHashSchema = z.string().regex(/^[0-9a-f]{16}$/, { message: 'must be 16 lowercase hex digits' });

/** RFC 3339 / ISO 8601 date-time with `Z` or an offset. */
export const IsoTimeSchema = z.iso.datetime({ offset: true });

/** LSP position: 0-based line, UTF-16 code-unit column. */
export const PositionSchema = z.object({
  line: z.number().int().min(0),
  character: z.number().int().min(0),
});

/** LSP half-open range `[start, end)`; `start` must not be after `end`. */
export const RangeSchema = z
  .object({ start: PositionSchema, end: PositionSchema })
  .refine((r) => r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), {
    message: 'range start is after its end',
  });

// ---------------------------------------------------------------------------------------------
// Region index
// ---------------------------------------------------------------------------------------------

/**
 * Review status of a region.
 *
 * - `unreviewed`: AI-written, nobody signed it off.
 * - `reviewed`: signed off, and the text still hashes to what was reviewed.
 * - `stale`: signed off, but the text changed since (`contentHash !== review.contentHash`).
 * - `orphaned`: the region could not be found in its file any more (deleted, or ambiguous after
 *   an on-disk change). Kept and shown until the user removes it; never silently dropped.
 *
 * The status is stored for readers of the file, but it is always derived from the other fields
 * (`deriveStatus` in region.ts), so merges and edits cannot make it inconsistent.
 */
export const REGION_STATUSES = ['unreviewed', 'reviewed', 'stale', 'orphaned'] as const;
export const RegionStatusSchema = z.enum(REGION_STATUSES);
export type RegionStatus = z.infer<typeof RegionStatusSchema>;

/**
 * How the region came to be tracked. The product requirement names the first five;
 * `annotation` marks regions declared in code by an `@ai-generated` … `@end-ai-generated` comment
 * pair once they are persisted (e.g. after a review).
 */
export const REGION_METHODS = ['manual', 'inline-completion', 'paste', 'agent-hook', 'import', 'annotation'] as const;
export const RegionMethodSchema = z.enum(REGION_METHODS);
export type RegionMethod = z.infer<typeof RegionMethodSchema>;

export const RegionOriginSchema = z.object({
  /** The tool that wrote the code: `copilot`, `cursor`, `claude-code`, `chatgpt`, … */
  tool: z.string().min(1).max(200),
  /** Model identifier when known, models.dev form `provider/model` (Agent Trace README §6.7). */
  model: z.string().min(1).max(250).optional(),
  method: RegionMethodSchema,
});
export type RegionOrigin = z.infer<typeof RegionOriginSchema>;

export const ReviewerSchema = z.object({
  /** git `user.name`, passed in by the host. */
  name: z.string(),
  /** git `user.email`, passed in by the host. */
  email: z.string(),
});
export type Reviewer = z.infer<typeof ReviewerSchema>;

export const ReviewSchema = z.object({
  by: ReviewerSchema,
  /** When the review was recorded (ISO 8601). */
  at: IsoTimeSchema,
  /** The region's `contentHash` at the time of review. */
  contentHash: Sha256HashSchema,
});
export type Review = z.infer<typeof ReviewSchema>;

/**
 * What re-anchoring needs to find a region again without its text. All hashes are of
 * line-ending-normalized text (`\r\n` and `\r` → `\n`); lines never include their terminator.
 */
export const AnchorSchema = z.object({
  /** Lines the range spans: `end.line - start.line + 1`. */
  lineCount: z.number().int().min(1),
  /**
   * Short hashes of the full document lines the range spans (including text outside the range on
   * its first and last line). At most `MAX_LINE_HASHES`; `lineHashesTruncated` says when cut.
   */
  lineHashes: z.array(LineHashSchema),
  lineHashesTruncated: z.boolean().optional(),
  /** UTF-16 length of the region's text on its first line (a suffix of that line when lineCount > 1). */
  headLength: z.number().int().min(0),
  /** UTF-16 length of the region's text on its last line (a prefix of that line when lineCount > 1). */
  tailLength: z.number().int().min(0),
  /** True when the range ends at the end of its last line's content. */
  endsAtLineEnd: z.boolean(),
  /** Short hashes of up to N lines above the range, top to bottom. Fewer than N = file start. */
  before: z.array(LineHashSchema),
  /** Short hashes of up to N lines below the range, top to bottom. Fewer than N = file end. */
  after: z.array(LineHashSchema),
  /** `contentHash` of the whole document when the anchor was computed (fast "nothing changed" check). */
  documentHash: Sha256HashSchema,
});
export type Anchor = z.infer<typeof AnchorSchema>;

export const ORPHAN_REASONS = ['deleted', 'not-found', 'ambiguous', 'file-missing'] as const;
export const OrphanReasonSchema = z.enum(ORPHAN_REASONS);
export type OrphanReason = z.infer<typeof OrphanReasonSchema>;

export const OrphanSchema = z.object({
  /**
   * `deleted`: an edit removed all of its text; `not-found`: after an on-disk change neither the
   * diff, its content hash nor its context located it; `ambiguous`: it matched in more than one
   * place and Redline does not guess; `file-missing`: its file no longer exists.
   */
  reason: OrphanReasonSchema,
  at: IsoTimeSchema,
  /** Status before it was orphaned, restored if it is found again. */
  previousStatus: z.enum(['unreviewed', 'reviewed', 'stale']),
  detail: z.string().max(500).optional(),
});
export type Orphan = z.infer<typeof OrphanSchema>;

/** Region ids: letters, digits, `_ . : -`; generated ids are `r-<uuid>`, `at-<hex>`, `an-<hex>`. */
export const RegionIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, { message: 'must be 1–128 characters of letters, digits, _ . : -' });

/** Workspace-relative path with `/` separators. */
export const RelPathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\\') && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split('/').includes('..'), {
    message: 'must be a workspace-relative path with / separators',
  });

export const RegionSchema = z.object({
  id: RegionIdSchema,
  path: RelPathSchema,
  /**
   * Character range in LSP coordinates (0-based lines, UTF-16 columns), valid for the file's
   * current text. Whole-line regions (Agent Trace, annotations, agent hooks) run from column 0 of
   * their first line to the end of their last line's content. Orphaned regions keep an empty
   * range where they were last seen.
   */
  range: RangeSchema,
  origin: RegionOriginSchema,
  createdAt: IsoTimeSchema,
  /** Last change of the position group (range, hashes, anchor, orphan). Merge key, last writer wins. */
  updatedAt: IsoTimeSchema,
  /** sha256 of the region's text, line endings normalized (`sha256:<hex>`). */
  contentHash: Sha256HashSchema,
  /** sha256 over the lines around the region (see hash.ts `contextHashOf`). */
  contextHash: Sha256HashSchema,
  anchor: AnchorSchema,
  status: RegionStatusSchema,
  review: ReviewSchema.optional(),
  /** Last change of the review group (`review` set or cleared). Merged separately from `updatedAt`. */
  reviewUpdatedAt: IsoTimeSchema.optional(),
  orphan: OrphanSchema.optional(),
  /** Id of the Agent Trace record written or read for this region. */
  traceId: z.string().max(200).optional(),
});
export type Region = z.infer<typeof RegionSchema>;

/** A removed region. Kept so that a merge with an older copy does not bring it back. */
export const TombstoneSchema = z.object({
  id: RegionIdSchema,
  deletedAt: IsoTimeSchema,
});
export type Tombstone = z.infer<typeof TombstoneSchema>;

export const REGION_INDEX_VERSION = 1;

/** `.redline/regions.json`. Unknown keys are dropped (a newer minor writer's extras), not errors. */
export const RegionIndexFileSchema = z.object({
  version: z.literal(REGION_INDEX_VERSION),
  regions: z.array(RegionSchema),
  tombstones: z.array(TombstoneSchema).default([]),
});
export type RegionIndexFile = z.infer<typeof RegionIndexFileSchema>;

/** In-memory index: what load returns and save merges. */
export interface RegionIndex {
  regions: Region[];
  tombstones: Tombstone[];
}

export function emptyIndex(): RegionIndex {
  return { regions: [], tombstones: [] };
}

// ---------------------------------------------------------------------------------------------
// Agent Trace v0.1.0
// ---------------------------------------------------------------------------------------------

/** The spec version Redline writes (README header "Version: 0.1.0"; PR #12 made the pattern X.Y.Z). */
export const AGENT_TRACE_VERSION = '0.1.0';

/** README §4 "Contributor Types" and §6.1 `$defs.contributor.type`. */
export const CONTRIBUTOR_TYPES = ['human', 'ai', 'mixed', 'unknown'] as const;

/** README §6.1 `$defs.vcs.type`. */
export const VCS_TYPES = ['git', 'jj', 'hg', 'svn'] as const;

/** README §6.1 `$defs.contributor`: `type` required, `model_id` ≤ 250 characters (models.dev form). */
export const TraceContributorSchema = z.looseObject({
  type: z.enum(CONTRIBUTOR_TYPES),
  model_id: z.string().max(250).optional(),
});

/** README §6.1 `$defs.range`: `start_line`, `end_line` (integers ≥ 1, 1-based inclusive), optional `content_hash`, `contributor`. */
export const TraceRangeSchema = z.looseObject({
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  content_hash: z.string().optional(),
  contributor: TraceContributorSchema.optional(),
});

/** README §6.1 `$defs.conversation`: `ranges` required; `url`, `contributor`, `related` optional. */
export const TraceConversationSchema = z.looseObject({
  url: z.string().optional(),
  contributor: TraceContributorSchema.optional(),
  ranges: z.array(TraceRangeSchema),
  related: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
});

/** README §6.1 `$defs.file`: `path` ("Relative file path from repository root") and `conversations`. */
export const TraceFileSchema = z.looseObject({
  path: z.string().min(1),
  conversations: z.array(TraceConversationSchema),
});

/**
 * README §6.1 top level: `version`, `id` (uuid), `timestamp` (RFC 3339), `files` required; `vcs`
 * ({type, revision}), `tool` ({name, version}), `metadata` (object; vendors use reverse-DNS keys
 * such as `dev.cursor`, README §7.2) optional.
 *
 * Lenient reader: keeps unknown fields (`looseObject`), accepts `X.Y` (the original schema
 * pattern, which the reference `trace-store.ts` writes as "1.0") and `X.Y.Z` (spec examples and
 * cursor/agent-trace PR #12/#14), any non-empty id, any vcs type string and a tool without
 * version, so one vendor's quirk does not discard its record.
 */
export const TraceRecordSchema = z.looseObject({
  version: z.string().regex(/^[0-9]+\.[0-9]+(\.[0-9]+)?$/, { message: 'must be a version like 0.1.0' }),
  id: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  vcs: z.looseObject({ type: z.string(), revision: z.string() }).optional(),
  tool: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).optional(),
  files: z.array(TraceFileSchema),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type TraceRecord = z.infer<typeof TraceRecordSchema>;
export type TraceFile = z.infer<typeof TraceFileSchema>;
export type TraceConversation = z.infer<typeof TraceConversationSchema>;
export type TraceRange = z.infer<typeof TraceRangeSchema>;
export type TraceContributor = z.infer<typeof TraceContributorSchema>;

const strictContributor = z.strictObject({ type: z.enum(CONTRIBUTOR_TYPES), model_id: z.string().max(250).optional() });

/**
 * What Redline writes: the spec's generated JSON schema (`schemas/trace-record.json`), i.e.
 * `additionalProperties: false` everywhere, uuid id, `Z` timestamp, `tool` with both `name` and
 * `version`, `vcs.type` from the enum. Used to validate records before appending them.
 */
export const TraceRecordWriteSchema = z.strictObject({
  version: z.string().regex(/^[0-9]+\.[0-9]+\.[0-9]+$/),
  id: z.uuid(),
  timestamp: z.iso.datetime(),
  vcs: z.strictObject({ type: z.enum(VCS_TYPES), revision: z.string().min(1) }).optional(),
  tool: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }).optional(),
  files: z.array(
    z.strictObject({
      path: z.string().min(1),
      conversations: z.array(
        z.strictObject({
          url: z.url().optional(),
          contributor: strictContributor.optional(),
          ranges: z.array(
            z.strictObject({
              start_line: z.number().int().min(1),
              end_line: z.number().int().min(1),
              content_hash: z.string().optional(),
              contributor: strictContributor.optional(),
            }),
          ),
          related: z.array(z.strictObject({ type: z.string(), url: z.url() })).optional(),
        }),
      ),
    }),
  ),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Reverse-DNS key of Redline's own data inside Agent Trace `metadata` (README §7.2). */
export const REDLINE_METADATA_KEY = 'dev.redline';
