import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENV_VARIABLES } from '../../../bot/config/schema.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Memory as the specification reference writes it: a number with a binary unit (Mi, Gi). `512M` / `1G` are
 * decimal units the reference's examples do not use.
 */
const MEMORY = /^\d+(Mi|Gi)$/;

/** The SPCS specification fields this project uses (docs: "Service specification reference"). */
const specSchema = z.strictObject({
  spec: z.strictObject({
    containers: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z][a-z0-9-]*$/),
          image: z.string().regex(/^\/[a-z0-9_]+\/[a-z0-9_]+\/[a-z0-9_]+\/[a-z0-9._-]+:[A-Za-z0-9._-]+$/),
          env: z.record(z.string(), z.string()),
          secrets: z
            .array(
              z.strictObject({
                snowflakeSecret: z.strictObject({
                  objectName: z.string().regex(/^[a-z_]+\.[a-z_]+\.[a-z_]+$/),
                }),
                secretKeyRef: z.enum(['secret_string', 'username', 'password']),
                envVarName: z.string(),
              }),
            )
            .optional(),
          readinessProbe: z.strictObject({ port: z.number().int(), path: z.string().startsWith('/') }),
          resources: z.strictObject({
            requests: z.strictObject({ memory: z.string().regex(MEMORY), cpu: z.number() }),
            limits: z.strictObject({ memory: z.string().regex(MEMORY), cpu: z.number() }),
          }),
        }),
      )
      .min(1),
    endpoints: z.array(
      z.strictObject({
        name: z.string(),
        port: z.number().int(),
        public: z.boolean(),
        protocol: z.enum(['HTTP', 'TCP', 'UDP']),
      }),
    ),
  }),
  serviceRoles: z
    .array(z.strictObject({ name: z.string(), endpoints: z.array(z.string()).min(1) }))
    .optional(),
});

describe('spec.yaml', () => {
  const spec = specSchema.parse(parse(readFileSync(`${root}spec.yaml`, 'utf8')));
  const bot = spec.spec.containers[0]!;

  it('sets only environment variables the config schema knows', () => {
    const known = new Set<string>(ENV_VARIABLES);
    const names = [...Object.keys(bot.env), ...(bot.secrets ?? []).map((s) => s.envVarName)];
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  it('probes readiness on the port the bot listens on, and exposes the dashboard', () => {
    expect(bot.readinessProbe).toEqual({ port: Number(bot.env.PORT), path: '/readyz' });
    expect(bot.env.HOST).toBe('0.0.0.0');
    expect(spec.spec.endpoints).toContainEqual({
      name: 'dashboard',
      port: Number(bot.env.PORT),
      public: true,
      protocol: 'HTTP',
    });
  });

  it('gives the Teams endpoint its own port and a service role scoped to it alone', () => {
    const teamsPort = Number(bot.env.DEA_TEAMS_PORT);
    expect(spec.spec.endpoints).toContainEqual({
      name: 'teams',
      port: teamsPort,
      public: true,
      protocol: 'HTTP',
    });
    expect(teamsPort).not.toBe(Number(bot.env.PORT));
    expect(spec.serviceRoles).toEqual([{ name: 'teams_relay', endpoints: ['teams'] }]);
  });

  it('reads Slack tokens from Snowflake secrets that spcs.sql creates', () => {
    const spcs = readFileSync(`${root}sql/spcs.sql`, 'utf8');
    for (const s of bot.secrets ?? []) {
      const object = s.snowflakeSecret.objectName.split('.').pop()!.toUpperCase();
      expect(spcs).toContain(`CREATE SECRET IF NOT EXISTS ${object}`);
    }
  });
});
