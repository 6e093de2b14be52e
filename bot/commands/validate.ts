/**
 * `dea validate [FILE…|-] [--json]` (docs/cli.md): parses every `;`-separated statement of the inputs with the same
 * parser that guards EXECUTE_DDL_AND_TRACK, so "valid here" means "the procedure would accept it".
 * Reading files and stdin is the CLI's job; this function takes their text.
 */
import { parseStatement, splitStatements, toInputPosition } from '../../procedures/parser/index.js';

export interface ValidateInput {
  /** Shown in messages: a file path, or `-` / `<stdin>`. */
  name: string;
  text: string;
}

export interface ValidatedStatement {
  /** 1-based, counted across all inputs in order. */
  index: number;
  kind: string | null;
  /** The object name as written, or null when the statement did not get that far. */
  name: string | null;
  ok: boolean;
  /** Position relative to the input text the statement came from. */
  error?: { message: string; line: number; column: number };
}

export async function runValidate(
  inputs: { name: string; text: string }[],
  opts: { json: boolean },
): Promise<{ exitCode: 0 | 1; output: string }> {
  const statements: ValidatedStatement[] = [];
  const lines: string[] = [];
  let refused = 0;
  for (const input of inputs) {
    const slices = splitStatements(input.text);
    if (slices.length === 0) {
      lines.push(`${input.name}: no statements found`);
      continue;
    }
    for (const slice of slices) {
      const index = statements.length + 1;
      const result = parseStatement(slice.sql);
      if (result.ok) {
        const st = result.statement;
        statements.push({ index, kind: st.kind, name: st.name.text, ok: true });
        lines.push(`${input.name}:${slice.line}:${slice.column}: ok ${st.kind} ${st.name.text}`);
        continue;
      }
      refused++;
      const at = toInputPosition(slice, result.error.line, result.error.column);
      const entry: ValidatedStatement = {
        index,
        kind: result.kind ?? null,
        name: result.name ? result.name.text : null,
        ok: false,
        error: { message: result.error.message, line: at.line, column: at.column },
      };
      statements.push(entry);
      const what = entry.kind ? ` (${entry.kind}${entry.name ? ` ${entry.name}` : ''})` : '';
      lines.push(`${input.name}:${at.line}:${at.column}: error: ${result.error.message}${what}`);
    }
  }
  const noStatements = statements.length === 0;
  const exitCode: 0 | 1 = refused > 0 || noStatements ? 1 : 0;
  if (opts.json) return { exitCode, output: `${JSON.stringify({ statements })}\n` };
  lines.push(
    noStatements
      ? 'No statements to validate.'
      : `${statements.length} statement${statements.length === 1 ? '' : 's'}, ${refused} refused.`,
  );
  return { exitCode, output: `${lines.join('\n')}\n` };
}
