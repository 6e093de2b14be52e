/**
 * The dashboard in headless Chromium against the real core (LocalWarehouse + LocalAgent): a pipeline built in
 * the local chat and approved with the page's button, a real FAILED run with its compensation, filters and
 * search, the self-refreshing list, Quick Setup field errors, and hostile names shown as text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, insertRows, startHarness } from '../integration/dashboard/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');
const HOSTILE = '<img src=x onerror=alert(1)>';

let h: Harness;
let browser: Browser;
const dialogs: string[] = [];
const cspViolations: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  // Hermetic: nothing leaves 127.0.0.1.
  await page.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

function writeCsv(bucketPath: string): void {
  const dir = join(h.storageDir, 's3', ...bucketPath.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'part-1.csv'), 'id,name,date\n1,ann,2024-01-01\n2,bob,2024-02-01\n');
}

/** Waits until the page shows exactly the thread's messages (same ids, same revisions) as the server holds. */
async function synced(page: Page): Promise<void> {
  const thread = new URL(page.url()).searchParams.get('thread');
  const user = await page.locator('#user').inputValue();
  const expected = async () => {
    const res = await fetch(`${h.url}/api/chat/threads/${thread}?user=${encodeURIComponent(user)}`);
    const body = (await res.json()) as { messages: { id: string; rev: number }[] };
    return body.messages.map((m) => `${m.id}:${m.rev}`).join(',');
  };
  const shown = () =>
    page
      .locator('#messages > li')
      .evaluateAll((lis) =>
        lis.map((li) => `${li.getAttribute('data-id')}:${li.getAttribute('data-rev')}`).join(','),
      );
  await expect.poll(async () => (await shown()) === (await expected()), { timeout: 60_000 }).toBe(true);
}

/** Sends one chat message with the keyboard (Enter) and waits until the bot's whole answer is on the page. */
async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('#messages > li.from-user').count();
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await expect
    .poll(() => page.locator('#messages > li.from-user').count(), { timeout: 60_000 })
    .toBe(before + 1);
  await h.core.idle();
  await synced(page);
}

/** Every visible form control has a label (accessible name from <label for>). */
async function unlabelledControls(page: Page): Promise<string[]> {
  // A string expression: the test compiles without the DOM library.
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !el.labels || el.labels.length === 0)
      .map((el) => el.outerHTML)`,
  );
}

beforeAll(async () => {
  h = await startHarness({ webChat: true, refreshIntervalMs: 1_000, cacheMs: 200 });
  writeCsv('acme-events/daily');
  writeCsv('acme-orders/daily');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('dashboard in Chromium', () => {
  let successId = '';
  let failedId = '';

  it('builds a pipeline in the local chat, approves it with the button and shows SUCCESS', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/chat`);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.fill('#user', 'alice');
    await say(
      page,
      'I have CSV files in s3://acme-events/daily/ with columns id, name, date, role arn:aws:iam::123456789012:role/x',
    );
    // The local agent asks whether the files have a header row.
    if ((await page.locator('.plan button.approve').count()) === 0) await say(page, 'yes');
    const approve = page.locator('.plan button.approve').first();
    await expect.poll(() => approve.count(), { timeout: 60_000 }).toBe(1);
    successId = (await approve.getAttribute('data-pipeline')) ?? '';
    expect(successId).toMatch(/^P-[0-9a-f]{12}$/);

    // Keyboard-usable: focus the button and press Enter.
    await approve.focus();
    await page.keyboard.press('Enter');
    const result = page.locator('.result .status-success');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toBe('SUCCESS');
    // The plan card now shows the decision and no buttons.
    await expect
      .poll(() => page.locator(`.plan[data-pipeline="${successId}"] .decision`).textContent())
      .toMatch(/Approved by local:alice/);
    expect(await page.locator(`.plan[data-pipeline="${successId}"] button`).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-chat.png'), fullPage: true });

    await page.goto(`${h.url}/`);
    const row = page.locator('table.pipelines tbody tr', { has: page.locator(`a:text-is("${successId}")`) });
    await expect.poll(() => row.locator('.status').textContent()).toBe('SUCCESS');
    expect(await row.textContent()).toContain('ACME_EVENTS_DAILY_EXT');
    expect(await row.textContent()).toContain('approved by local:alice');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-list.png'), fullPage: true });

    await row.locator('a').first().click();
    await page.waitForURL(`**/pipelines/${successId}`);
    expect(await page.locator('h1').textContent()).toContain(successId);
    expect(await page.locator('.status-line .status').textContent()).toBe('SUCCESS');
    expect(await page.locator('article.statement').count()).toBe(4);
    expect(await page.locator('article.statement .outcome-ok').count()).toBe(4);
    expect(await page.locator('article.statement pre.sql').first().textContent()).toContain(
      'CREATE STORAGE INTEGRATION',
    );
    expect(await page.locator('#trust-heading').textContent()).toBe('Cloud trust steps');
    expect(await page.locator('section:has(#trust-heading)').textContent()).toContain(
      'arn:aws:iam::123456789012:role/x',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-detail.png'), fullPage: true });
    await page.close();
  });

  it('shows a FAILED run with its error and compensation', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/chat`);
    await page.fill('#user', 'bob');
    await say(
      page,
      'CSV files with a header in s3://acme-orders/daily/ with columns id, name, date, role arn:aws:iam::123456789012:role/y',
    );
    if ((await page.locator('.plan button.approve').count()) === 0) await say(page, 'yes');
    const approve = page.locator('.plan button.approve').first();
    await expect.poll(() => approve.count(), { timeout: 60_000 }).toBe(1);
    failedId = (await approve.getAttribute('data-pipeline')) ?? '';
    // Something else takes the table's name between the proposal and the approval.
    await h.warehouse.execute('CREATE TABLE LEILA_APP.PUBLIC.ACME_ORDERS_DAILY_EXT (ID NUMBER)');
    await approve.click();
    await page.locator('.result .status-failed').waitFor({ timeout: 60_000 });

    await page.goto(`${h.url}/pipelines/${failedId}`);
    expect(await page.locator('.status-line .status').textContent()).toBe('FAILED');
    expect(await page.locator('.callout-failed').textContent()).toMatch(/already exists/);
    expect(await page.locator('article.statement .outcome-failed').count()).toBe(1);
    const compensation = await page.locator('section:has(#compensation-heading)').textContent();
    expect(compensation).toContain('dropped Stage ACME_ORDERS_DAILY_STAGE');
    expect(compensation).toContain('dropped File format ACME_ORDERS_DAILY_CSV_FORMAT');
    expect(await page.locator('table.log tbody tr').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failed.png'), fullPage: true });
    await page.close();
  });

  it('filters, searches, pages and refreshes itself keeping the filters', async () => {
    await insertRows(
      h.warehouse,
      Array.from({ length: 60 }, (_, i) => ({
        id: `P-seed${String(i).padStart(4, '0')}`,
        status: i % 2 ? 'REJECTED' : 'EXPIRED',
        createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        table: `SEED_TABLE_${i}`,
      })),
    );
    const page = await newPage();
    await page.goto(`${h.url}/`);
    await page.selectOption('#status', 'FAILED');
    await page.click('button:text("Apply filters")');
    await page.waitForURL(/status=FAILED/);
    const statuses = await page.locator('table.pipelines tbody .status').allTextContents();
    expect(statuses).toEqual(['FAILED']);
    expect(await page.locator('table.pipelines tbody').textContent()).toContain(failedId);

    await page.selectOption('#status', '');
    await page.fill('#q', 'seed_table_4');
    await page.click('button:text("Apply filters")');
    await page.waitForURL(/q=seed_table_4/);
    // SEED_TABLE_4 and SEED_TABLE_40…49: 11 rows.
    expect(await page.locator('table.pipelines tbody tr').count()).toBe(11);
    expect(await page.locator('#results-summary').textContent()).toContain('of 11 pipelines');

    // Pagination: 62 rows, 25 per page → 3 pages; "Next" keeps the filters.
    await page.goto(`${h.url}/?status=REJECTED`);
    expect(await page.locator('.page-of').textContent()).toBe('Page 1 of 2');
    await page.click('a[rel=next]');
    await page.waitForURL(/offset=25/);
    expect(page.url()).toContain('status=REJECTED');
    expect(await page.locator('table.pipelines tbody tr').count()).toBe(5);

    // A new matching row appears without navigation, and the filter and page stay as they were.
    await page.goto(`${h.url}/?status=REJECTED&q=late`);
    expect(await page.locator('table.pipelines tbody tr').count()).toBe(0);
    await insertRows(h.warehouse, [
      { id: 'P-late0001', status: 'REJECTED', createdAt: new Date().toISOString(), table: 'LATE_TABLE' },
    ]);
    await page.locator('a:text-is("P-late0001")').waitFor({ timeout: 60_000 });
    expect(page.url()).toContain('status=REJECTED&q=late');
    expect(await page.locator('#status').inputValue()).toBe('REJECTED');
    expect(await page.locator('#q').inputValue()).toBe('late');
    await page.close();
  });

  it('shows Quick Setup field errors next to the fields, then proposes the plan in a chat thread', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/setup`);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.fill('#user', 'carol');
    await page.fill('#location', 's3://acme-setup/in/');
    await page.fill('#columns', 'id NUMBER, label VARCHAR');
    await page.click('button:text("Propose the plan")');
    const roleError = page.locator('#awsRoleArn-error');
    await roleError.waitFor();
    expect(await roleError.textContent()).toContain('IAM role');
    expect(await page.locator('#awsRoleArn').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#awsRoleArn').getAttribute('aria-describedby')).toContain('awsRoleArn-error');
    expect(await page.locator('#location').inputValue()).toBe('s3://acme-setup/in/');

    await page.fill('#awsRoleArn', 'arn:aws:iam::123456789012:role/setup');
    await page.click('button:text("Propose the plan")');
    await page.waitForURL(/\/chat\?thread=setup-/);
    await page.locator('.plan button.approve').waitFor();
    expect(await page.locator('.plan').textContent()).toContain('ACME_SETUP');
    expect(await page.locator('#user').inputValue()).toBe('carol');
    await page.close();
  });

  it('shows HTML-laden names and chat text as text, and runs no injected script', async () => {
    await insertRows(h.warehouse, [
      {
        id: 'P-hostile01',
        status: 'FAILED',
        createdAt: new Date().toISOString(),
        table: HOSTILE,
        requestedBy: `local:${HOSTILE}`,
        statements: [
          {
            kind: 'EXTERNAL_TABLE',
            name: HOSTILE,
            sql: `CREATE EXTERNAL TABLE x -- <script>alert(2)</script>`,
            change: 'new',
          },
        ],
        log: [
          {
            index: 0,
            kind: 'EXTERNAL_TABLE',
            name: HOSTILE,
            sql: 'x',
            started_at: new Date().toISOString(),
            ms: 3,
            ok: false,
            error: { code: '1', state: '', message: `boom ${HOSTILE}` },
            query_id: null,
          },
        ],
      },
    ]);
    const page = await newPage();
    await page.goto(`${h.url}/?q=${encodeURIComponent('onerror')}`);
    const row = page.locator('table.pipelines tbody tr').first();
    expect(await row.textContent()).toContain(HOSTILE);
    expect(await page.locator('table.pipelines img').count()).toBe(0);

    await page.goto(`${h.url}/pipelines/P-hostile01`);
    expect(await page.locator('.callout-failed').textContent()).toContain(`boom ${HOSTILE}`);
    expect(await page.locator('pre.sql').first().textContent()).toContain('<script>alert(2)</script>');
    expect(await page.locator('main img, main script').count()).toBe(0);

    await page.goto(`${h.url}/chat`);
    await page.fill('#user', 'mallory');
    await say(page, `<script>alert(3)</script> ${HOSTILE}`);
    const mine = page.locator('#messages > li.from-user').last();
    expect(await mine.textContent()).toContain(`<script>alert(3)</script> ${HOSTILE}`);
    expect(await page.locator('#messages img, #messages script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });
});
