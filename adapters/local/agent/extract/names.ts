/**
 * Object names: "call the table orders_ext", "name the stage raw_stage", "use integration X",
 * "file format my_csv", and where to create them ("in database analytics, schema raw").
 * Names are passed to the generators as written; the identifier module there quotes or refuses them.
 */
import { withoutOpaque } from './text.js';

export interface NamesFinding {
  integration?: string;
  format?: string;
  stage?: string;
  table?: string;
  database?: string;
  schema?: string;
}

const NAME = '[`"\']?([A-Za-z_][A-Za-z0-9_$]*)[`"\']?';

const OBJECT_WORDS: [keyof NamesFinding, string][] = [
  ['integration', '(?:storage\\s+)?integration'],
  ['format', 'file\\s+format|format'],
  ['stage', '(?:external\\s+)?stage'],
  ['table', '(?:external\\s+)?table'],
];

function patternsFor(object: string): RegExp[] {
  return [
    // "call the table orders_ext", "name the stage raw_stage"
    new RegExp(`\\b(?:call|name)\\s+(?:the|my|our)\\s+(?:${object})\\s+(?:as\\s+)?${NAME}`, 'i'),
    // "table name orders", "table should be called orders", "stage named raw"
    new RegExp(
      `\\b(?:${object})(?:'s)?\\s+(?:name\\s*(?:is|:|=|should\\s+be|will\\s+be)?|(?:should\\s+be\\s+|will\\s+be\\s+|is\\s+)?(?:called|named))\\s*${NAME}`,
      'i',
    ),
    // "name the stage raw_stage and the file format my_csv": one verb naming several objects
    new RegExp(
      `\\b(?:call|name)\\b[^.;\\n]*?(?:\\band|,)\\s+(?:the|my|our)\\s+(?:${object})\\s+(?:as\\s+)?${NAME}`,
      'i',
    ),
    // "use integration X", "use the existing integration X", "with stage raw_stage"
    new RegExp(`\\b(?:use|using|reuse)\\s+(?:the\\s+)?(?:existing\\s+)?(?:${object})\\s+${NAME}`, 'i'),
  ];
}

/** Words a careless pattern might take for a name ("call the table as well"). */
const NOT_NAMES = new Set([
  'as',
  'is',
  'to',
  'the',
  'a',
  'an',
  'for',
  'with',
  'and',
  'or',
  'it',
  'name',
  'called',
  'named',
]);

export function extractNames(text: string): NamesFinding | undefined {
  const plain = withoutOpaque(text);
  const out: NamesFinding = {};
  for (const [key, object] of OBJECT_WORDS) {
    for (const re of patternsFor(object)) {
      const m = re.exec(plain);
      if (m && !NOT_NAMES.has(m[1]!.toLowerCase())) {
        out[key] = m[1]!;
        break;
      }
    }
  }
  // "name it orders" / "call it orders": the thing the user cares about naming is the table.
  if (!out.table) {
    const it = new RegExp(`\\b(?:call|name)\\s+it\\s+${NAME}`, 'i').exec(plain);
    if (it && !NOT_NAMES.has(it[1]!.toLowerCase())) out.table = it[1]!;
  }
  const db = new RegExp(`\\b(?:in|use|into)\\s+(?:the\\s+)?database\\s+${NAME}`, 'i').exec(plain);
  if (db) out.database = db[1]!;
  const schema =
    new RegExp(`\\b(?:in|use|into|,)\\s*(?:the\\s+)?schema\\s+${NAME}`, 'i').exec(plain) ??
    new RegExp(`\\bdatabase\\s+\\S+\\s+(?:and\\s+)?(?:the\\s+)?schema\\s+${NAME}`, 'i').exec(plain);
  if (schema) out.schema = schema[1]!;
  return Object.keys(out).length > 0 ? out : undefined;
}
