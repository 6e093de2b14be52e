/** The parent side of bench/child/fakeSlackApi.ts: where the out-of-process fake Slack Web API listens. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SlackApiEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startRemoteSlackApi(): Promise<SlackApiEndpoint> {
  const child = fork(fileURLToPath(new URL('../child/fakeSlackApi.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake Slack API exited with ${code}`)));
  });
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send('exit');
      await exited;
    },
  };
}
