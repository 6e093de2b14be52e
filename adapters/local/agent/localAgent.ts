/**
 * The embedded default agent (docs/local-mode.md): deterministic slot filling over the thread's messages. It emits the
 * same AgentEvents as the Cortex client — status, tool_use/tool_result per generator, text deltas, done — so the
 * bot core builds plans from its tool results exactly as it does in production.
 */
import type { Agent, AgentEvent, AgentTurn, Assumption, TableWishes } from '../../../bot/core/contracts.js';
import { agentEventSchema } from '../../../bot/core/contracts.js';
import type { ToolName } from '../../../procedures/names.js';
import type { GeneratedDdl, GeneratorResult } from '../../../procedures/result.js';
import { extractAccountWords } from './accountWords.js';
import { assumptionsFor } from './assumptions.js';
import { extractAll, hasFacts } from './extract/index.js';
import { emptyState, type Facts, infersColumns, type ThreadState } from './facts.js';
import { applyAccountWords, applyFindings, droppedCharacters } from './merge.js';
import { HELP_TEXT, nextMissing, question } from './questions.js';
import { repairFor } from './repair.js';
import { describeChanges, generatorErrorText, planSummary } from './replies.js';
import { InMemoryThreadStateStore, type ThreadStateStore, threadKey } from './stateStore.js';
import { buildToolCalls, type Placement } from './toolInputs.js';

/** Runs one generator; in production `warehouse.call(tool, args)`, in tests the pure generator. */
export type CallTool = (tool: ToolName, input: Record<string, unknown>) => Promise<unknown>;

export interface LocalAgentOptions {
  callTool: CallTool;
  store?: ThreadStateStore;
  defaults?: Placement;
}

class Aborted extends Error {}

export class LocalAgent implements Agent {
  readonly #callTool: CallTool;
  readonly #store: ThreadStateStore;
  readonly #defaults: Placement;

  constructor(options: LocalAgentOptions) {
    this.#callTool = options.callTool;
    this.#store = options.store ?? new InMemoryThreadStateStore();
    this.#defaults = { ...options.defaults };
  }

  async *run(turn: AgentTurn): AsyncIterable<AgentEvent> {
    try {
      for await (const event of this.#turn(turn)) yield agentEventSchema.parse(event);
    } catch (err) {
      if (err instanceof Aborted || turn.signal.aborted) {
        yield {
          type: 'error',
          code: 'aborted',
          message: 'The request was cancelled before it finished.',
          retryable: false,
        };
        return;
      }
      throw err;
    }
  }

  async *#turn(turn: AgentTurn): AsyncGenerator<AgentEvent> {
    const checkAbort = () => {
      if (turn.signal.aborted) throw new Aborted();
    };
    checkAbort();
    yield { type: 'status', text: 'Reading your message' };
    const key = threadKey(turn.thread);
    let state: ThreadState = (await this.#store.get(key)) ?? emptyState();
    checkAbort();

    const findings = extractAll(turn.text, state.pending);
    const lines: string[] = [];
    if (findings.intent === 'reset') {
      state = emptyState();
      await this.#store.delete(key);
      if (!hasFacts(findings)) {
        yield* this.#answer("OK, I cleared everything in this conversation. Let's start over.\n" + HELP_TEXT);
        return;
      }
      lines.push('Starting over.');
    }

    const account = extractAccountWords(turn.text);
    if (!hasFacts(findings) && !account) {
      yield* this.#answer(this.#noFactsReply(findings.intent, state));
      return;
    }

    const { facts, notes } = applyFindings(state.facts, findings);
    if (account) notes.push(...applyAccountWords(facts, account));
    notes.push(...droppedCharacters(turn.text, findings));
    const noted = describeChanges(state.facts, facts);
    if (noted) lines.push(noted);
    lines.push(...notes);
    const missing = nextMissing(facts);
    if (missing) {
      lines.push(question(missing, facts));
      checkAbort();
      await this.#store.set(key, { facts, pending: missing, plans: state.plans });
      yield* this.#answer(lines.join('\n'));
      return;
    }

    yield { type: 'status', text: 'Generating the DDL' };
    const calls = buildToolCalls(facts, this.#defaults);
    const generated: { tool: ToolName; ddl: GeneratedDdl }[] = [];
    const revision = state.plans + 1;
    for (const [i, call] of calls.entries()) {
      checkAbort();
      const id = `local-${revision}-${i + 1}`;
      yield { type: 'tool_use', id, tool: call.tool, input: call.input };
      let raw: unknown;
      try {
        raw = await abortable(this.#callTool(call.tool, call.input), turn.signal);
      } catch (err) {
        if (err instanceof Aborted) throw err;
        const message = err instanceof Error ? err.message : String(err);
        yield {
          type: 'tool_result',
          id,
          tool: call.tool,
          ok: false,
          output: { ok: false, error: { message, issues: [] } },
        };
        yield {
          type: 'error',
          code: 'tool_failed',
          message: `${call.tool} failed: ${message}`,
          retryable: true,
        };
        return;
      }
      const result = asGeneratorResult(raw);
      yield { type: 'tool_result', id, tool: call.tool, ok: result.ok, output: result };
      if (!result.ok) {
        const repair = repairFor(call.tool, result.error.issues, facts);
        const next: ThreadState = { facts: repair.facts, plans: state.plans };
        if (repair.slot) next.pending = repair.slot;
        checkAbort();
        await this.#store.set(key, next);
        yield* this.#answer(
          [
            ...lines,
            generatorErrorText(call.tool, result.error.message, result.error.issues, repair.ask),
          ].join('\n'),
        );
        return;
      }
      const { ok: _ok, ...ddl } = result;
      generated.push({ tool: call.tool, ddl });
    }
    checkAbort();
    await this.#store.set(key, { facts, plans: revision });
    const assumptions = assumptionsFor(facts);
    yield* this.#answer(
      [...lines, planSummary(facts, generated, revision), ...assumptions.map((a) => a.text)].join('\n'),
      tableWishes(facts),
      assumptions,
    );
  }

  #noFactsReply(intent: string | undefined, state: ThreadState): string {
    const missing = nextMissing(state.facts);
    const started = JSON.stringify(state.facts) !== JSON.stringify(emptyState().facts);
    const next = started && missing ? `\nNext: ${question(missing, state.facts)}` : '';
    if (intent === 'greeting' || intent === 'help') return HELP_TEXT + next;
    if (intent === 'thanks') return `You're welcome.${next}`;
    if (intent === 'start' && !state.pending) return question(missing ?? 'location', state.facts);
    if (state.pending) return `Sorry, I didn't catch that. ${question(state.pending, state.facts)}`;
    if (state.plans > 0) {
      return 'I did not find a change in that. Tell me what to change, e.g. "use | as delimiter", "add a column status", "call the table orders_ext", or say "start over".';
    }
    return `I did not find a storage location, format or columns in that.\n${HELP_TEXT}`;
  }

  /** Streams the answer line by line, as the Cortex client relays text deltas, then the full text. */
  *#answer(text: string, wishes?: TableWishes, assumptions: Assumption[] = []): Generator<AgentEvent> {
    const chunks = text.match(/[^\n]*\n|[^\n]+$/g) ?? [text];
    for (const delta of chunks) yield { type: 'text', delta };
    yield {
      type: 'done',
      text,
      ...(wishes ? { tableWishes: wishes } : {}),
      ...(assumptions.length > 0 ? { assumptions } : {}),
    };
  }
}

/** In the inference flow, what step 2 must keep: the table's name and the types the user fixed. */
function tableWishes(facts: Facts): TableWishes | undefined {
  if (!infersColumns(facts)) return undefined;
  const wishes: TableWishes = {};
  if (facts.names.table) wishes.name = facts.names.table;
  if (facts.typeOverrides && Object.keys(facts.typeOverrides).length > 0) wishes.types = facts.typeOverrides;
  return Object.keys(wishes).length > 0 ? wishes : undefined;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** A procedure's VARIANT may arrive as an object or as JSON text; anything else is reported, not trusted. */
function asGeneratorResult(raw: unknown): GeneratorResult {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, error: { message: 'the generator returned text that is not JSON', issues: [] } };
    }
  }
  const v = value as Partial<Record<string, unknown>> | null;
  if (
    v &&
    v['ok'] === true &&
    typeof v['ddl'] === 'string' &&
    typeof v['name'] === 'string' &&
    typeof v['kind'] === 'string'
  ) {
    return {
      ok: true,
      ddl: v['ddl'],
      kind: v['kind'] as GeneratedDdl['kind'],
      name: v['name'],
      warnings: Array.isArray(v['warnings'])
        ? v['warnings'].filter((w): w is string => typeof w === 'string')
        : [],
    };
  }
  if (v && v['ok'] === false && typeof v['error'] === 'object' && v['error'] !== null) {
    const e = v['error'] as { message?: unknown; issues?: unknown };
    const issues = Array.isArray(e.issues)
      ? e.issues
          .filter((i): i is { path: unknown; message: unknown } => typeof i === 'object' && i !== null)
          .map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }))
      : [];
    return {
      ok: false,
      error: { message: typeof e.message === 'string' ? e.message : 'invalid input', issues },
    };
  }
  return { ok: false, error: { message: 'the generator returned an unexpected result', issues: [] } };
}
