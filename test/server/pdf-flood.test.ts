import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../db/seed';
import { startServer, type RunningServer } from '../e2e/helpers';

/**
 * Issue 9: 20 concurrent `GET /docs/digest.pdf?status=published&limit=50` from one signed-in user left every other PDF
 * unanswered and /healthz timing out on the embedded database. Against the real server process: during such a flood
 * every /healthz probe answers 200, and every digest request is answered (a PDF or a 503 with Retry-After), none hangs.
 */
describe('server process under a digest flood', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('/healthz keeps answering and every digest request gets a PDF or a 503 with Retry-After', async () => {
    server = await startServer();
    const url = server.url;
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
      body: new URLSearchParams({ email: DEMO_EDITOR.email, password: DEMO_EDITOR.password, next: '/' }),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];

    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/docs/digest.pdf?status=published&limit=50`, { headers: { Cookie: cookie } }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) })),
      ),
    ).finally(() => {
      flooding = false;
    });
    // Probe /healthz while the flood is being answered. A probe that gets no answer in 10 s counts as timed out.
    const probes: number[] = [];
    do {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status, () => 0);
      probes.push(res);
      await new Promise((r) => setTimeout(r, 50));
    } while (flooding);
    const answers = await flood;

    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((s) => s !== 200)).toEqual([]);
    for (const a of answers) {
      expect([200, 503]).toContain(a.status);
      if (a.status === 200) {
        expect(a.type).toBe('application/pdf');
        expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
      } else expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    // After the flood, the same digest is served from the cache.
    const again = await fetch(`${url}/docs/digest.pdf?status=published&limit=50`, { headers: { Cookie: cookie } });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-kaizen-pdf-cache')).toBe('hit');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 180_000);
});
