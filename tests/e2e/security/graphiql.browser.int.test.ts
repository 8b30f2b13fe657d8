// GraphiQL in a real headless Chromium: the page must work offline (every request outside
// the API is blocked), introspect through the query limits, and keep the key out of storage.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable } from '../../support/chromium.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

let api: TestApi;
let browser: Browser;
let origin: string;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  key = (await createTenantViaApi(api, 'graphiql')).adminKey;
  origin = await api.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('/graphiql in a browser', () => {
  it('loads offline with the key, lists Query fields in the docs explorer and stores no key', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(origin)) return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    const introspection: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `${origin}/graphql`) introspection.push(response.status());
    });
    await page.goto(`${origin}/graphiql#key=${key}`);
    // The key moved into the headers editor, out of the address bar.
    expect(page.url()).toBe(`${origin}/graphiql`);
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.getByRole('link', { name: 'Query' }).first().click();
    for (const field of ['viewer', 'connectors', 'events', 'availability']) {
      await page
        .locator('.graphiql-doc-explorer-content')
        .getByText(field, { exact: true })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
    }
    expect(introspection.every((status) => status === 200)).toBe(true);
    expect(outside).toEqual([]);
    // A string expression: this file compiles without the DOM lib.
    const stored = String(await page.evaluate('JSON.stringify({ ...window.localStorage })'));
    expect(stored).not.toContain(key);
    await page.close();
  });
});
