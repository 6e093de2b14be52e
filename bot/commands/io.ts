/** What a command produces: the exit status (0 ok, 1 bad input or refused, 2 internal error) and its output. */
export interface CommandResult {
  exitCode: 0 | 1 | 2;
  output: string;
  /** Printed on stderr instead of stdout. */
  error?: string;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
