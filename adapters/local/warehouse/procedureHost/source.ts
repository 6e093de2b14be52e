/**
 * Where the embedded warehouse finds the procedure bodies: sql/procedures.sql, the same file installed in
 * Snowflake, looked up from the package root (this file's ancestors) and then from the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ParsedProcedure,
  parseProceduresSql,
} from '../../../../procedures/build/proceduresSqlFormat.js';

export type { ParsedProcedure };

export function findProceduresFile(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  const candidates: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i < 8; i++) {
    candidates.push(join(dir, 'sql', 'procedures.sql'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  candidates.push(join(process.cwd(), 'sql', 'procedures.sql'));
  return candidates.find((p) => existsSync(p));
}

/** Procedures by upper-case name; empty when the file does not exist yet (CALL then reports 002003). */
export function loadProcedures(
  file: string | undefined = findProceduresFile(),
): Map<string, ParsedProcedure> {
  const map = new Map<string, ParsedProcedure>();
  if (!file || !existsSync(file)) return map;
  for (const p of parseProceduresSql(readFileSync(file, 'utf8'))) map.set(p.name.toUpperCase(), p);
  return map;
}

export function proceduresFromText(text: string): Map<string, ParsedProcedure> {
  const map = new Map<string, ParsedProcedure>();
  for (const p of parseProceduresSql(text)) map.set(p.name.toUpperCase(), p);
  return map;
}
