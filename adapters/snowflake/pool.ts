/**
 * A small session pool over snowflake-sdk connections.
 *
 * Not `snowflake.createPool`: its factory reuses one options object for every member (an SPCS token read
 * once expires within the hour) and rethrows login failures as `new Error(message)`, dropping the error code
 * the retry policy needs. Here every new member gets freshly built options and login errors keep their codes.
 */

export interface PoolMember {
  isUp(): boolean;
}

export interface PoolFactory<C extends PoolMember> {
  create(): Promise<C>;
  destroy(member: C): Promise<void>;
}

interface Idle<C> {
  member: C;
  since: number;
}

interface Waiter<C> {
  resolve(member: C): void;
  reject(error: unknown): void;
}

export class SessionPool<C extends PoolMember> {
  private readonly idle: Idle<C>[] = [];
  private readonly waiters: Waiter<C>[] = [];
  private size = 0;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: PoolFactory<C>,
    private readonly max: number,
    private readonly idleTimeoutMs: number,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(idleTimeoutMs, 60_000)));
    this.sweeper.unref();
  }

  /** Sessions currently open (idle or lent out). */
  get open(): number {
    return this.size;
  }

  async acquire(): Promise<C> {
    if (this.closed) throw new Error('Snowflake session pool is closed');
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      if (entry.member.isUp()) return entry.member;
      await this.discard(entry.member);
    }
    if (this.size < this.max) return this.createMember();
    return new Promise<C>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Returns a member; `broken` members (lost session, cancelled statement) are destroyed instead. */
  release(member: C, broken = false): void {
    if (broken || this.closed || !member.isUp()) {
      void this.discard(member).then(() => this.serveWaiter());
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(member);
    else this.idle.push({ member, since: Date.now() });
  }

  /** Rejects waiters, then destroys every idle session; lent-out members are destroyed when released. */
  async drain(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('Snowflake session pool is closed'));
    await Promise.all(this.idle.splice(0).map((entry) => this.discard(entry.member)));
  }

  private async createMember(): Promise<C> {
    this.size += 1;
    try {
      return await this.factory.create();
    } catch (error) {
      this.size -= 1;
      // A waiter queued behind this attempt gets its own try rather than inheriting our failure.
      this.serveWaiter();
      throw error;
    }
  }

  private serveWaiter(): void {
    if (this.closed || this.size >= this.max) return;
    const waiter = this.waiters.shift();
    if (waiter) this.createMember().then(waiter.resolve, waiter.reject);
  }

  private async discard(member: C): Promise<void> {
    this.size -= 1;
    await this.factory.destroy(member).catch(() => undefined);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i]!;
      if (entry.since < cutoff) {
        this.idle.splice(i, 1);
        void this.discard(entry.member);
      }
    }
  }
}
