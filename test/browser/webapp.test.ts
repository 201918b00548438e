import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import {
  browserAvailable,
  launchBrowser,
  PASSWORD,
  SCREENSHOTS,
  startWebApp,
  type WebTestApp,
} from './harness.js';
import { foreignOnPage } from './i18n-check.js';
import { standInLabeler } from './labeler.js';
import { seedDesk } from './seed.js';

const TELEGRAM_SECRET = 'tg-webhook-secret-value-0042';
const run = browserAvailable() ? describe.each(DIALECTS) : describe.skip.each(DIALECTS);

run('the web app in headless Chromium on %s', (dialect) => {
  let app: WebTestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let target: number;
  let answeredBefore = 0;
  const shot = (name: string, fullPage = false) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  const db = () => app.ctx.db;
  const kpi = async (key: string) =>
    Number(
      ((await page.locator(`[data-testid=kpi-${key}] .kpi-value`).textContent()) ?? '').replace(/\D/g, ''),
    );

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startWebApp(dialect, {
      labeler: standInLabeler,
      env: { TYNDAU_TELEGRAM_SECRET: TELEGRAM_SECRET },
    });
    target = await seedDesk(app);
    await app.analytics();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs in', async () => {
    await page.goto(`${app.url}/login?lang=ru`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await shot('login');
    await page.fill('input[name=login]', 'supervisor');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=case-row]').first().waitFor();
    expect(await page.locator('[data-testid=case-row]').count()).toBe(6);
  }, 60_000);

  it('switches to Kazakh: no Russian or English label remains, and the choice persists', async () => {
    await page.click('button[data-lang=kk]');
    await page.getByRole('heading', { name: 'Кіріс' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    expect(await foreignOnPage(page)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Кіріс' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('tyndau.lang'))).toBe('kk');
    await page.goto(`${app.url}/inbox?lang=en`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.goto(`${app.url}/inbox?lang=kk`);
    await page.getByRole('heading', { name: 'Кіріс' }).waitFor();
    await shot('inbox');
  }, 60_000);

  it('shows the dashboard in Kazakh', async () => {
    await page.goto(`${app.url}/dashboard`);
    await page.locator('[data-testid=kpi-answered]').waitFor();
    await page.locator('.leaflet-interactive').first().waitFor();
    answeredBefore = await kpi('answered');
    expect(await kpi('received')).toBe(6);
    expect(await foreignOnPage(page)).toEqual([]);
    await shot('dashboard', true);
  }, 60_000);

  it('finds a case through the filters and opens it from the keyboard', async () => {
    await page.goto(`${app.url}/inbox`);
    await page.selectOption('#filter-topic', 'electricity');
    await page.selectOption('#filter-district', 'shu');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 2);
    // (lower-case only: SQLite's lower() folds ASCII letters alone, so the API cannot fold «Т»)
    await page.fill('#inbox-search', 'би 12');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 1);
    expect(new URL(page.url()).searchParams.get('topic')).toBe('electricity');
    // The export link carries the same filters: one case, as CSV, with the session's cookie.
    const href = await page.getByRole('link', { name: 'CSV-ге шығару' }).getAttribute('href');
    expect(href).toContain('topic=electricity');
    const csv = await page.request.get(`${app.url}${href}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(2);
    await page.locator('main h1').click();
    await page.keyboard.press('Enter');
    await page.locator('#case-title').waitFor();
    expect(page.url()).toContain(`/cases/${target}`);
  }, 60_000);

  it('relabels the case: the machine label with its confidence, then a correction', async () => {
    await page
      .getByText(/сенімділік 87\s?%/)
      .first()
      .waitFor();
    expect(await foreignOnPage(page)).toEqual([]);
    await page.selectOption('#label-kind', 'complaint');
    await page.getByRole('button', { name: 'Түзетуді сақтау' }).click();
    await page.getByText('Түзету сақталды').waitFor();
    const corrections = await db()
      .selectFrom('label_corrections')
      .selectAll()
      .where('case_id', '=', target)
      .execute();
    expect(corrections.map((c) => [c.field, c.old_value, c.new_value])).toEqual([
      ['kind', 'incident', 'complaint'],
    ]);
  }, 60_000);

  it('answers it; the preview is exactly what the citizen receives', async () => {
    const answer = 'Кабель жөнделді, жарық қосылды.';
    await page.fill('#answer-text', answer);
    const preview = page.locator('[data-testid=answer-preview]');
    await expect.poll(() => preview.textContent()).toContain(answer);
    const shown = await preview.textContent();
    await shot('case', true);
    await page.getByRole('button', { name: 'Жауапты жіберу' }).click();
    await page.getByText('Жауап жіберілді').first().waitFor();
    const c = await db()
      .selectFrom('cases')
      .select('status')
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe('answered');
    const sent = await db()
      .selectFrom('outbox')
      .select('text')
      .where('case_id', '=', target)
      .where('purpose', '=', 'answer')
      .executeTakeFirstOrThrow();
    expect(sent.text).toBe(shown);
  }, 60_000);

  it('the dashboard changes after the answer', async () => {
    await app.analytics();
    await page.goto(`${app.url}/dashboard`);
    await page.locator('[data-testid=kpi-answered]').waitFor();
    await expect.poll(() => kpi('answered')).toBe(answeredBefore + 1);
  }, 60_000);

  it('shows new cases live, without a reload', async () => {
    await page.goto(`${app.url}/inbox`);
    await page.locator('[data-testid=case-row]').first().waitFor();
    await page.getByText('Тікелей').waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    const id = await app.appeal({ text: 'Нет газа в доме на ул. Жамбыла 7, Тараз' });
    await page.locator(`[data-case-id="${id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  }, 60_000);

  it('takes the operators’ keyboard shortcuts and assigns in bulk', async () => {
    await page.locator('main h1').click();
    await page.keyboard.press('?');
    await page.getByRole('dialog').getByText('Келесі жол').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inbox-search');
    await page.locator('main h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const org = await db()
      .selectFrom('organisations')
      .select(['id'])
      .where('code', '=', 'gas-utility')
      .executeTakeFirstOrThrow();
    await dialog.locator('select').first().selectOption(String(org.id));
    await dialog.getByRole('button', { name: 'Тағайындау' }).click();
    await page.getByText('Тағайындалды: 2').waitFor();
    const assigned = await db()
      .selectFrom('cases')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('status', '=', 'assigned')
      .execute();
    expect(assigned.length).toBe(2);
  }, 60_000);

  it('turns a mention into a case in one click', async () => {
    await page.goto(`${app.url}/monitoring`);
    const card = page.locator('[data-testid=mention]').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('15');
    expect(await foreignOnPage(page)).toEqual([]);
    await shot('monitoring');
    await card.getByRole('button', { name: 'Өтінішке айналдыру' }).click();
    await card.getByText('өтініші құрылды').waitFor();
    const s = await db()
      .selectFrom('signals')
      .select('case_id')
      .where('status', '=', 'mention')
      .executeTakeFirstOrThrow();
    expect(s.case_id).not.toBeNull();
  }, 60_000);

  it('registers a call with labels and duplicates suggested while typing', async () => {
    await page.goto(`${app.url}/entry`);
    const started = Date.now();
    await page.fill('#entry-phone', '+7 701 555 12 34');
    await page.fill('#entry-text', 'Опять нет света, Шуский район, улица Толе би');
    await page.getByText('ұсыныс: Электрмен жабдықтау').waitFor();
    await page.locator('.dups li').first().waitFor();
    await page.getByRole('button', { name: 'Ұсыныстарды қабылдау' }).click();
    expect(await page.inputValue('#entry-topic')).toBe('electricity');
    expect(await foreignOnPage(page)).toEqual([]);
    await shot('entry');
    await page.getByRole('button', { name: 'Тіркеу' }).click();
    await page.getByText('Тіркелді (').waitFor();
    expect(Date.now() - started).toBeLessThan(30_000);
    const s = await db()
      .selectFrom('signals')
      .select(['channel', 'topic'])
      .where('channel', '=', 'call_center')
      .executeTakeFirstOrThrow();
    expect(s.topic).toBe('electricity');
  }, 60_000);

  it('shows which channel secrets are set, never their values', async () => {
    await page.goto(`${app.url}/settings/channels`);
    const telegram = page.locator('[data-testid=channel-telegram]');
    await telegram.waitFor();
    expect(await telegram.textContent()).toContain('берілген');
    expect(await page.content()).not.toContain(TELEGRAM_SECRET);
    expect(await foreignOnPage(page)).toEqual([]);
    await shot('settings');
    for (const section of ['organisations', 'routing', 'templates', 'calendar']) {
      await page.goto(`${app.url}/settings/${section}`);
      await page.locator('table, .templates li').first().waitFor();
      expect(await foreignOnPage(page)).toEqual([]);
    }
  }, 60_000);

  it('fits a phone: the table becomes cards and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/inbox`);
    await page.locator('[data-testid=case-row]').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(
      await page
        .locator('table.cases thead')
        .boundingBox()
        .then((b) => b?.height ?? 0),
    ).toBeLessThanOrEqual(1);
    await shot('inbox-phone');
    await page.goto(`${app.url}/cases/${target}`);
    await page.locator('#case-title').waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot('case-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  it('an operator (no analytics permission) gets the dashboard from the case list', async () => {
    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.fill('input[name=login]', 'operator');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Шығу' }).waitFor();
    await page.goto(`${app.url}/dashboard`);
    await page.locator('[data-testid=kpi-answered]').waitFor();
    const cases = await db().selectFrom('cases').select('id').execute();
    expect(await kpi('received')).toBe(cases.length);
    expect(await kpi('answered')).toBe(1);
    expect(await foreignOnPage(page)).toEqual([]);
  }, 60_000);

  it('an admin adds an answer template and a routing rule in Settings and sees them listed', async () => {
    await app.user('admin', ['admin']);
    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Шығу' }).waitFor();

    await page.goto(`${app.url}/settings/templates`);
    const tplForm = page.locator('form.settings-form');
    await tplForm.waitFor();
    await tplForm.getByLabel('Коды', { exact: true }).fill('pipe_fixed');
    await tplForm.getByLabel('Мәтіні', { exact: true }).fill('Құбыр жөнделді, өтініш {number}.');
    await tplForm.getByRole('button', { name: 'Сақтау' }).click();
    await tplForm.getByText('Сақталды').waitFor();
    const tpl = page.locator('[data-testid=template]', { hasText: 'pipe_fixed' });
    await tpl.waitFor();
    expect(await tpl.textContent()).toContain('Құбыр жөнделді');
    const stored = await db().selectFrom('templates').selectAll().where('code', '=', 'pipe_fixed').execute();
    expect(stored).toMatchObject([{ lang: 'kk', purpose: 'answer_template', active: 1 }]);
    expect(await foreignOnPage(page)).toEqual([]);

    // A new organisation is offered at once by the other screens (no reload: client-side navigation).
    await page.getByRole('link', { name: 'Ұйымдар', exact: true }).click();
    const orgForm = page.locator('form.settings-form');
    await orgForm.getByLabel('Қазақша атауы', { exact: true }).waitFor();
    await orgForm.getByLabel('Коды', { exact: true }).fill('lift-service');
    await orgForm.getByLabel('Қазақша атауы', { exact: true }).fill('Лифт қызметі');
    await orgForm.getByLabel('Орысша атауы', { exact: true }).fill('Лифтовая служба');
    await orgForm.getByLabel('Ағылшынша атауы', { exact: true }).fill('Lift service');
    await orgForm.getByRole('button', { name: 'Сақтау' }).click();
    await orgForm.getByText('Сақталды').waitFor();

    // The executors' form takes its organisations from the app's shared reference data.
    await page.getByRole('link', { name: 'Орындаушылар', exact: true }).click();
    const newExecutor = page.locator('form[aria-labelledby=new-executor]');
    await newExecutor.waitFor();
    await expect
      .poll(() => newExecutor.getByLabel('Ұйым', { exact: true }).locator('option').allTextContents())
      .toContain('Лифт қызметі');

    await page.getByRole('link', { name: 'Бағыттау ережелері', exact: true }).click();
    const ruleForm = page.locator('form.settings-form');
    await ruleForm.getByLabel('Ереже', { exact: true }).waitFor();
    const water = await db()
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'water-utility')
      .executeTakeFirstOrThrow();
    await ruleForm.getByLabel('Ереже', { exact: true }).fill('Құбырлар жарылуы');
    await ruleForm.getByLabel('Басымдығы', { exact: true }).fill('3');
    await ruleForm.getByLabel('Тақырып', { exact: true }).selectOption(['water', 'heating']);
    await ruleForm.getByLabel('Кілт сөздер', { exact: true }).fill('құбыр, труба');
    await ruleForm.getByLabel('Ұйым', { exact: true }).selectOption(String(water.id));
    await ruleForm.getByRole('button', { name: 'Сақтау' }).click();
    await ruleForm.getByText('Сақталды').waitFor();
    const row = page.locator('[data-testid=routing-rule]').first();
    expect(await row.textContent()).toContain('Құбырлар жарылуы');
    const rule = await db()
      .selectFrom('routing_rules')
      .selectAll()
      .where('name', '=', 'Құбырлар жарылуы')
      .executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ priority: 3, organisation_id: water.id, active: 1 });
    expect(JSON.parse(rule.conditions)).toEqual({
      topics: ['water', 'heating'],
      keywords: ['құбыр', 'труба'],
    });
    expect(await foreignOnPage(page)).toEqual([]);
    await shot('settings-routing');

    // The forms fit a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot('settings-routing-phone', true);
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);
});
