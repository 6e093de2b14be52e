/** Small text helpers shared by the extractors. */

/** URLs (cloud and https), ARNs and GUIDs, which other extractors must not read words out of. */
const OPAQUE =
  /(?:\b(?:s3|s3a|s3n|s3gov|s3china|gcs|gs|azure|abfss?|wasbs?|https?):\/\/[^\s'"`<>|]+)|(?:\barn:aws[\w-]*:[^\s'"`<>|]+)|(?:\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)/gi;

/** Replaces URLs, ARNs and GUIDs with blanks so word patterns ("aws", "csv") don't fire inside them. */
export function withoutOpaque(text: string): string {
  return text.replace(OPAQUE, (m) => ' '.repeat(m.length));
}

/** Slack wraps links as `<https://x|label>` or `<https://x>`; keep the target only. */
export function unwrapSlackLinks(text: string): string {
  return text.replace(/<((?:[a-z0-9]+):\/\/[^|>\s]+)(?:\|[^>]*)?>/gi, '$1');
}

/** Blanks out a matched span so later patterns in the same message don't read it twice. */
export function blank(text: string, index: number, length: number): string {
  return text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);
}
