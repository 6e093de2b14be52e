/** A Warehouse wrapper that counts the statements reaching the warehouse, by first word and by table touched. */
import type { ProcedureName, Warehouse } from '../../bot/core/contracts.js';

export class CountingWarehouse implements Warehouse {
  readonly statements: string[] = [];
  constructor(private readonly inner: Warehouse) {}

  query<T = Record<string, unknown>>(sql: string, binds?: unknown[]): Promise<T[]> {
    this.statements.push(sql);
    return this.inner.query<T>(sql, binds);
  }
  execute(sql: string, binds?: unknown[]) {
    this.statements.push(sql);
    return this.inner.execute(sql, binds);
  }
  call(procedure: ProcedureName, args: unknown[]) {
    this.statements.push(`CALL ${procedure}`);
    return this.inner.call(procedure, args);
  }
  close() {
    return this.inner.close();
  }

  count(match: (sql: string) => boolean): number {
    return this.statements.filter(match).length;
  }
  reset(): void {
    this.statements.length = 0;
  }
}
