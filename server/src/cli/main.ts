import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
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
  if (args.fix) {
    const report = applySafeFixes(run.files, run.ctx);
    for (const f of report.fixed) process.stderr.write(`redline: fixed ${f.count} finding${f.count === 1 ? '' : 's'} in ${f.relPath}\n`);
    for (const t of report.touched) process.stderr.write(`redline: updated ${t}\n`);
  }
  const cwdRel = (p: string) => relative(cwd, p).split('\\').join('/') || '.';
  const stats = { files: run.files.length, bytes: run.bytes, durationMs: run.durationMs };
  let out: string;
  if (args.format === 'json') out = formatJson(run.files, { toolVersion: toolVersion(), cwdRel, problems: run.problems, stats });
  else if (args.format === 'sarif') out = formatSarif(run.files, { toolVersion: toolVersion(), catalog: run.ctx.catalog, cwd, cwdRel, problems: run.problems });
  else out = formatText(run.files, { color: !args.output && useColor(process.stdout), cwdRel, problems: run.problems, stats });
  if (args.output) writeFileSync(resolve(cwd, args.output), out);
  else process.stdout.write(out);
  if (args.format !== 'text' || args.output) {
    for (const p of run.problems) process.stderr.write(`redline: ${formatProblem(p)}\n`);
  }
  for (const f of run.files.filter((x) => x.status === 'unreadable')) process.stderr.write(`redline: could not read ${cwdRel(f.path)}: ${f.error}\n`);
  if (run.problems.some((p) => p.severity === 'error')) return 2;
  return hasFailing(run.files, args.failOn) ? 1 : 0;
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
