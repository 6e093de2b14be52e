/**
 * What a data engineer says about objects that already exist on a shared account: "use integration acme_int"
 * (reuse it, no new one), "use format my_csv", and "replace it" / "use CREATE OR REPLACE" in answer to the bot
 * flagging an existing object. Names are passed on as written; the generators quote or refuse them.
 */
import type { StatementKind } from '../../../procedures/names.js';

export interface AccountWords {
  reuseIntegration?: string;
  reuseFormat?: string;
  /** Kinds the user allows to be replaced; every kind when they said "replace it". */
  replace?: StatementKind[];
}

const NAME = '[`"\']?([A-Za-z_][A-Za-z0-9_$]*)[`"\']?';
const FORMAT_TYPES = new Set(['csv', 'json', 'parquet', 'avro', 'orc', 'xml', 'tsv', 'a', 'the', 'it']);
const ALL: StatementKind[] = ['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE', 'EXTERNAL_TABLE'];

const KIND_WORDS: [RegExp, StatementKind][] = [
  [/\b(?:storage\s+)?integration\b/i, 'STORAGE_INTEGRATION'],
  [/\b(?:file\s+)?format\b/i, 'FILE_FORMAT'],
  [/\bstage\b/i, 'STAGE'],
  [/\btable\b/i, 'EXTERNAL_TABLE'],
];

export function extractAccountWords(text: string): AccountWords | undefined {
  const out: AccountWords = {};
  const integ = new RegExp(
    `\\b(?:use|reuse|using)\\s+(?:the\\s+)?(?:existing\\s+)?(?:storage\\s+)?integration\\s+${NAME}`,
    'i',
  ).exec(text);
  if (integ) out.reuseIntegration = integ[1];
  const format = new RegExp(
    `\\b(?:use|reuse|using)\\s+(?:the\\s+)?(?:existing\\s+)?(?:file\\s+)?format\\s+${NAME}`,
    'i',
  ).exec(text);
  if (format && !FORMAT_TYPES.has((format[1] as string).toLowerCase())) out.reuseFormat = format[1];
  const replace =
    /\b(?:replace\s+(it|them|the\s+(?:existing\s+)?(?:storage\s+integration|integration|file\s+format|format|stage|external\s+table|table))|(?:use\s+)?create\s+or\s+replace)\b/i.exec(
      text,
    );
  if (replace) {
    const named = replace[1] && !/^(it|them)$/i.test(replace[1]) ? replace[1] : undefined;
    const kind = named ? KIND_WORDS.find(([re]) => re.test(named))?.[1] : undefined;
    out.replace = kind ? [kind] : [...ALL];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
