import type { Connection } from 'vscode-languageserver';
import { EditorSettingsSchema, type EditorSettings } from '../engine/config';
import { problemsFromZod, type ConfigProblem } from '../engine/problems';

/**
 * Reads the `redline` settings section for each workspace folder through LSP
 * `workspace/configuration` (scoped by folder URI, so per-folder settings apply) and validates
 * them. Invalid fields are reported and dropped; valid ones still apply.
 *
 * @param folderUris folder URIs in order; `undefined` asks for the window-level settings
 * @returns settings per folder URI (same order) and the problems found
 */
export async function fetchSettings(connection: Connection, folderUris: (string | undefined)[], supported: boolean, pushed?: unknown): Promise<{ settings: EditorSettings[]; problems: ConfigProblem[] }> {
  let raws: unknown[];
  if (supported) {
    try {
      raws = await connection.workspace.getConfiguration(folderUris.map((scopeUri) => ({ ...(scopeUri ? { scopeUri } : {}), section: 'redline' })));
    } catch {
      raws = folderUris.map(() => ({}));
    }
  } else {
    // Clients without workspace/configuration push settings with didChangeConfiguration.
    const r = pushed && typeof pushed === 'object' && 'redline' in pushed ? (pushed as { redline: unknown }).redline : {};
    raws = folderUris.map(() => r);
  }
  const problems: ConfigProblem[] = [];
  const settings = raws.map((raw, i) => {
    const parsed = EditorSettingsSchema.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    const where = `settings (redline${folderUris[i] ? ` for ${folderUris[i]}` : ''})`;
    const found = problemsFromZod(where, parsed.error);
    problems.push(...found);
    // Keep the valid top-level fields.
    const bad = new Set(found.map((p) => p.fieldPath[0]));
    const kept = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).filter(([k]) => !bad.has(k)));
    const retry = EditorSettingsSchema.safeParse(kept);
    return retry.success ? retry.data : {};
  });
  return { settings, problems };
}
