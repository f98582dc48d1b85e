import { z } from 'zod';

/**
 * Custom messages between the Redline client and server, shared by both so the wire format is
 * defined once. Standard LSP carries everything else (diagnostics, code actions, commands,
 * progress). Any LSP client can use the commands through `workspace/executeCommand`.
 */

/** Server commands (`workspace/executeCommand`). */
export const Commands = {
  scanWorkspace: 'redline.scanWorkspace',
  tagRegion: 'redline.aiRegions.tag',
  listRegions: 'redline.aiRegions.list',
  markReviewed: 'redline.aiRegions.markReviewed',
  markUnreviewed: 'redline.aiRegions.markUnreviewed',
  removeRegion: 'redline.aiRegions.remove',
} as const;

/** Server → client: the server's state, for the status bar. */
export const StatusNotification = 'redline/status';
export const StatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'analyzing', 'scanning', 'restarted', 'error']),
  message: z.string().optional(),
  /** Unreviewed or stale AI regions in the workspace. */
  unreviewedRegions: z.number().int().min(0).optional(),
});
export type Status = z.infer<typeof StatusSchema>;

/** Server → client: AI regions changed (payload: uris whose regions changed; empty = all). */
export const RegionsChangedNotification = 'redline/regionsChanged';
export const RegionsChangedSchema = z.object({ uris: z.array(z.string()) });
export type RegionsChanged = z.infer<typeof RegionsChangedSchema>;

/** Client → server: VS Code workspace trust was granted (it can only grow during a session). */
export const TrustChangedNotification = 'redline/trustChanged';
export const TrustChangedSchema = z.object({ trusted: z.boolean() });

/** Initialization options the client sends (validated by the server). */
export const InitializationOptionsSchema = z
  .object({
    /** VS Code workspace trust; false loads only built-in rules and no workspace settings. */
    trusted: z.boolean().default(true),
    /** Reviewer identity for "mark reviewed" when git has none configured. */
    reviewer: z.object({ name: z.string(), email: z.string() }).partial().optional(),
  })
  .strip();
export type InitializationOptions = z.infer<typeof InitializationOptionsSchema>;

/** Data attached to every Redline diagnostic: the fixes as data (no server-side cache). */
export const DiagnosticDataSchema = z.object({
  /** Document version the fixes apply to; stale diagnostics yield no edit. */
  version: z.number().int().nullable(),
  ruleId: z.string(),
  fingerprint: z.string(),
  fixes: z.array(
    z.object({
      title: z.string(),
      isPreferred: z.boolean(),
      applicability: z.enum(['safe', 'unsafe']),
      edits: z.array(z.object({ range: z.object({ start: z.object({ line: z.number(), character: z.number() }), end: z.object({ line: z.number(), character: z.number() }) }), newText: z.string() })),
      fileEdits: z
        .array(
          z.union([
            z.object({ kind: z.literal('ensureLine'), path: z.string(), line: z.string(), description: z.string() }),
            z.object({ kind: z.literal('ensureGitignored'), pattern: z.string(), description: z.string() }),
          ]),
        )
        .optional(),
    }),
  ),
  noFixReason: z.string().optional(),
  /** Id of the AI region the finding sits in, when any. */
  regionId: z.string().optional(),
});
export type DiagnosticData = z.infer<typeof DiagnosticDataSchema>;

const PositionSchema = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
export const RangeSchema = z.object({ start: PositionSchema, end: PositionSchema });

export const REGION_METHODS = ['manual', 'inline-completion', 'paste', 'agent-hook', 'import', 'annotation'] as const;
export const REGION_STATUSES = ['unreviewed', 'reviewed', 'stale', 'orphaned'] as const;

/** Who or what produced a region. `model` when known (e.g. `claude-sonnet-4`). */
export const RegionOriginSchema = z.object({
  tool: z.string().min(1).max(100),
  model: z.string().max(200).optional(),
  method: z.enum(REGION_METHODS),
});
export type RegionOrigin = z.infer<typeof RegionOriginSchema>;

/** Arguments of `redline.aiRegions.tag`. */
export const TagArgsSchema = z.object({ uri: z.string().min(1), range: RangeSchema, origin: RegionOriginSchema });
/** Arguments of `redline.aiRegions.list`. */
export const ListArgsSchema = z.object({ uri: z.string().optional() }).default({});
/** Arguments of mark reviewed / unreviewed / remove. */
export const IdArgsSchema = z.object({ id: z.string().min(1) });

/** A region as `redline.aiRegions.list` returns it (and the client shows it). */
export const RegionSummarySchema = z.object({
  id: z.string(),
  uri: z.string(),
  /** Workspace-relative path, `/` separators. */
  path: z.string(),
  range: RangeSchema,
  status: z.enum(REGION_STATUSES),
  origin: RegionOriginSchema,
  /** ISO 8601 creation time. */
  createdAt: z.string(),
  review: z.object({ by: z.object({ name: z.string(), email: z.string() }), at: z.string() }).optional(),
  /** Why a region is orphaned (its code could not be found again). */
  orphanReason: z.string().optional(),
  domains: z.array(z.string()),
  highRisk: z.boolean(),
  lines: z.number().int().min(0),
  findings: z.object({ count: z.number().int().min(0), highestSeverity: z.enum(['error', 'warning', 'info', 'hint']).nullable() }),
});
export type RegionSummary = z.infer<typeof RegionSummarySchema>;
