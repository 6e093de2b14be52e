import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../bot/log/logger.js';

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

describe('log redaction: issue 16 point 8', () => {
  it('removes secrets from SQL text, form bodies, JSON bodies and environment-style assignments', () => {
    const { logger, text } = capture();
    const pat = 'eyJraWQiOiJQQVRTRUNSRVQiLCJhbGciOiJFUzI1NiJ9.eyJwIjoiUEFUU0VDUkVUIn0.UEFUUzNLUklUc2ln';
    logger.warn(
      [
        "CREATE STAGE s URL = 's3://b/' CREDENTIALS = (AWS_KEY_ID = 'AKIAS3KRIT' AWS_SECRET_KEY = 'wJalr''S3KRIT/K7')",
        "ENCRYPTION = (TYPE = 'AWS_SSE_KMS' MASTER_KEY = 'S3KRITmaster==')",
        "CREDENTIALS = (AZURE_SAS_TOKEN = '?sv=2020-08-04&sig=S3KRITSIG')",
        'token endpoint said: grant_type=client_credentials&client_secret=S3KRITclient&scope=x',
        'password=S3KRITpass user=bob',
        'refresh_token=1//S3KRITrefresh&client_id=abc',
        'client_assertion=S3KRITassertion',
        '{"access_token":"S3KRITaccess","token_type":"Bearer","refresh_token":"S3KRITr"}',
        `SNOWFLAKE_TOKEN=${pat}`,
        `a programmatic access token ${pat} was refused`,
      ].join('\n'),
    );
    const out = text();
    expect(out).not.toMatch(/S3KRIT/);
    expect(out).not.toContain(pat);
    expect(out).toContain('[REDACTED]');
    // What is not secret stays readable.
    expect(out).toContain("URL = 's3://b/'");
    expect(out).toContain('user=bob');
    expect(out).toContain('client_id=abc');
  });

  it('removes values of AWS and OAuth key names', () => {
    const { logger, text } = capture();
    logger.info(
      {
        aws: { aws_secret_access_key: 'S3KRIT1', awsSecretAccessKey: 'S3KRIT2', aws_key_id: 'S3KRIT3' },
        oauth: { assertion: 'S3KRIT4', client_secret: 'S3KRIT5', refresh_token: 'S3KRIT6' },
        azure: { sas_token: 'S3KRIT7', master_key: 'S3KRIT8' },
        name: 'visible-name',
      },
      'keys',
    );
    const out = text();
    expect(out).not.toMatch(/S3KRIT/);
    expect(out).toContain('visible-name');
  });

  it('keeps ordinary sentences that mention tokens', () => {
    const { logger, text } = capture();
    logger.info('Invalid token: expired; the password field is empty');
    expect(text()).toContain('Invalid token: expired; the password field is empty');
  });
});
