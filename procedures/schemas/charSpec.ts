/**
 * The character spellings CSV delimiter, escape and quote options accept: plain characters, backslash escapes,
 * octal, hex and `0xhh`. The generator's schema and DDL writer decode them the way Snowflake does.
 */

/**
 * Decodes a delimiter/escape value as the option receives it (after SQL string unescaping): plain characters,
 * escapes `\t \n \r \b \f \\ \' \"`, octal `\ooo`, hex `\xhh`, or the whole value `0xhh`. Returns the characters
 * it denotes, or a message.
 */
export function decodeCharSpec(spec: string): { ok: true; chars: string } | { ok: false; message: string } {
  const whole = /^0[xX]([0-9A-Fa-f]{2})$/.exec(spec);
  if (whole) return { ok: true, chars: String.fromCharCode(Number.parseInt(whole[1] as string, 16)) };
  const simple: Record<string, string> = {
    t: '\t',
    n: '\n',
    r: '\r',
    b: '\b',
    f: '\f',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i] as string;
    if (ch === '\u0000') return { ok: false, message: 'must not contain a NUL character' };
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = spec[i + 1];
    if (next === undefined)
      return { ok: false, message: 'ends with a lone backslash (write \\\\ for a backslash)' };
    const mapped = simple[next];
    if (mapped !== undefined) {
      out += mapped;
      i++;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(spec.slice(i + 1));
    if (oct) {
      const code = Number.parseInt(oct[0], 8);
      if (code === 0) return { ok: false, message: 'must not denote a NUL character' };
      out += String.fromCharCode(code);
      i += oct[0].length;
      continue;
    }
    const hex = /^x([0-9A-Fa-f]{2})/.exec(spec.slice(i + 1));
    if (hex) {
      out += String.fromCharCode(Number.parseInt(hex[1] as string, 16));
      i += 3;
      continue;
    }
    return {
      ok: false,
      message: `has an unknown escape \\${next} (use \\t, \\n, \\r, octal \\ooo or hex \\xhh)`,
    };
  }
  if (out.length === 0) return { ok: false, message: 'must not be empty (use "NONE" for no character)' };
  return { ok: true, chars: out };
}
