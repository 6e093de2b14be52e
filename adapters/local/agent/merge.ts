/**
 * Applies one message's findings to the thread's facts. Later turns override earlier ones, so every
 * edit ("it's parquet", "use | as delimiter", "remove column x") is just a newer finding.
 * Returns notes worth telling the user (an edit that could not apply).
 */

import { parseCloudUrl } from '../../../procedures/schemas/locations.js';
import { typeFromName } from '../../../procedures/sql/columnList.js';
import type { AccountWords } from './accountWords.js';
import type { ColumnEdit } from './extract/columns.js';
import type { Findings } from './extract/index.js';
import { locationFrom } from './extract/location.js';
import type { ColumnFact, Facts } from './facts.js';
import { applyOptionFindings } from './mergeOptions.js';

export function applyFindings(prev: Facts, f: Findings): { facts: Facts; notes: string[] } {
  const facts: Facts = structuredClone(prev);
  const notes: string[] = [];

  if (f.location) {
    facts.cloud = f.location.cloud;
    facts.location = f.location.location;
    delete facts.bucket;
    delete facts.prefix;
    // A new URL replaces the old layout; "partitioned by date" said earlier still asks for a layout if needed.
    if (f.location.partitions.length > 0) facts.partitions = f.location.partitions;
    else delete facts.partitions;
  } else {
    if (f.cloudWord && !facts.location) facts.cloud = f.cloudWord;
    if (f.bucket?.azure) {
      facts.cloud = 'AZURE';
      facts.location = locationFrom(
        'AZURE',
        `${f.bucket.azure.account}.blob.core.windows.net/${f.bucket.azure.container}`,
        f.bucket.prefix,
      );
      delete facts.bucket;
      delete facts.prefix;
    } else if (f.bucket?.bucket) {
      facts.bucket = f.bucket.bucket;
      if (f.bucket.prefix !== undefined) facts.prefix = f.bucket.prefix;
      delete facts.location;
    } else if (f.bucket?.prefix !== undefined) {
      if (facts.bucket) facts.prefix = f.bucket.prefix;
      else if (facts.location && facts.cloud) facts.location = withPrefix(facts.location, f.bucket.prefix);
    }
    if (!facts.location && facts.bucket && facts.cloud) {
      if (facts.cloud === 'AZURE') {
        notes.push(
          'Azure has no buckets: give the URL azure://<account>.blob.core.windows.net/<container>/<path>/.',
        );
        delete facts.bucket;
        delete facts.prefix;
      } else {
        facts.location = locationFrom(facts.cloud, facts.bucket, facts.prefix);
        delete facts.bucket;
        delete facts.prefix;
      }
    }
  }

  if (f.format) {
    if (f.format.format && f.format.format !== facts.format) {
      facts.format = f.format.format;
      // Compression names differ per type (GZIP is no Parquet codec); keep only what this message says.
      delete facts.compression;
    }
    if (f.format.compression) facts.compression = f.format.compression;
    if (f.format.delimiter) facts.csv.delimiter = f.format.delimiter;
    if (f.format.jsonArray !== undefined) facts.jsonArray = f.format.jsonArray;
  }

  Object.assign(facts.csv, f.csv);

  if (f.inferColumns) {
    // "infer the columns" replaces any list given earlier: the table will come from the files.
    facts.inferColumns = true;
    delete facts.columns;
  } else if (f.columns && !(facts.inferColumns && onlyRetypes(f.columns.edits))) {
    // Columns listed after an inference request: the user knows them now, back to the one-plan flow.
    delete facts.inferColumns;
  }

  // Types given while the columns are inferred are kept for step 2, where the table is proposed.
  if (f.columns && infersFromFiles(facts)) {
    for (const edit of f.columns.edits) {
      if (edit.op !== 'retype' && edit.op !== 'add') continue;
      const pairs = edit.op === 'retype' ? [{ name: edit.name, type: edit.type }] : edit.columns;
      for (const c of pairs)
        if (c.type) facts.typeOverrides = { ...facts.typeOverrides, [c.name.toUpperCase()]: c.type };
    }
  }

  if (f.columns && !f.inferColumns && !(facts.inferColumns && onlyRetypes(f.columns.edits))) {
    for (const edit of f.columns.edits) applyColumnEdit(facts, edit, notes);
    if (f.columns.headerLine) {
      if (f.csv.header === undefined) facts.csv.header = true;
      if (
        f.csv.delimiter === undefined &&
        f.format?.delimiter === undefined &&
        f.columns.headerLine.delimiter !== ','
      ) {
        facts.csv.delimiter = f.columns.headerLine.delimiter;
      }
      if (!facts.format) facts.format = 'CSV';
    }
  }

  if (f.partitionByDate) facts.partitionByDate = true;
  applyOptionFindings(facts, f, notes);

  if (f.credentials?.awsRoleArn) facts.awsRoleArn = f.credentials.awsRoleArn;
  if (f.credentials?.azureTenantId) facts.azureTenantId = f.credentials.azureTenantId;
  if (f.credentials?.badArn) {
    notes.push(
      `${f.credentials.badArn} is not an IAM role ARN; Snowflake needs a role, e.g. arn:aws:iam::123456789012:role/snowflake-access.`,
    );
  }

  if (f.names) {
    for (const key of ['integration', 'format', 'stage', 'table'] as const) {
      const v = f.names[key];
      if (v !== undefined) facts.names[key] = v;
    }
    if (f.names.database !== undefined) facts.database = f.names.database;
    if (f.names.schema !== undefined) facts.schema = f.names.schema;
  }
  return { facts, notes };
}

function infersFromFiles(facts: Facts): boolean {
  return facts.inferColumns === true;
}

function onlyRetypes(edits: readonly ColumnEdit[]): boolean {
  return edits.length > 0 && edits.every((e) => e.op === 'retype');
}

function column(name: string, type: string | undefined, source?: string): ColumnFact {
  const fact: ColumnFact =
    type === undefined ? { name, type: typeFromName(name), inferred: true } : { name, type, inferred: false };
  if (source !== undefined) fact.source = source;
  return fact;
}

function indexOf(columns: ColumnFact[], name: string): number {
  return columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
}

function applyColumnEdit(facts: Facts, edit: ColumnEdit, notes: string[]): void {
  const cols = facts.columns ?? [];
  switch (edit.op) {
    case 'set':
      facts.columns = edit.columns.map((c) => column(c.name, c.type, c.source));
      return;
    case 'add':
      for (const c of edit.columns) {
        const i = indexOf(cols, c.name);
        if (i >= 0) cols[i] = column(c.name, c.type, c.source);
        else cols.push(column(c.name, c.type, c.source));
      }
      facts.columns = cols;
      return;
    case 'remove': {
      for (const name of edit.names) {
        const i = indexOf(cols, name);
        if (i >= 0) cols.splice(i, 1);
        else notes.push(`There is no column ${name} to remove.`);
      }
      facts.columns = cols;
      return;
    }
    case 'rename': {
      const i = indexOf(cols, edit.from);
      if (i < 0) notes.push(`There is no column ${edit.from} to rename.`);
      else cols[i] = { ...cols[i]!, name: edit.to };
      facts.columns = cols;
      return;
    }
    case 'retype': {
      const i = indexOf(cols, edit.name);
      if (i < 0)
        notes.push(`There is no column ${edit.name}; add it with "add a column ${edit.name} ${edit.type}".`);
      else cols[i] = { name: cols[i]!.name, type: edit.type, inferred: false };
      facts.columns = cols;
      return;
    }
  }
}

/** Keeps the bucket (or Azure account and container) of a location and swaps its path. */
function withPrefix(location: string, prefix: string): string {
  const parsed = parseCloudUrl(location);
  if (!parsed.ok) return location;
  const root =
    parsed.location.container === undefined
      ? parsed.location.bucket
      : `${parsed.location.bucket}.blob.core.windows.net/${parsed.location.container}`;
  return locationFrom(parsed.location.provider, root, prefix);
}

/** "use integration X", "use format Y", "replace it": returns what to tell the user. */
export function applyAccountWords(facts: Facts, words: AccountWords): string[] {
  const notes: string[] = [];
  if (words.reuseIntegration) {
    facts.reuse = { ...facts.reuse, integration: words.reuseIntegration };
    facts.names.integration = words.reuseIntegration;
    notes.push(
      `I will read through the integration ${words.reuseIntegration}; if it exists, the plan reuses it (widening its allowed locations when needed) instead of creating one.`,
    );
  }
  if (words.reuseFormat) {
    facts.reuse = { ...facts.reuse, format: words.reuseFormat };
    if (facts.names.format?.toLowerCase() === words.reuseFormat.toLowerCase()) delete facts.names.format;
    notes.push(`I will use the existing file format ${words.reuseFormat} and check that it exists.`);
  }
  if (words.replace) {
    facts.replace = [...new Set([...(facts.replace ?? []), ...words.replace])];
    notes.push(
      words.replace.length === 1
        ? `The plan may replace the existing ${words.replace[0]!.toLowerCase().replace(/_/g, ' ')} (CREATE OR REPLACE); the card shows it as a warning.`
        : 'Objects that exist with a different definition will be replaced (CREATE OR REPLACE), each shown as a warning; an integration that stages use is never replaced.',
    );
  }
  return notes;
}

/**
 * Characters right after a location that cannot be part of it are never dropped silently: the plan uses the clean
 * URL and the answer says what was left out.
 */
export function droppedCharacters(text: string, f: Findings): string[] {
  const loc = f.location?.location;
  if (!loc) return [];
  const scheme = /^[a-z0-9]+:\/\//i.exec(loc)?.[0];
  if (!scheme) return [];
  const notes: string[] = [];
  for (const m of text.matchAll(/\b[a-z0-9]+:\/\/\S+/gi)) {
    const raw = m[0].replace(/[.,;:!?)\]]+$/, '');
    const bare = raw.replace(/\/+$/, '');
    const clean = loc.replace(/\/+$/, '');
    if (!bare.toLowerCase().startsWith(clean.toLowerCase()) || bare.length === clean.length) continue;
    const rest = raw.slice(clean.length).replace(/^\//, '');
    if (!rest || /^[A-Za-z0-9._\-/=]+$/.test(rest)) continue;
    notes.push(
      `I used the location ${loc}: the characters ${JSON.stringify(rest)} after it cannot be part of a storage URL and were left out. Give the URL again if that is wrong.`,
    );
  }
  return notes;
}
