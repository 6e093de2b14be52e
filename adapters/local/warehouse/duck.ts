/**
 * One DuckDB instance and connection with every statement serialized. Serializing is what makes a conditional
 * UPDATE an atomic claim (docs/architecture.md#the-trackers-state-machine) even when 50 procedure calls interleave their statements, and it keeps DDL
 * that spans several DuckDB statements (catalog row + view) from being observed half-done.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { WarehouseError } from '../../../bot/core/contracts.js';
import { duckdb } from './duckdbModule.js';
import { fromDuckDb } from './errors.js';
import { preparedFor } from './preparedStatements.js';
import { readResult, type StatementResult } from './values.js';

export const DUCKDB_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'true',
  // The embedded warehouse holds a tracker and small sample files: bound DuckDB's buffer pool and threads so the bot
  // stays small on a laptop (DuckDB's default is 80% of RAM and one thread per core).
  memory_limit: '128MB',
  threads: '2',
  // Rows not yet checkpointed stay in memory, and each table column holds a block of its own while it grows: with
  // DuckDB's 256 kB blocks and 16 MB checkpoints that was ~4 MB more per 1,000 conversations, with 16 kB blocks and
  // 1 MB checkpoints the tracker's growth lives on disk and the bot's memory stays flat
  // (docs/performance.md#memory). The block size applies to files created from now on; older files keep theirs.
  checkpoint_threshold: '1MB',
  default_block_size: '16384',
} as const;

export class DuckSession {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckSession> {
    let instance: DuckDBInstance;
    try {
      instance = await duckdb.DuckDBInstance.create(path, { ...DUCKDB_OPTIONS });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const lock = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
      if (lock) {
        throw new WarehouseError(
          'LOCAL_LOCKED',
          `The local warehouse file ${path} is in use by another process (pid ${lock[2]}). DuckDB allows one writer: stop that process, or let the CLI talk to it through its server (${'<dataDir>'}/server.json).`,
          { cause: err },
        );
      }
      throw new WarehouseError('LOCAL_OPEN', `Cannot open the local warehouse file ${path}: ${message}`, {
        cause: err,
      });
    }
    const conn = await instance.connect();
    return new DuckSession(instance, conn);
  }

  /** Runs `fn` with exclusive use of the connection. */
  exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed)
      return Promise.reject(new WarehouseError('LOCAL_CLOSED', 'The local warehouse is closed.'));
    const run = this.tail.then(() => fn(this.conn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Runs one DuckDB statement on an already-held connection, mapping errors to Snowflake's shape. */
  static async run(
    conn: DuckDBConnection,
    sql: string,
    binds: DuckDBValue[] = [],
    dml = false,
  ): Promise<StatementResult> {
    try {
      if (binds.length === 0) return await readResult(await conn.run(sql), dml);
      const prepared = await preparedFor(conn, sql);
      if (!prepared) return await readResult(await conn.run(sql, binds), dml);
      prepared.bind(binds);
      return await readResult(await prepared.run(), dml);
    } catch (err) {
      throw fromDuckDb(err);
    }
  }

  /** Serialized single statement. */
  run(sql: string, binds: DuckDBValue[] = [], dml = false): Promise<StatementResult> {
    return this.exclusive((conn) => DuckSession.run(conn, sql, binds, dml));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.tail;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
