import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { coreRouterNames, PLUGIN_ID_PATTERN } from '@zhenxing/core';
import { QUOTED_SQL_KEYWORDS } from './sql-keywords.ts';
import { pluginFiles, pluginNames } from './templates.ts';

/** A plugin id the scaffold refuses, with the reason in one line. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

/**
 * Why `id` cannot be a new plugin's id, or null. Reserved names are the core router's own keys
 * (a plugin's router is mounted beside them under its id), read from the core, not listed here.
 */
export function pluginIdProblem(id: string, existingPluginIds: readonly string[]): string | null {
  if (!PLUGIN_ID_PATTERN.test(id)) return `"${id}" is not a kebab-case id (lower-case letters and digits, words joined by "-", starting with a letter)`;
  if (coreRouterNames.includes(id)) return `"${id}" is a core API name (${coreRouterNames.join(', ')}); choose another id`;
  if (QUOTED_SQL_KEYWORDS.has(id.replaceAll('-', '_'))) return `"${id}" is a PostgreSQL keyword, which would need quoting as a schema name; choose another id`;
  if (existingPluginIds.includes(id)) return `plugins/${id} already exists`;
  return null;
}

/**
 * `zx plugin new <id>`: writes plugins/<id>/ — a complete module that passes typecheck, lint, the
 * plugin contract, the leak and PII matrices and its own spec as generated. Nothing outside the
 * folder changes; `pnpm install` then links it and regenerates the plugin lists.
 */
export async function scaffoldPlugin(repositoryRoot: string, id: string): Promise<{ dir: string; files: string[] }> {
  const pluginsDir = join(repositoryRoot, 'plugins');
  const existing = existsSync(pluginsDir)
    ? readdirSync(pluginsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
  const problem = pluginIdProblem(id, existing);
  if (problem) throw new ScaffoldError(problem);
  const dir = join(pluginsDir, id);
  const files = pluginFiles(pluginNames(id));
  const format = await repositoryFormatter(repositoryRoot);
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await format(target, content), { flag: 'wx' });
  }
  return { dir, files: Object.keys(files).sort() };
}

/**
 * The repository's Prettier (its .prettierrc.json), so a new module passes `prettier --check` like
 * the rest; where Prettier is not installed (a production install has no dev tools), files are
 * written as the templates have them.
 */
async function repositoryFormatter(repositoryRoot: string): Promise<(file: string, content: string) => Promise<string>> {
  const prettier = await import('prettier').catch(() => null);
  if (!prettier) return async (_file, content) => content;
  const options = (await prettier.resolveConfig(join(repositoryRoot, 'package.json'))) ?? {};
  const ignorePath = join(repositoryRoot, '.prettierignore');
  return async (file, content) => {
    // Files Prettier ignores (drizzle's output) or has no parser for (SQL) stay as written.
    const info = await prettier.getFileInfo(file, { ignorePath });
    return info.ignored || !info.inferredParser ? content : prettier.format(content, { ...options, filepath: file });
  };
}
