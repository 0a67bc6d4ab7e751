import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { documents } from '../../db/schema';
import { seedDemoContent, DEMO_EDITOR } from '../../db/seed';
import { syncBuiltInTemplates } from '../../app/models/template.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createTestActor, rcaInput, TEST_PASSWORD } from '../helpers/factories';
import { startServer, type RunningServer } from '../e2e/helpers';
import type { Actor } from '../../app/models/types';

// About the pool's shares under load: the production pool size, not the suite's one worker (vitest.config.ts).
delete process.env.PDF_POOL_SIZE;

/**
 * Issue 9: 20 concurrent `GET /docs/digest.pdf?status=published&limit=50` from one signed-in viewer left every other PDF
 * unanswered and /healthz timing out on the embedded database. Against the real server process on an embedded database
 * with 50 published documents: during such a flood every /healthz probe answers 200, another viewer's PDF is served,
 * and every digest request is answered with a PDF or a 429 with Retry-After.
 */
describe('server process under a digest flood', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  async function prepareDataDir(): Promise<{ dataDir: string; flooder: Actor; other: Actor; publishedId: string }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-flood-'));
    const { db, close } = await openDatabase({ dataDir });
    try {
      await syncBuiltInTemplates(db);
      await seedDemoContent(db);
      const author = await createTestActor(db, 'editor', { name: 'Flood Author' });
      const reviewer = await createTestActor(db, 'editor', { name: 'Flood Reviewer' });
      const flooder = await createTestActor(db, 'viewer', { name: 'Flood Viewer' });
      const other = await createTestActor(db, 'viewer', { name: 'Other Viewer' });
      const published = async () => (await db.select({ id: documents.id }).from(documents).where(eq(documents.status, 'published'))).length;
      for (let i = await published(); i < 50; i++) {
        const d = await createDocument(db, { actor: author, input: rcaInput({ title: `Flood outage ${i}`, service: `svc-${i % 7}` }) });
        const r = await transitionDocument(db, { actor: author, id: d.id, input: { to: 'in_review', version: d.version } });
        // published by someone other than the author (required once publishing needs a reviewer)
        await transitionDocument(db, { actor: reviewer, id: d.id, input: { to: 'published', version: r.version } });
      }
      expect(await published()).toBe(50);
      const [first] = await db.select({ id: documents.id }).from(documents).where(eq(documents.status, 'published')).limit(1);
      return { dataDir, flooder, other, publishedId: first.id };
    } finally {
      await close();
    }
  }

  it('/healthz keeps answering, another viewer gets their PDF, every digest gets a PDF or a 429 with Retry-After', async () => {
    const { dataDir, flooder, other, publishedId } = await prepareDataDir();
    server = await startServer({ DATA_DIR: dataDir });
    const url = server.url;
    const signIn = async (email: string, password: string) => {
      const res = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
        body: new URLSearchParams({ email, password, next: '/' }),
      });
      expect(res.status).toBe(302);
      return res.headers.get('set-cookie')!.split(';')[0];
    };
    const flooderCookie = await signIn(flooder.email, TEST_PASSWORD);
    const otherCookie = await signIn(other.email, TEST_PASSWORD);
    expect(DEMO_EDITOR.email).not.toBe(flooder.email);

    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/docs/digest.pdf?status=published&limit=50`, { headers: { Cookie: flooderCookie } }).then(async (r) => ({
          status: r.status,
          retryAfter: r.headers.get('retry-after'),
          type: r.headers.get('content-type'),
          body: Buffer.from(await r.arrayBuffer()),
        })),
      ),
    ).finally(() => {
      flooding = false;
    });
    // Another viewer exports a document while the flood is on; "unanswered" means no answer within 60 s.
    const otherPdf = fetch(`${url}/docs/${publishedId}.pdf`, {
      headers: { Cookie: otherCookie },
      signal: AbortSignal.timeout(60_000),
    }).then(
      async (r) => ({
        status: r.status,
        type: r.headers.get('content-type'),
        head: Buffer.from(await r.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      }),
      (e: Error) => ({ status: 0, type: null, head: e.name }),
    );
    // /healthz probes during the flood; a probe without an answer in 10 s counts as timed out (status 0).
    const probes: number[] = [];
    do {
      probes.push(
        await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
          (r) => r.status,
          () => 0,
        ),
      );
      await new Promise((r) => setTimeout(r, 50));
    } while (flooding);
    const [answers, otherAnswer] = await Promise.all([flood, otherPdf]);

    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((s) => s !== 200)).toEqual([]);
    expect(otherAnswer).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
    for (const a of answers) {
      expect([200, 429]).toContain(a.status);
      if (a.status === 200) {
        expect(a.type).toBe('application/pdf');
        expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
      } else expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    // After the flood, the same digest is served from the cache.
    const again = await fetch(`${url}/docs/digest.pdf?status=published&limit=50`, { headers: { Cookie: flooderCookie } });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-kaizen-pdf-cache')).toBe('hit');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 300_000);
});
