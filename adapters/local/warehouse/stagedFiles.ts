/**
 * Files behind a stage reference (`@db.sch.stage/path/`), shared by queries of staged files and INFER_SCHEMA:
 * the stage must exist and be external, its integration must still allow the URL (as LIST and external tables
 * check), and the files are those under `stage URL + path`, optionally narrowed by PATTERN or FILES.
 */

import { checkStageLocation, type EngineContext, qualifiedText, qualify, resolveFormat } from './ddl.js';
import { doesNotExist, executionError, unsupportedLocally } from './errors.js';
import { patternMatches } from './externalTable.js';
import type { FileFormatDef, QualifiedName, StageDef } from './objectCatalog.js';
import { getEntry } from './objectCatalog.js';
import { joinUrl, listFiles, type StoredFile } from './storage.js';

interface StageLocation {
  stage: QualifiedName;
  /** Path after the stage name, without the leading `/` ('' for the stage root). */
  path: string;
}

/** Splits `@db.sch."My Stage"/a/b.csv` into the qualified stage name and the path. */
export function parseStageLocation(ctx: { database: string; schema: string }, text: string): StageLocation {
  const ref = text.trim().replace(/^@/, '');
  if (ref.startsWith('~') || ref.startsWith('%')) throw unsupportedLocally('user and table stages');
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref[k] as string;
    if (quoted) {
      if (c === '"' && ref[k + 1] === '"') {
        cur += '"';
        k++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === '.' || c === '/') {
      parts.push(wasQuoted ? cur : cur.toUpperCase());
      cur = '';
      wasQuoted = false;
      if (c === '/') break;
    } else cur += c;
  }
  if (k >= ref.length) parts.push(wasQuoted ? cur : cur.toUpperCase());
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => p === '')) {
    throw executionError(`invalid stage location '${text}'`);
  }
  return { stage: qualify(ctx, parts), path: k < ref.length ? ref.slice(k + 1) : '' };
}

interface StagedSelection {
  stage: StageDef;
  /** Stage URL joined with the path. */
  url: string;
  files: StoredFile[];
}

/** The stage's files under the location; FILES names are relative to it and must all exist, as in Snowflake. */
export async function stagedFiles(
  ctx: EngineContext,
  loc: StageLocation,
  opts: { pattern?: string | null; files?: string[] } = {},
): Promise<StagedSelection> {
  const entry = await getEntry<StageDef>(
    ctx.conn,
    'STAGE',
    loc.stage.database,
    loc.stage.schema,
    loc.stage.name,
  );
  if (!entry) throw doesNotExist('Stage', qualifiedText(loc.stage));
  const stage = entry.def;
  if (!stage.url) throw unsupportedLocally('reading files of an internal stage');
  if (stage.storageIntegration) await checkStageLocation(ctx, stage.url, stage.storageIntegration);
  const url = joinUrl(stage.url, loc.path);
  let files = listFiles(ctx.storageDir, url).filter((f) => !f.key.endsWith('/'));
  if (opts.files && opts.files.length > 0) {
    // Snowflake concatenates location and file name without adding a separator.
    const wanted = opts.files.map((name) =>
      url.endsWith('/') || name.startsWith('/') ? url + name : `${url}/${name}`,
    );
    files = wanted.map((w) => {
      const normalized = w.replace(/([^:])\/\/+/g, '$1/');
      const found = files.find((f) => f.url === normalized);
      if (!found) throw executionError(`Remote file '${normalized}' was not found.`);
      return found;
    });
  }
  const locationKey = url.replace(/^[a-z0-9]+:\/\/[^/]+\/?/i, '');
  const pattern = opts.pattern ?? null;
  return { stage, url, files: files.filter((f) => patternMatches(pattern, f, locationKey)) };
}

/** A named file format (`fmt`, `sch.fmt`, `db.sch.fmt`, parts may be double-quoted); 002003 when missing. */
export async function namedFormat(ctx: EngineContext, name: string): Promise<FileFormatDef> {
  const parts = (name.match(/"(?:[^"]|"")*"|[^.]+/g) ?? []).map((p) =>
    p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.trim().toUpperCase(),
  );
  if (parts.length === 0 || parts.length > 3) throw doesNotExist('File format', name);
  return resolveFormat(ctx, { kind: 'named', ref: qualify(ctx, parts) });
}

/** The stage's own file format, or CSV defaults when it has none (Snowflake's default for a stage). */
export async function stageFormat(ctx: EngineContext, stage: StageDef): Promise<FileFormatDef> {
  if (!stage.fileFormat) return { type: 'CSV', options: {}, comment: null };
  return resolveFormat(ctx, stage.fileFormat);
}
