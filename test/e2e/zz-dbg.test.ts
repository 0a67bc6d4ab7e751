import { it } from 'vitest';
import { DEMO, launchBrowser, signIn, startServer } from './helpers';
it('dbg', async () => {
  const server = await startServer({ COLLAB: 'true', COLLAB_FOLD_MS: '300', SEED_DEMO: 'true' });
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('websocket', (ws) => { console.log('ws', ws.url()); ws.on('close', () => console.log('ws closed')); ws.on('socketerror', (e) => console.log('wserr', e)); });
  await signIn(page, server.url, DEMO);
  await page.goto(`${server.url}/docs?q=Search`);
  const href = await page.getByRole('link', { name: 'Search latency spike after index rebuild' }).first().getAttribute('href');
  await page.goto(`${server.url}${href}/edit`);
  await new Promise((r) => setTimeout(r, 5000));
  console.log(await page.locator('.live-banner').count(), await page.locator('main').innerText().then((t) => t.slice(0, 500)));
  console.log(server.output().slice(-3000));
  await browser.close();
  await server.stop();
}, 120000);
