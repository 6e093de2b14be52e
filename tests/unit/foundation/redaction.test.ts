import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/log/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'trace', destination, pretty: false });
  return { logger, text: () => lines.join('') };
}

const SECRETS = {
  slackBot: 'xoxb-1234-5678-abcdefSECRET',
  slackApp: 'xapp-1-A111-222-SECRETAPP',
  pem: '-----BEGIN PRIVATE KEY-----\nMIIEvSECRETKEYMATERIAL\n-----END PRIVATE KEY-----',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJTRUNSRVQifQ.c2lnbmF0dXJlU0VDUkVU',
  password: 'hunter2-SECRET',
  snowflakeToken: 'ver:1-hint:SECRETSESSION',
};

describe('log redaction', () => {
  it('removes secrets by key name at any depth', () => {
    const { logger, text } = capture();
    logger.info(
      {
        config: { slack: { botToken: SECRETS.slackBot, signingSecret: 'abcdef0123SECRET' } },
        headers: { authorization: `Bearer ${SECRETS.jwt}`, 'X-Dea-Bot-Authorization': SECRETS.jwt },
        list: [{ password: SECRETS.password }, { privateKey: SECRETS.pem }],
        SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'SECRETPASS',
      },
      'starting',
    );
    const out = text();
    expect(out).not.toMatch(/SECRET/);
    expect(out).toContain('[REDACTED]');
    expect(JSON.parse(out).msg).toBe('starting');
  });

  it('removes secrets that leak into free text, messages and errors', () => {
    const { logger, text } = capture();
    const err = new Error(
      `request failed: Authorization: Snowflake Token="${SECRETS.snowflakeToken}" with ${SECRETS.slackBot}`,
    );
    logger.error({ err }, `could not post with ${SECRETS.slackApp}`);
    logger.warn(`key was ${SECRETS.pem}`);
    logger.info({ url: `https://x.test/cb?token=${SECRETS.password}&a=1` }, 'callback');
    const out = text();
    expect(out).not.toMatch(/SECRET/);
    expect(out).toContain('request failed');
    expect(out).toContain('a=1');
  });

  it('keeps ordinary fields intact', () => {
    const { logger, text } = capture();
    logger.info({ pipelineId: 'P-1', tokens: 12, statements: 4, user: 'slack:U1' }, 'ok');
    const row = JSON.parse(text());
    expect(row).toMatchObject({ pipelineId: 'P-1', statements: 4, user: 'slack:U1', level: 'info' });
  });
});
