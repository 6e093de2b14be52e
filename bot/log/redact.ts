/**
 * Secret scrubbing for everything that is logged. Key names catch structured secrets wherever they sit in an
 * object; value patterns catch secrets that leak into free text (error messages, URLs, headers).
 */
const REDACTED = '[REDACTED]';

const SECRET_KEY_RE =
  /(^|[_-])(token|password|passwd|secret|passphrase|authorization|cookie|private[_-]?key|privatekey|api[_-]?key|apikey|client[_-]?secret|signing[_-]?secret|credentials?)$|^(token|password|secret|authorization|cookie|privateKey|x-dea-bot-authorization|x-dea-token|x-slack-signature)$/i;

const VALUE_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\bxox[abposer]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/(Snowflake\s+Token\s*=\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/([?&](?:token|access_token|password|secret|sig|signature)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // Secrets written into SQL text: stage CREDENTIALS / ENCRYPTION, CREATE USER … PASSWORD, OAuth integrations.
  [
    /\b(AWS_SECRET_KEY|AWS_KEY_ID|AWS_TOKEN|AZURE_SAS_TOKEN|MASTER_KEY|PASSWORD|OAUTH_CLIENT_SECRET|OAUTH_REFRESH_TOKEN)(\s*=\s*)'(?:[^'\\]|''|\\.)*'/gi,
    `$1$2'${REDACTED}'`,
  ],
  // Form bodies and connection strings: client_secret=…, password=…, refresh_token=…
  [
    /\b(client_secret|client_assertion|assertion|password|passwd|pwd|refresh_token|access_token|id_token|api_key|apikey|token_secret)=(?!\[REDACTED\])[^\s&,;"'}]+/gi,
    `$1=${REDACTED}`,
  ],
  // The same names as JSON keys inside free text (a response body quoted in an error message).
  [
    /("(?:client_secret|client_assertion|assertion|password|passwd|refresh_token|access_token|id_token|token|token_secret|secret|api_key|private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
  // Environment-style assignments: SNOWFLAKE_TOKEN=…, MICROSOFT_APP_PASSWORD=…, AWS_SECRET_ACCESS_KEY=…
  [
    /\b([A-Z][A-Z0-9_]*(?:TOKEN|PASSWORD|SECRET|PASSPHRASE|SECRET_ACCESS_KEY|PRIVATE_KEY))=(?!\[REDACTED\])[^\s"'&]+/g,
    `$1=${REDACTED}`,
  ],
];

/** Key names that hold secrets but do not end in token/password/secret (AWS, OAuth client assertions). */
const SECRET_KEY_SUFFIX_RE =
  /(assertion|access[_-]?key|secret[_-]?key|master[_-]?key|sas[_-]?token|key[_-]?id)$/i;

function isSecretKey(key: string): boolean {
  return (
    SECRET_KEY_RE.test(key) ||
    SECRET_KEY_SUFFIX_RE.test(key) ||
    /token$/i.test(key) ||
    /password$/i.test(key) ||
    /secret$/i.test(key)
  );
}

export function redactString(text: string): string {
  let out = text;
  for (const [re, replacement] of VALUE_PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Returns a copy of `value` with secret-named keys and secret-looking strings replaced. Cycles are cut. */
export function redactDeep(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return '[Depth]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      type: value.name,
      message: redactString(value.message),
      stack: value.stack ? redactString(value.stack) : undefined,
    };
    for (const [k, v] of Object.entries(value))
      out[k] = isSecretKey(k) ? REDACTED : redactDeep(v, seen, depth + 1);
    if (value.cause !== undefined) out.cause = redactDeep(value.cause, seen, depth + 1);
    return out;
  }
  if (value instanceof Date || value instanceof URL) return redactString(String(value));
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (value instanceof Map) return redactDeep(Object.fromEntries(value), seen, depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] =
      isSecretKey(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redactDeep(v, seen, depth + 1);
  }
  return out;
}
