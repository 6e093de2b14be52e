import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  AGENT_TOOLS,
  type CortexSchema,
  MAX_SPEC_BYTES,
  renderAgentSpecYaml,
  renderAgentSql,
  toCortexSchema,
  toolSpecName,
} from '../../../../adapters/cortex/agentSpec.js';
import { AGENT_SQL_PATH } from '../../../../adapters/cortex/writeAgentSql.js';
import { GENERATOR_TOOLS } from '../../../../procedures/names.js';

// The documented ToolInputSchema fields (Cortex Agents REST API reference); `enum` is not one of them.
const ALLOWED_KEYS = new Set(['type', 'description', 'properties', 'items', 'required']);

function specOf(sql: string): Record<string, unknown> {
  const m = /FROM SPECIFICATION\n\$\$\n([\s\S]*?)\$\$;/.exec(sql);
  if (!m?.[1]) throw new Error('no specification in the SQL');
  return parse(m[1]) as Record<string, unknown>;
}

function keysDeep(s: CortexSchema, out: Set<string> = new Set()): Set<string> {
  for (const k of Object.keys(s)) out.add(k);
  for (const p of Object.values(s.properties ?? {})) keysDeep(p, out);
  if (s.items) keysDeep(s.items, out);
  return out;
}

interface Spec {
  models: { orchestration: string };
  orchestration: { budget: { seconds: number; tokens: number } };
  instructions: { orchestration: string; response: string };
  tools: { tool_spec: { type: string; name: string; description: string; input_schema: CortexSchema } }[];
  tool_resources: Record<
    string,
    { type: string; identifier: string; execution_environment: Record<string, string> }
  >;
}

describe('sql/agent.sql', () => {
  it('is up to date with renderAgentSql() (regenerate with npx tsx adapters/cortex/writeAgentSql.ts)', () => {
    expect(readFileSync(AGENT_SQL_PATH, 'utf8')).toBe(renderAgentSql());
  });

  it('creates the agent with the default names, budget and auto model', () => {
    const sql = renderAgentSql();
    expect(sql).toContain('CREATE OR REPLACE AGENT LEILA_APP.PUBLIC.DATA_ENGINEER_AGENT\n');
    const spec = specOf(sql) as unknown as Spec;
    expect(spec.models).toEqual({ orchestration: 'auto' });
    expect(spec.orchestration.budget).toEqual({ seconds: 900, tokens: 400_000 });
    expect(spec.instructions.orchestration).toMatch(/integration.*format.*stage.*table/s);
    expect(spec.instructions.response).toMatch(/Never claim/);
  });

  it('keeps the YAML specification under 100,000 bytes', () => {
    const bytes = Buffer.byteLength(renderAgentSpecYaml(), 'utf8');
    expect(bytes).toBeLessThan(MAX_SPEC_BYTES);
  });

  it('offers exactly the four generator procedures as tools, never EXECUTE_DDL_AND_TRACK', () => {
    const spec = specOf(renderAgentSql()) as unknown as Spec;
    expect(spec.tools.map((t) => t.tool_spec.name)).toEqual(GENERATOR_TOOLS.map((t) => t.toLowerCase()));
    expect(Object.keys(spec.tool_resources)).toEqual(GENERATOR_TOOLS.map((t) => t.toLowerCase()));
    for (const tool of GENERATOR_TOOLS) {
      expect(spec.tool_resources[toolSpecName(tool)]).toEqual({
        type: 'procedure',
        identifier: `LEILA_APP.PUBLIC.${tool}`,
        execution_environment: { type: 'warehouse', warehouse: 'LEILAAPP' },
      });
    }
    const specText = JSON.stringify(spec);
    expect(specText).not.toMatch(/execute_ddl_and_track/i);
    expect(renderAgentSql()).toMatch(/EXECUTE_DDL_AND_TRACK is deliberately NOT a tool/);
  });

  it.each(GENERATOR_TOOLS)(
    '%s: input_schema properties and required equal the procedure arguments',
    (tool) => {
      const spec = specOf(renderAgentSql()) as unknown as Spec;
      const t = spec.tools.find((x) => x.tool_spec.name === toolSpecName(tool));
      const schema = t?.tool_spec.input_schema as CortexSchema;
      const args = AGENT_TOOLS[tool].args;
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(
        args.map((a) => a.name.toLowerCase()).sort(),
      );
      expect([...(schema.required ?? [])].sort()).toEqual(
        args
          .filter((a) => a.required)
          .map((a) => a.name.toLowerCase())
          .sort(),
      );
      for (const k of keysDeep(schema)) expect(ALLOWED_KEYS.has(k)).toBe(true);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        expect(prop.description, `${tool}.${name} has a description`).toBeTruthy();
      }
    },
  );

  it('renders other names and grants the bot role what it needs', () => {
    const sql = renderAgentSql({
      database: 'ops',
      schema: 'agents',
      name: 'dea',
      warehouse: 'wh_xs',
      botRole: 'bot',
    });
    expect(sql).toContain('CREATE OR REPLACE AGENT OPS.AGENTS.DEA\n');
    expect(sql).toContain('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE BOT;');
    expect(sql).toContain('GRANT USAGE ON AGENT OPS.AGENTS.DEA TO ROLE BOT;');
    expect(sql).toContain('GRANT USAGE ON WAREHOUSE WH_XS TO ROLE BOT;');
    const stageTypes = AGENT_TOOLS.GENERATE_EXTERNAL_STAGE_DDL.args.map((a) => a.sqlType).join(', ');
    expect(sql).toContain(
      `GRANT USAGE ON PROCEDURE OPS.AGENTS.GENERATE_EXTERNAL_STAGE_DDL(${stageTypes}) TO ROLE BOT;`,
    );
    const spec = specOf(sql) as unknown as Spec;
    expect(spec.tool_resources['generate_file_format_ddl']?.identifier).toBe(
      'OPS.AGENTS.GENERATE_FILE_FORMAT_DDL',
    );
    expect(spec.tool_resources['generate_file_format_ddl']?.execution_environment['warehouse']).toBe('WH_XS');
  });

  it('refuses names that would need quoting, and escapes the comment', () => {
    expect(() => renderAgentSql({ database: 'my db' })).toThrow(/plain identifier/);
    expect(() => renderAgentSql({ name: 'x"; DROP' })).toThrow(/plain identifier/);
    expect(renderAgentSql({ comment: "Leila's agent" })).toContain("COMMENT = 'Leila''s agent'");
  });
});

describe('toCortexSchema', () => {
  it('keeps only the documented Cortex keys, writes allowed values into descriptions, maps integer and unions', () => {
    expect(
      toCortexSchema({
        type: 'object',
        properties: {
          n: { type: 'integer', description: 'count' },
          acl: { type: 'string', const: 'x' },
          mixed: { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'position or name' },
          kind: {
            anyOf: [
              { type: 'string', enum: ['A'] },
              { type: 'string', enum: ['B'] },
            ],
          },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['n'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        n: { type: 'number', description: 'count' },
        acl: { type: 'string', description: 'One of: `x`.' },
        mixed: { description: 'position or name. Accepts a number or a string.' },
        kind: { type: 'string', description: 'One of: `A`, `B`.' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['n'],
    });
  });
});
