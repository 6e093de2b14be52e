/**
 * `dea`: the command users and scripts rely on (docs/cli.md). Each subcommand loads its module only when it
 * runs, so `dea --help` and `dea validate` stay fast. Exit status: 0 ok, 1 bad input or refused, 2 internal error.
 */
import { Command, CommanderError } from 'commander';
import type { CommandResult } from './commands/io.js';
import { ConfigError } from './config/load.js';

function emit(result: CommandResult): void {
  if (result.output)
    process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  if (result.error) process.stderr.write(result.error.endsWith('\n') ? result.error : `${result.error}\n`);
  process.exitCode = result.exitCode;
}

/** Runs one command action, turning known failures into exit codes and never printing a stack for bad input. */
async function run(action: () => Promise<CommandResult | undefined>): Promise<void> {
  try {
    const result = await action();
    if (result) emit(result);
  } catch (err) {
    if (err instanceof ConfigError) {
      emit({ exitCode: 1, output: '', error: err.message });
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    emit({ exitCode: 2, output: '', error: `dea: internal error: ${message}` });
    if (process.env.DEA_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
}

export function buildProgram(): Command {
  const program = new Command('dea')
    .description('data-engineer-agent: build Snowflake ingestion pipelines from Slack or Microsoft Teams')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('run the bot: HTTP server, dashboard, Slack/Teams channels, agent and warehouse')
    .option(
      '--check',
      'load the configuration and the modules, print the mode, and exit (used by the image build test)',
    )
    .action((opts: { check?: boolean }) =>
      run(async () => (await import('./commands/start.js')).runStart({ check: opts.check === true })),
    );

  program
    .command('relay')
    .description('run the Teams relay: verify Bot Framework requests and forward them to the service in SPCS')
    .action(() => run(async () => (await import('./commands/relay.js')).runRelay()));

  program
    .command('chat')
    .description('talk to the bot from the terminal: one turn with MESSAGE, or a REPL without')
    .argument('[message...]', 'the message; omit it for an interactive session')
    .option('--thread <id>', 'continue this conversation (a later call with the same id continues it)')
    .option('--user <id>', 'who is speaking (local user id)', process.env.USER ?? 'local-user')
    .option('--json', 'print one JSON object per bot message')
    .action((message: string[], opts: { thread?: string; user: string; json?: boolean }) =>
      run(async () =>
        (await import('./commands/chat.js')).runChat({
          message: message.join(' '),
          thread: opts.thread,
          user: opts.user,
          json: opts.json === true,
        }),
      ),
    );

  for (const verb of ['approve', 'reject'] as const) {
    const cmd = program
      .command(`${verb} <id>`)
      .description(
        verb === 'approve'
          ? 'approve a proposed pipeline as a button click would (same authorization and exactly-once rules)'
          : 'reject a proposed pipeline',
      )
      .requiredOption('--user <id>', 'who decides (local user id; checked against DEA_APPROVERS)');
    if (verb === 'reject') cmd.option('--reason <text>', 'why it is rejected');
    cmd.action((id: string, opts: { user: string; reason?: string }) =>
      run(async () =>
        (await import('./commands/decide.js')).runDecide({ verb, id, user: opts.user, reason: opts.reason }),
      ),
    );
  }

  program
    .command('retire <id>')
    .description(
      'propose a plan that drops what pipeline <id> created and no other live pipeline uses; approve it with dea approve',
    )
    .requiredOption('--user <id>', 'who asks (local user id); an approver other than them runs the plan')
    .option('--thread <id>', 'post the plan in this conversation')
    .action((id: string, opts: { user: string; thread?: string }) =>
      run(async () =>
        (await import('./commands/retire.js')).runRetire({ id, user: opts.user, thread: opts.thread }),
      ),
    );

  program
    .command('validate')
    .description('parse DDL statements (separated by ;) and report each one; exit 1 if any is refused')
    .argument('[files...]', 'files to read; - or nothing reads standard input')
    .option('--json', 'print {"statements": [{index, kind, name, ok, error?}]}')
    .action((files: string[], opts: { json?: boolean }) =>
      run(async () =>
        (await import('./commands/validateCli.js')).runValidateCli(files, { json: opts.json === true }),
      ),
    );

  program
    .command('generate')
    .description('run one generator and print its DDL')
    .argument('<kind>', 'integration | format | stage | table')
    .requiredOption('--json <input>', 'the generator input as JSON (see README: Generators)')
    .action((kind: string, opts: { json: string }) =>
      run(async () => (await import('./commands/generateCli.js')).runGenerateCli(kind, opts.json)),
    );

  const sql = program
    .command('sql')
    .description(
      'print the SQL to install (setup | procedures | agent | spcs), or run one statement with `sql exec`',
    )
    .argument('[part]', 'setup | procedures | agent | spcs (default: all, in install order)')
    .option(
      '--database <name>',
      'database of the tracker and procedures (default: SNOWFLAKE_DATABASE or LEILA_APP)',
    )
    .option('--schema <name>', 'schema of the tracker and procedures (default: SNOWFLAKE_SCHEMA or PUBLIC)')
    .option('--warehouse <name>', 'warehouse (default: SNOWFLAKE_WAREHOUSE or LEILAAPP)')
    .option('--agent <db.schema.name>', 'the Cortex agent object (default: CORTEX_AGENT)')
    .action(
      (
        part: string | undefined,
        opts: { database?: string; schema?: string; warehouse?: string; agent?: string },
      ) => run(async () => (await import('./commands/sqlPrint.js')).runSqlPrint(part, opts)),
    );
  sql
    .command('exec')
    .description('run one statement on the configured warehouse (local or Snowflake)')
    .argument('<statement>', 'the SQL statement')
    .option('--json', 'print {"columns": [...], "rows": [{...}]}')
    .action((statement: string, opts: { json?: boolean }) =>
      run(async () =>
        (await import('./commands/sqlExec.js')).runSqlExec(statement, { json: opts.json === true }),
      ),
    );

  const tracker = program.command('tracker').description('read the pipeline tracker');
  tracker
    .command('list')
    .description('list pipelines, newest first')
    .option('--status <status>', 'only this status (PROPOSED, REJECTED, EXPIRED, EXECUTING, SUCCESS, FAILED)')
    .option('--limit <n>', 'at most this many rows', '50')
    .option('--json', 'print rows with the tracker column names')
    .action((opts: { status?: string; limit: string; json?: boolean }) =>
      run(async () =>
        (await import('./commands/tracker.js')).runTrackerList({
          status: opts.status,
          limit: opts.limit,
          json: opts.json === true,
        }),
      ),
    );
  tracker
    .command('show <id>')
    .description('show one pipeline with its statements and execution log')
    .option('--json', 'print the row with the tracker column names')
    .action((id: string, opts: { json?: boolean }) =>
      run(async () =>
        (await import('./commands/tracker.js')).runTrackerShow(id, { json: opts.json === true }),
      ),
    );

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with code 0; usage errors are bad input.
      process.exitCode = err.exitCode === 0 ? 0 : 1;
      return;
    }
    throw err;
  }
}

await main(process.argv);
