/**
 * Requests to infer the columns from the files ("infer the columns", "detect the schema", "I don't know the
 * columns"). The matched phrase is blanked so the column extractor does not read "columns and types" as a
 * column called types.
 */
import { blank, withoutOpaque } from './text.js';

const WHAT =
  '(?:(?:the\\s+|its\\s+|their\\s+)?(?:columns?(?:\\s+(?:names?|types?|and\\s+(?:their\\s+)?types?))?|schema|column\\s+(?:names?|types?)|structure|fields?))';
const TAIL =
  '(?:\\s+(?:from|using|by\\s+reading)\\s+(?:the\\s+|a\\s+few\\s+|some\\s+)?(?:sample\\s+)?(?:files?|data|header(?:\\s+row)?)(?:\\s+for\\s+me)?)?(?:\\s+for\\s+me)?';
const VERB =
  '(?:infer|detect|auto[-\\s]?detect|discover|derive|determine|guess|figure\\s+out|work\\s+out|read|pick\\s+up)';

const PATTERNS: RegExp[] = [
  // "infer the columns", "detect the schema from the files", "can you figure out the columns for me"
  new RegExp(`\\b${VERB}\\s+${WHAT}${TAIL}`, 'gi'),
  // "schema inference", "infer_schema", "schema detection", "auto-detect"
  /\b(?:schema|column)\s+(?:inference|detection|discovery)\b|\binfer_schema\b/gi,
  // "I don't know the columns", "not sure which columns", "no idea what the schema is", "columns are unknown"
  new RegExp(
    `\\b(?:(?:i|we)\\s+(?:don'?t|do\\s+not|dunno)\\s+know|not\\s+sure(?:\\s+(?:about|of))?|no\\s+idea(?:\\s+(?:about|of))?|unsure(?:\\s+(?:about|of))?)\\s+(?:what|which)?\\s*${WHAT}(?:\\s+(?:are|is|they\\s+have|it\\s+has))?`,
    'gi',
  ),
  new RegExp(
    `\\b${WHAT}\\s+(?:are|is)\\s+(?:unknown|not\\s+known)\\b|\\bunknown\\s+(?:columns|schema)\\b`,
    'gi',
  ),
];

/** "don't infer the columns": a refusal, not a request. */
const NEGATED = /\b(?:don'?t|do\s+not|no\s+need\s+to|never|without)\s+$/i;

/** A bare answer to "which columns?": "I don't know", "not sure", "no idea", "infer them". */
const BARE =
  /^\s*(?:i\s+(?:don'?t|do\s+not)\s+know|dunno|not\s+sure|no\s+idea|unknown|(?:please\s+)?(?:infer|detect)(?:\s+(?:them|it))?(?:\s+please)?)\s*[.!]*\s*$/i;

interface InferFinding {
  infer: true;
  /** The message with the request blanked out, for the other extractors. */
  text: string;
}

export function extractInfer(text: string, expectingColumns: boolean): InferFinding | undefined {
  if (expectingColumns && BARE.test(text)) return { infer: true, text: ' '.repeat(text.length) };
  const plain = withoutOpaque(text);
  let work = text;
  let found = false;
  for (const re of PATTERNS) {
    for (const m of plain.matchAll(re)) {
      const at = m.index ?? 0;
      if (NEGATED.test(plain.slice(Math.max(0, at - 20), at))) continue;
      found = true;
      work = blank(work, at, m[0].length);
    }
  }
  return found ? { infer: true, text: work } : undefined;
}
