import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { formatProblem } from '../engine/problems';
import { SEVERITIES } from '../engine/types';
import { applySafeFixes } from './fix';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText, useColor } from './format/text';
import { hasFailing, runScan } from './scan';
import { listRules } from './rules';
import { applyRegionsToFindings, formatGate, formatRegionRows, gate, gitHead, loadWorkspaceRegions, regionRows } from './regions';
import { appendTraceRecord, hookPayloadToTrace, parseFailOnUnreviewed } from '../regions';
import { loadWorkspace } from '../host/workspace';
import { findWorkspaceRoot, listWorkspaceFiles } from '../host/workspaceFiles';
import { toolVersion } from './version';
import { ProjectConfigSchema } from '../engine/config';

/** JSON Schema (draft 2020-12) of `.redline.json`, generated from the zod schema the tools validate with. */
export function projectConfigJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ProjectConfigSchema, { io: 'input' }), title: 'Redline project configuration (.redline.json)' };
}

/**
 * `redline` command line. Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above
 * it; 2 usage or configuration errors (a broken `.redline.json` or rule file still lets the
 * scan run, then exits 2 so CI notices).
 */

const ScanArgs = z.object({
  paths: z.array(z.string()),
  format: z.enum(['text', 'json', 'sarif']),
  output: z.string().min(1).optional(),
  failOn: z.enum([...SEVERITIES, 'none']),
  fix: z.boolean(),
  ignore: z.boolean(),
  jobs: z.coerce.number().int().min(0).max(64),
  root: z.string().optional(),
  quiet: z.boolean(),
  failOnUnreviewed: z.string().optional(),
});

class UsageError extends Error {}

function parseOrUsage<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new UsageError(`invalid option ${issue.path.join('.') || ''}: ${issue.message}`);
  }
  return r.data;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  program
    .name('redline')
    .description('Find hardcoded secrets, SQL built from strings, permissive CORS and unauthenticated routes.')
    .version(toolVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  program
    .command('scan')
    .description('analyze files and folders (default: the current directory)')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none']).default('error'))
    .option('--fix', 'apply safe quick fixes (parameterized SQL) in place', false)
    .option('--no-ignore', 'do not honor .gitignore and the ignore globs')
    .option('-j, --jobs <n>', 'worker threads (0 = automatic)', '0')
    .option('--root <dir>', 'workspace root (default: nearest folder with .redline.json or .git)')
    .option('-q, --quiet', 'no progress output', false)
    .option('--fail-on-unreviewed <domains>', 'exit 1 when unreviewed or stale AI regions touch these domains ("any" or a comma-separated list of auth, payments, crypto, personal-data, infrastructure) or contain findings at or above --fail-on')
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const args = parseOrUsage(ScanArgs, { paths, ...raw, failOn: raw.failOn });
      exitCode = await scanCommand(args);
    });

  program
    .command('rules')
    .description('list the rules in force (built-in and the workspace’s custom rules)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--root <dir>', 'workspace root')
    .action((raw: { format: 'text' | 'json'; root?: string }) => {
      const { text, problems } = listRules(raw.root ? resolve(raw.root) : process.cwd(), raw.format);
      process.stdout.write(text);
      for (const p of problems) process.stderr.write(`redline: ${formatProblem(p)}\n`);
      exitCode = problems.some((p) => p.severity === 'error') ? 2 : 0;
    });

  program
    .command('regions')
    .description('list the AI-generated regions recorded in .redline/regions.json (and @ai-generated annotations)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--root <dir>', 'workspace root')
    .action(async (raw: { format: 'text' | 'json'; root?: string }) => {
      exitCode = await regionsCommand(raw);
    });

  program
    .command('trace')
    .description('read an agent hook payload (Claude Code PostToolUse, VS Code agent hook) on stdin and append an Agent Trace record to .agent-trace/traces.jsonl')
    .option('--root <dir>', 'repository root (default: the payload cwd, else the nearest .git)')
    .option('--model <id>', 'model id to record when the payload does not say')
    .action(async (raw: { root?: string; model?: string }) => {
      exitCode = await traceCommand(raw);
    });

  program
    .command('schema')
    .description('print the JSON Schema of .redline.json (for editors and validation)')
    .action(() => {
      process.stdout.write(JSON.stringify(projectConfigJsonSchema(), null, 2) + '\n');
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`redline: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`redline: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
  return exitCode;
}

async function scanCommand(args: z.infer<typeof ScanArgs>): Promise<number> {
  const cwd = process.cwd();
  const progress = !args.quiet && process.stderr.isTTY && !process.env.CI;
  let lastDraw = 0;
  const run = await runScan({
    paths: args.paths,
    cwd,
    ...(args.root ? { root: resolve(args.root) } : {}),
    respectIgnores: args.ignore,
    jobs: args.jobs,
    ...(progress
      ? {
          onProgress: (done: number, total: number) => {
            const now = Date.now();
            if (now - lastDraw < 100 && done < total) return;
            lastDraw = now;
            process.stderr.write(`\r\u001b[2KScanning ${done}/${total} files…`);
            if (done === total) process.stderr.write('\r\u001b[2K');
          },
        }
      : {}),
  });
  let failOnUnreviewed: ReturnType<typeof parseFailOnUnreviewed> | undefined;
  if (args.failOnUnreviewed !== undefined) {
    try {
      failOnUnreviewed = parseFailOnUnreviewed(args.failOnUnreviewed);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (args.fix) {
    const report = applySafeFixes(run.files, run.ctx);
    for (const f of report.fixed) process.stderr.write(`redline: fixed ${f.count} finding${f.count === 1 ? '' : 's'} in ${f.relPath}\n`);
    for (const t of report.touched) process.stderr.write(`redline: updated ${t}\n`);
  }
  // AI regions: raise findings inside unreviewed ones, and gate when asked.
  const wr = loadWorkspaceRegions(run.root, run.ctx.config, run.files.map((f) => f.relPath));
  run.problems.push(...wr.problems);
  applyRegionsToFindings(run.files, wr.regions, run.ctx.config);
  const gateResult = failOnUnreviewed ? gate(run.files, wr.regions, failOnUnreviewed, args.failOn) : undefined;
  const cwdRel = (p: string) => relative(cwd, p).split('\\').join('/') || '.';
  const stats = { files: run.files.length, bytes: run.bytes, durationMs: run.durationMs };
  let out: string;
  if (args.format === 'json') {
    const extra = gateResult ? { gate: { failed: gateResult.failed, failures: gateResult.failures.map((f) => ({ region: f.region.id, path: f.region.path, status: f.region.status, reasons: f.reasons })) } } : {};
    out = formatJson(run.files, { toolVersion: toolVersion(), cwdRel, problems: run.problems, stats, extra });
  }
  else if (args.format === 'sarif') out = formatSarif(run.files, { toolVersion: toolVersion(), catalog: run.ctx.catalog, cwd, cwdRel, problems: run.problems });
  else out = formatText(run.files, { color: !args.output && useColor(process.stdout), cwdRel, problems: run.problems, stats }) + (gateResult ? formatGate(gateResult) : '');
  if (args.output) {
    // Like ESLint's --output-file: a report path in a folder CI has not made yet still works.
    const file = resolve(cwd, args.output);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out);
  }
  else process.stdout.write(out);
  if (args.format !== 'text' || args.output) {
    for (const p of run.problems) process.stderr.write(`redline: ${formatProblem(p)}\n`);
  }
  for (const f of run.files.filter((x) => x.status === 'unreadable')) process.stderr.write(`redline: could not read ${cwdRel(f.path)}: ${f.error}\n`);
  if (gateResult?.failed && args.format !== 'text') process.stderr.write(formatGate(gateResult));
  if (run.problems.some((p) => p.severity === 'error')) return 2;
  return hasFailing(run.files, args.failOn) || gateResult?.failed ? 1 : 0;
}

async function regionsCommand(raw: { format: 'text' | 'json'; root?: string }): Promise<number> {
  const root = raw.root ? resolve(raw.root) : findWorkspaceRoot(process.cwd());
  const ctx = loadWorkspace(root);
  // Files with @ai-generated markers hold regions too: find them with a cheap text search.
  const listed = listWorkspaceFiles(root, [root], ctx.config, root).files;
  const annotated = listed.filter((f) => readFileSync(f.path, 'utf8').includes('@ai-generated')).map((f) => f.relPath);
  const first = loadWorkspaceRegions(root, ctx.config, annotated);
  const paths = [...new Set(first.regions.map((r) => r.path))].filter((p) => existsSync(join(root, p)));
  // Analyze the files that hold regions, to report the findings inside each.
  const run = paths.length ? await runScan({ paths: paths.map((p) => join(root, p)), cwd: process.cwd(), root, respectIgnores: false, jobs: 0 }) : undefined;
  const rows = regionRows(first.regions, run?.files ?? [], ctx.config);
  process.stdout.write(raw.format === 'json' ? JSON.stringify({ version: 1, root, regions: rows }, null, 2) + '\n' : formatRegionRows(rows));
  const problems = [...ctx.problems, ...first.problems];
  for (const p of problems) process.stderr.write(`redline: ${formatProblem(p)}\n`);
  return problems.some((p) => p.severity === 'error') ? 2 : 0;
}

async function traceCommand(raw: { root?: string; model?: string }): Promise<number> {
  const input = await readStdin();
  let payload: unknown;
  try {
    payload = JSON.parse(input);
  } catch (e) {
    process.stderr.write(`redline trace: stdin is not JSON: ${(e as Error).message}\n`);
    return 1;
  }
  const cwd = payload && typeof payload === 'object' && typeof (payload as { cwd?: unknown }).cwd === 'string' ? (payload as { cwd: string }).cwd : process.cwd();
  const root = raw.root ? resolve(raw.root) : findWorkspaceRoot(cwd);
  const read = (abs: string) => {
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
  try {
    const head = gitHead(root);
    const res = hookPayloadToTrace(payload, { root, readFile: read, readTranscript: read, ...(raw.model ? { model: raw.model } : {}), ...(head ? { revision: head } : {}), redlineVersion: toolVersion() });
    if (res.kind === 'skipped') return 0;
    await appendTraceRecord(root, res.record);
    return 0;
  } catch (e) {
    // Exit 1, not 2: a hook's exit code 2 would feed this message back to the agent.
    process.stderr.write(`redline trace: ${(e as Error).message}\n`);
    return 1;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolveText, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => (data += c));
    process.stdin.on('end', () => resolveText(data));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`redline: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
