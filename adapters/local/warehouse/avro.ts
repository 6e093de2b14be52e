/**
 * Avro object container files for the embedded warehouse, read with `avsc` (a maintained pure-JavaScript reader:
 * null and deflate codecs). Records become the JSON VALUE an external table or a staged query sees, the way
 * Snowflake shows Avro in a VARIANT (bytes as hex text); the writer schema gives INFER_SCHEMA its column types.
 */

/** Enough for sample files and local tables; a bigger file is refused with a clear error instead of exhausting memory. */
const MAX_RECORDS = 1_000_000;

export interface AvroField {
  name: string;
  /** Snowflake's INFER_SCHEMA spelling: NUMBER(38, 0), REAL, TEXT, BOOLEAN, BINARY, DATE, TIMESTAMP_NTZ, … */
  type: string;
  nullable: boolean;
}

interface AvroFile {
  fields: AvroField[];
  records: unknown[];
}

/** Bytes as upper-case hex (Snowflake's text form of BINARY); everything else JSON-safe as it is. */
function jsonSafe(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex').toUpperCase();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

type Schema =
  | string
  | { type: unknown; logicalType?: string; precision?: number; scale?: number }
  | unknown[];

/** The Snowflake type INFER_SCHEMA reports for an Avro field type (a union with null is that type, nullable). */
function avroFieldType(schema: Schema): { type: string; nullable: boolean } {
  if (Array.isArray(schema)) {
    const others = schema.filter((s) => s !== 'null');
    const nullable = others.length < schema.length;
    if (others.length === 1) return { type: avroFieldType(others[0] as Schema).type, nullable };
    return { type: 'VARIANT', nullable };
  }
  if (typeof schema === 'string') {
    switch (schema) {
      case 'int':
      case 'long':
        return { type: 'NUMBER(38, 0)', nullable: false };
      case 'float':
      case 'double':
        return { type: 'REAL', nullable: false };
      case 'string':
        return { type: 'TEXT', nullable: false };
      case 'boolean':
        return { type: 'BOOLEAN', nullable: false };
      case 'bytes':
        return { type: 'BINARY', nullable: false };
      case 'null':
        return { type: 'VARIANT', nullable: true };
      default:
        return { type: 'VARIANT', nullable: false };
    }
  }
  const s = schema as { type: unknown; logicalType?: string; precision?: number; scale?: number };
  if (s.logicalType === 'date') return { type: 'DATE', nullable: false };
  if (s.logicalType === 'timestamp-millis' || s.logicalType === 'timestamp-micros')
    return { type: 'TIMESTAMP_NTZ', nullable: false };
  if (s.logicalType === 'decimal' && typeof s.precision === 'number')
    return { type: `NUMBER(${s.precision}, ${s.scale ?? 0})`, nullable: false };
  if (s.type === 'record' || s.type === 'map') return { type: 'OBJECT', nullable: false };
  if (s.type === 'array') return { type: 'ARRAY', nullable: false };
  if (s.type === 'enum') return { type: 'TEXT', nullable: false };
  if (s.type === 'fixed') return { type: 'BINARY', nullable: false };
  return avroFieldType(s.type as Schema);
}

function logicalTypeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema)) {
    const others = schema.filter((s) => s !== 'null');
    return others.length === 1 ? logicalTypeOf(others[0] as Schema) : undefined;
  }
  return typeof schema === 'object' && schema !== null && 'logicalType' in schema
    ? (schema as { logicalType?: string }).logicalType
    : undefined;
}

/** Dates (days since 1970) and timestamps (ms or µs) as ISO text, the way they read back from a VARIANT. */
function withLogicalValues(record: unknown, logical: ReadonlyMap<string, string>): unknown {
  if (logical.size === 0 || record === null || typeof record !== 'object') return record;
  const out = { ...(record as Record<string, unknown>) };
  for (const [field, lt] of logical) {
    const v = out[field];
    if (typeof v !== 'number') continue;
    if (lt === 'date') out[field] = new Date(v * 86_400_000).toISOString().slice(0, 10);
    else if (lt === 'timestamp-millis') out[field] = new Date(v).toISOString().replace('Z', '');
    else if (lt === 'timestamp-micros')
      out[field] = new Date(Math.floor(v / 1000)).toISOString().replace('Z', '');
  }
  return out;
}

/** Reads a whole Avro file: its top-level fields (for a record schema) and its records as JSON values. */
export async function readAvroFile(path: string): Promise<AvroFile> {
  // Loaded at the first Avro file: most openings of the embedded warehouse (each `dea` command) never read one.
  const { default: avsc } = await import('avsc');
  return new Promise((resolve, reject) => {
    const records: unknown[] = [];
    let fields: AvroField[] = [];
    const decoder = avsc.createFileDecoder(path);
    // Top-level logical types, read from the writer schema as written (avsc decodes the underlying int/long).
    let logical = new Map<string, string>();
    decoder
      .on('metadata', (_type: unknown, _codec: unknown, header: { meta?: Record<string, Buffer> }) => {
        const raw = header?.meta?.['avro.schema'];
        const schema = (raw ? JSON.parse(raw.toString('utf8')) : {}) as {
          type?: unknown;
          fields?: { name: string; type: Schema }[];
        };
        fields =
          schema && schema.type === 'record' && Array.isArray(schema.fields)
            ? schema.fields.map((f) => ({ name: f.name, ...avroFieldType(f.type) }))
            : [];
        logical = new Map(
          (schema.fields ?? []).flatMap((f) => {
            const lt = logicalTypeOf(f.type);
            return lt ? [[f.name, lt] as [string, string]] : [];
          }),
        );
      })
      .on('data', (record: unknown) => {
        if (records.length >= MAX_RECORDS) {
          decoder.destroy(new Error(`more than ${MAX_RECORDS} records in one Avro file`));
          return;
        }
        records.push(withLogicalValues(jsonSafe(record), logical));
      })
      .on('error', (err: Error) => reject(err))
      .on('end', () => resolve({ fields, records }));
  });
}
