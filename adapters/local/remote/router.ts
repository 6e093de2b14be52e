/**
 * HTTP access to the running process's LocalWarehouse. DuckDB allows one writing process, so while `dea start`
 * holds the data file, `dea sql exec` and `dea tracker …` send their statements here. Every request must carry
 * the token from server.json (readable only by its owner); the comparison is constant-time.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import { WarehouseError } from '../../../bot/core/contracts.js';
import type { StatementResult } from '../warehouse/values.js';
import { type SqlAnswer, type SqlErrorAnswer, sqlRequestSchema, TOKEN_HEADER } from './protocol.js';

interface StatementRunnerLike {
  run(sql: string, binds?: unknown[]): Promise<StatementResult>;
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorBody(code: string, message: string, sqlState: string | null = null): SqlErrorAnswer {
  return { error: { code, sqlState, message } };
}

export function createWarehouseRouter(warehouse: StatementRunnerLike, opts: { token: string }): Router {
  if (opts.token.length < 16)
    throw new Error('createWarehouseRouter: the token must be at least 16 characters');
  const router = Router();
  router.use(express.json({ limit: '2mb' }));
  router.post('/sql', async (req: Request, res: Response) => {
    if (!tokenMatches(req.get(TOKEN_HEADER), opts.token)) {
      res.status(401).json(errorBody('LOCAL_AUTH', 'Missing or wrong X-Dea-Token.'));
      return;
    }
    const parsed = sqlRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res
        .status(400)
        .json(
          errorBody(
            'LOCAL_BAD_REQUEST',
            `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          ),
        );
      return;
    }
    try {
      const r = await warehouse.run(parsed.data.sql, parsed.data.binds);
      const answer: SqlAnswer = {
        columns: r.columns.map((c) => c.name),
        types: r.columns.map((c) => c.type),
        scales: r.columns.map((c) => c.scale ?? null),
        rows: r.rows,
        rowsAffected: r.rowsAffected,
      };
      res.json(answer);
    } catch (err) {
      if (err instanceof WarehouseError) {
        res.status(422).json(errorBody(err.code, err.message, err.sqlState ?? null));
        return;
      }
      res.status(500).json(errorBody('LOCAL_INTERNAL', err instanceof Error ? err.message : String(err)));
    }
  });
  return router;
}
