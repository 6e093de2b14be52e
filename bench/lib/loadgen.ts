/** The parent side of bench/child/loadgen.ts. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BurstAnswer } from '../child/loadgen.js';

export class LoadGenerator {
  private nextTs = 1_950_000_000;
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const child = fork(fileURLToPath(new URL('../child/loadgen.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
    });
    return new LoadGenerator(child);
  }

  burst(url: string, concurrency: number): Promise<BurstAnswer> {
    const firstTs = this.nextTs;
    this.nextTs += concurrency;
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as BurstAnswer));
      this.child.send({ url, concurrency, firstTs });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send('exit');
    await exited;
  }
}
