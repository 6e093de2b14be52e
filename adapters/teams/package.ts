/**
 * Builds the Teams app package `dist/teams-app.zip` from `teams/manifest.json` and the two icons.
 *
 *   MICROSOFT_APP_ID=<bot app id> [TEAMS_APP_ID=<guid>] [BOT_DOMAIN=bot.example.com] tsx adapters/teams/package.ts
 *   tsx adapters/teams/package.ts --icons     # redraws teams/color.png and teams/outline.png
 *
 * Placeholders `${{NAME}}` in the manifest are replaced from the environment: MICROSOFT_APP_ID (required),
 * TEAMS_APP_ID (defaults to the bot's app id), BOT_DOMAIN (optional: without it validDomains stays empty).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { colorIcon, outlineIcon, pngInfo } from './appPackage/png.js';
import { zip } from './appPackage/zip.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageOptions {
  env: Record<string, string | undefined>;
  /** Folder with manifest.json, color.png, outline.png (default `<repo>/teams`). */
  sourceDir?: string;
  outFile?: string;
}

export function renderManifest(
  template: string,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const appId = env.MICROSOFT_APP_ID?.trim();
  if (!appId) throw new Error('MICROSOFT_APP_ID is required: it is the bot id in the manifest');
  if (!GUID.test(appId)) throw new Error('MICROSOFT_APP_ID must be the Entra app (client) id, a GUID');
  const teamsAppId = env.TEAMS_APP_ID?.trim() || appId;
  if (!GUID.test(teamsAppId)) throw new Error('TEAMS_APP_ID must be a GUID');
  const domain = env.BOT_DOMAIN?.trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: appId,
    TEAMS_APP_ID: teamsAppId,
    BOT_DOMAIN: domain ?? '',
  };
  const manifest = JSON.parse(template) as Record<string, unknown>;
  const substitute = (node: unknown): unknown => {
    if (typeof node === 'string')
      return node.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => values[name] ?? `\${{${name}}}`);
    if (Array.isArray(node)) return node.map(substitute).filter((v) => v !== '');
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v)]));
    return node;
  };
  const out = substitute(manifest) as Record<string, unknown>;
  const left = JSON.stringify(out).match(/\$\{\{[A-Z_]+\}\}/);
  if (left) throw new Error(`manifest placeholder ${left[0]} has no value`);
  return out;
}

export function buildTeamsPackage(opts: PackageOptions): {
  file: string;
  bytes: number;
  manifest: Record<string, unknown>;
} {
  const dir = opts.sourceDir ?? path.join(ROOT, 'teams');
  const manifest = renderManifest(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), opts.env);
  const color = readFileSync(path.join(dir, 'color.png'));
  const outline = readFileSync(path.join(dir, 'outline.png'));
  const c = pngInfo(color);
  const o = pngInfo(outline);
  if (c.width !== 192 || c.height !== 192) throw new Error('teams/color.png must be 192×192');
  if (o.width !== 32 || o.height !== 32 || o.colorType !== 6)
    throw new Error('teams/outline.png must be a 32×32 RGBA PNG');
  const data = zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
  const file = opts.outFile ?? path.join(ROOT, 'dist', 'teams-app.zip');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return { file, bytes: data.length, manifest };
}

export function writeIcons(dir = path.join(ROOT, 'teams')): void {
  writeFileSync(path.join(dir, 'color.png'), colorIcon());
  writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    if (process.argv.includes('--icons')) {
      writeIcons();
      console.log('wrote teams/color.png and teams/outline.png');
    } else {
      const { file, bytes } = buildTeamsPackage({ env: process.env });
      console.log(
        `wrote ${path.relative(process.cwd(), file)} (${bytes} bytes): upload it in Teams → Apps → Manage your apps → Upload an app`,
      );
    }
  } catch (err) {
    console.error(`teams package: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
