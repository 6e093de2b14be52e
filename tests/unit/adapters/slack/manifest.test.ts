/**
 * manifest.yaml against Slack's manifest rules, for the fields this app uses. The zod schema below follows Slack's
 * app manifest reference (https://docs.slack.dev/reference/app-manifest) and its published JSON Schema
 * (github.com/slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json): lengths, patterns, strict objects.
 * Then the scopes are checked against the code: exactly the scopes the Web API calls and events in adapters/slack
 * need, none missing and none unused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { SUGGESTED_PROMPTS } from '../../../../adapters/slack/assistant.js';
import { ROUTED_EVENTS } from '../../../../adapters/slack/events.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const url = z.string().regex(/^https?:\/\//);

const manifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().optional() }),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
    long_description: z.string().min(175).max(4000),
  }),
  features: z.strictObject({
    assistant_view: z.strictObject({
      assistant_description: z.string().min(1),
      suggested_prompts: z.array(z.strictObject({ title: z.string().min(1), message: z.string().min(1) })),
    }),
    app_home: z.strictObject({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().min(2).max(32).regex(/^\//),
          url: url.max(3000).optional(),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          should_escape: z.boolean(),
        }),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.strictObject({
    scopes: z.strictObject({ bot: z.array(z.string().max(50)).max(255) }),
  }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({
      request_url: url.max(3500).optional(),
      bot_events: z
        .array(z.string().max(50))
        .max(100)
        .refine((a) => new Set(a).size === a.length, 'bot_events must be unique'),
    }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url.optional() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

/** The bot-token scope each Web API method or event needs (each method's reference page, "Required scopes"). */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.startStream': ['chat:write'],
  'chat.appendStream': ['chat:write'],
  'chat.stopStream': ['chat:write'],
  filesUploadV2: ['files:write'],
  'usergroups.users.list': ['usergroups:read'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'assistant.threads.setStatus': ['assistant:write'],
  'assistant.threads.setSuggestedPrompts': ['assistant:write'],
  'assistant.threads.setTitle': ['assistant:write'],
  'views.open': [],
  'views.publish': [],
};
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  app_home_opened: [],
  assistant_thread_started: ['assistant:write'],
  assistant_thread_context_changed: ['assistant:write'],
};

/** The Slack adapter's source, with member chains joined (`web.usergroups.users\n  .list(` → `web.usergroups.users.list(`). */
function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n')
    .replace(/\s*\.\s*(?=[A-Za-z_])/g, '.');
}

describe('manifest.yaml', () => {
  const manifest = manifestSchema.parse(parse(readFileSync(`${root}manifest.yaml`, 'utf8')));

  it('is an Agents & AI Apps assistant with the assistant events and the prompts the bot offers', () => {
    expect(manifest.features.assistant_view.suggested_prompts).toEqual([...SUGGESTED_PROMPTS]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed']),
    );
    // assistant:write is only granted to apps with the assistant view.
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
  });

  it('requests exactly the scopes the code uses', () => {
    const code = sources(`${root}adapters/slack`);
    const used = new Set<string>(['commands']); // slash_commands in the manifest
    for (const [method, scopes] of Object.entries(METHOD_SCOPES)) {
      const [head, ...rest] = method.split('.');
      const called =
        method === 'filesUploadV2'
          ? /\.filesUploadV2\(/.test(code)
          : new RegExp(`\\.${[head, ...rest].join('\\.')}\\(`).test(code) ||
            // Bolt's Assistant helpers wrap the assistant.threads methods.
            (head === 'assistant' && new RegExp(`\\b${rest.at(-1)}\\(`).test(code));
      if (called) for (const s of scopes) used.add(s);
    }
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      const scopes = EVENT_SCOPES[event];
      if (!scopes) throw new Error(`manifest subscribes to ${event}, which no listener here knows`);
      for (const s of scopes) used.add(s);
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...used].sort());
    expect(manifest.oauth_config.scopes.bot).not.toContain('im:write');
    expect(manifest.oauth_config.scopes.bot).not.toContain('users:read');
  });

  it('subscribes only to events the code listens to', () => {
    const code = sources(`${root}adapters/slack`);
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      const name = event.startsWith('message.') ? 'message' : event;
      const listened =
        code.includes(`app.event('${name}'`) ||
        ROUTED_EVENTS.has(name) ||
        (event.startsWith('assistant_thread_') && code.includes('new Assistant('));
      expect(listened, event).toBe(true);
    }
  });
});
