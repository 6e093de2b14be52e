/**
 * What the agent guessed instead of asking, stated on the plan with the words that change it. The rule:
 * guess only where a wrong guess is cheap to fix before approval (a header row, a delimiter, JSON layout,
 * column types, a column name made into an identifier); ask where it would build the wrong object (where the
 * files are, their format, the role or tenant that may read them, columns that cannot be read from the files).
 */
import type { Assumption } from '../../../bot/core/contracts.js';
import { assumesHeader, type Facts, infersColumns } from './facts.js';

export function assumptionsFor(facts: Facts): Assumption[] {
  const out: Assumption[] = [];
  const inferring = infersColumns(facts);
  if (facts.format === 'CSV') {
    if (assumesHeader(facts)) {
      out.push({
        kind: 'FILE_FORMAT',
        text: inferring
          ? 'Assumed a header row, so the column names are read from it — say "no header" (and list the columns) to change.'
          : 'Assumed a header row (the first line is skipped) — say "no header" to change.',
      });
    }
    if (facts.csv.delimiter === undefined) {
      out.push({
        kind: 'FILE_FORMAT',
        text: 'Assumed comma-separated fields — say e.g. "pipe-delimited" or "use ; as delimiter" to change.',
      });
    }
  }
  if (facts.format === 'JSON' && facts.jsonArray === undefined) {
    out.push({
      kind: 'FILE_FORMAT',
      text: 'Assumed one JSON document per line (NDJSON) — say "each file is one JSON array" to change.',
    });
  }
  if (!inferring && facts.columns) {
    const guessed = facts.columns.filter((c) => c.inferred);
    if (guessed.length > 0) {
      const typed = guessed.find((c) => c.type !== 'VARCHAR');
      const example = typed ? `make ${typed.name} varchar` : `make ${guessed[0]!.name} number`;
      out.push({
        kind: 'EXTERNAL_TABLE',
        text: `Assumed column types from their names: ${guessed.map((c) => `${c.name} ${c.type}`).join(', ')} — say e.g. "${example}" to change.`,
      });
    }
    const renamed = facts.columns.filter((c) => c.source !== undefined);
    if (renamed.length > 0) {
      out.push({
        kind: 'EXTERNAL_TABLE',
        text: `Named ${renamed.map((c) => `"${c.source}" as ${c.name}`).join(', ')} (a column name cannot hold spaces or symbols) — say "rename column ${renamed[0]!.name} to …" to change.`,
      });
    }
  }
  return out;
}
