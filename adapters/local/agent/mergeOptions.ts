/**
 * The findings added for issue 21, applied to the facts: the optional format and table settings and a format
 * external tables cannot read. Kept apart from merge.ts so that file stays
 * about the core facts.
 */
import type { Findings } from './extract/index.js';
import type { Facts } from './facts.js';

export function applyOptionFindings(facts: Facts, f: Findings, notes: string[]): void {
  if (f.formatOptions) {
    facts.formatOptions = { ...facts.formatOptions, ...f.formatOptions };
    // "skip the first two lines (a title and the header)" says there is a header.
    if (f.formatOptions.skip_header !== undefined && f.csv.header === undefined) facts.csv.header = true;
  }
  if (f.tableOptions) facts.tableOptions = { ...facts.tableOptions, ...f.tableOptions };
  if (f.format?.unsupported && !f.format.format) {
    notes.push(
      `External tables cannot read ${f.format.unsupported} files (Snowflake reads CSV, JSON, Parquet, Avro and ORC through an external table; ${f.format.unsupported} needs COPY INTO a table).`,
    );
  }
}
