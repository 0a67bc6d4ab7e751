import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_REVIEWER, startServer, type RunningServer } from '../e2e/helpers';

describe('publishing renders the PDF ahead of time', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a document published through the page is downloaded from the cache the first time', async () => {
    const origin = server.url;
    const signIn = async (who: { email: string; password: string }) => {
      const login = await fetch(`${origin}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams({ email: who.email, password: who.password, next: '/' }),
      });
      return login.headers.get('set-cookie')!.split(';')[0];
    };
    const cookie = await signIn(DEMO);
    const reviewerCookie = await signIn(DEMO_REVIEWER);
    const list = await (await fetch(`${origin}/docs?status=published`, { headers: { Cookie: cookie } })).text();
    const id = /href="\/docs\/([0-9a-f-]{36})"/.exec(list)![1];
    // The demo editor wrote the seeded documents; the demo reviewer publishes them.
    const move = async (to: string, as = cookie) => {
      const page = await (await fetch(`${origin}/docs/${id}`, { headers: { Cookie: as } })).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1];
      const version = /name="version" value="(\d+)"/.exec(page)![1];
      const res = await fetch(`${origin}/docs/${id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: as, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, version, to, intent: 'transition' }),
      });
      expect(res.status).toBeLessThan(400);
    };
    await move('draft');
    await move('in_review');
    await move('published', reviewerCookie);
    // The render started at publish time: the first download joins it or reads its stored bytes.
    const first = await fetch(`${origin}/docs/${id}.pdf`, { headers: { Cookie: cookie } });
    expect(['hit', 'joined']).toContain(first.headers.get('x-kaizen-pdf-cache'));
    expect(first.headers.get('content-type')).toBe('application/pdf');
    await first.arrayBuffer();
    const again = await fetch(`${origin}/docs/${id}.pdf`, { headers: { Cookie: cookie } });
    expect(again.headers.get('x-kaizen-pdf-cache')).toBe('hit');
    await again.arrayBuffer();
  });
});
