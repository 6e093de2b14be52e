/**
 * Size limits of what the parser reads. Far above any real pipeline (the widest table of the corpus has 17
 * columns), low enough that a hostile statement cannot tie up the procedure or the bot: parsing is linear, so
 * these bound its time as well as its memory.
 */
export const LIMITS = {
  /** UTF-8 bytes of one statement. */
  statementBytes: 1_000_000,
  /** Columns of one external table. */
  columns: 5_000,
  /** Nesting of parentheses, function calls, CASE and unary operators inside one column expression. */
  expressionDepth: 64,
} as const;

/** UTF-8 length of a string, counted without Node's Buffer (the parser also runs inside Snowflake). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
