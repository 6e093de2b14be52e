/** Runs bench/relay.ts (written with the relay) in its own process when it exists, and folds in its JSON. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '../lib/result.js';

const SCRIPT = fileURLToPath(new URL('../relay.ts', import.meta.url));
const TIMEOUT_MS = 120_000;

export function relayAvailable(): boolean {
  return existsSync(SCRIPT);
}

/** Flattens `{ a: { b: 1 } }` to `{ a_b: 1 }` so the summary table can show it. */
function flatten(value: unknown, prefix = '', out: Record<string, number | string | null> = {}) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}_${k}` : k, out);
  } else if (typeof value === 'number' || typeof value === 'string' || value === null) {
    out[prefix] = value;
  }
  return out;
}

export async function relay(): Promise<CaseResult & { raw: unknown }> {
  const { stdout, code, stderr } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
    (resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--requests', '300'], {
        env: { ...process.env, LOG_LEVEL: 'silent', NO_PROXY: '127.0.0.1,localhost' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      child.stderr.on('data', (d) => {
        err = (err + String(d)).slice(-2_000);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve({ stdout: out, stderr: err, code: c });
      });
    },
  );
  const start = stdout.indexOf('{');
  if (code !== 0 || start < 0) throw new Error(`bench/relay.ts exited with ${code}: ${stderr.trim()}`);
  const raw = JSON.parse(stdout.slice(start)) as Record<string, unknown>;
  const metrics = flatten(raw);
  delete metrics.bench;
  delete metrics.unit;
  return {
    name: 'relay',
    title: 'Teams relay: added latency over a direct call to the ingress',
    metrics,
    targets: [],
    notes: ['from bench/relay.ts --requests 300 (its own process); times in ms'],
    durationMs: 0,
    raw,
  };
}
