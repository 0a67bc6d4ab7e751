import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getPdfPool } from '../../app/pdf/pool.server';
import { formatUtc } from '../../app/lib/time';

const text = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ');

const CHECKS = [
  'testedEnough',
  'finalQa',
  'communicationReady',
  'inProductionForStaff',
  'darkLaunch',
  'percentageLaunch',
  'monitoring',
  'onOffSwitches',
  'leadsAvailable',
  'userFeedback',
  'successTime',
  'contingencyPlan',
];

/** A PDF always shows what the page shows: the cache key is the content, the footer the time of the last change. */
describeEachBackend('PDF freshness and the launch certificate', (db) => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp(db());
    for (const name of ['Ada Author', 'Rita Reviewer', 'Eng Lead', 'Pat Product', 'Ops Olga', 'Sue Support'])
      tokens[name] = await app.token(await createTestActor(db(), 'editor', { name }));
  });
  afterAll(async () => {
    await getPdfPool().close();
  });

  /** The last change the API reports for a document: the write that changed it (its version) or its decision. */
  const lastChange = async (token: string, id: string) => {
    const d = await (await call(token, `/api/v1/documents/${id}`)).json();
    return new Date(Math.max(Date.parse(d.updatedAt), d.decision?.changedAt ? Date.parse(d.decision.changedAt) : 0));
  };
  const call = async (token: string, path: string, json?: unknown) => {
    const res = await app.fetch(path, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return res;
  };
  const pdf = async (token: string, id: string) => {
    const res = await call(token, `/api/v1/documents/${id}/pdf`);
    expect({ status: res.status, body: res.status === 200 ? '' : await res.text() }).toEqual({ status: 200, body: '' });
    return { bytes: Buffer.from(await res.arrayBuffer()), asOf: res.headers.get('x-kaizen-pdf-as-of')! };
  };

  it('a new No-Go sign-off gives a new PDF with the sign-off, the decision and a certificate; the footer says as of that change', async () => {
    const author = tokens['Ada Author'];
    const created = await call(author, '/api/v1/documents', {
      template: 'etsy-go-no-go',
      title: 'Launch of checkout v2',
      fields: {
        launchAt: '2026-12-01T15:00:00Z',
        launchers: ['Ana'],
        feature: 'Checkout v2',
        checks: Object.fromEntries(CHECKS.map((k) => [k, { answer: 'yes', note: k === 'monitoring' ? 'dashboards ready' : '' }])),
      },
    });
    expect(created.status).toBe(201);
    let doc = await created.json();
    // Submitted for review (sign-offs are taken on a submitted review), then published by someone else where possible.
    const submitted = await call(author, `/api/v1/documents/${doc.id}/transitions`, { to: 'in_review', version: doc.version });
    expect(submitted.status).toBe(200);
    doc = await submitted.json();
    const published = await call(tokens['Rita Reviewer'], `/api/v1/documents/${doc.id}/transitions`, {
      to: 'published',
      version: doc.version,
    });
    if (published.status === 200) doc = await published.json();

    const before = await pdf(author, doc.id);
    expect(text(before.bytes)).not.toContain('Launch certificate');
    expect(text(before.bytes)).not.toContain('Monitoring gap');

    const signed = await call(tokens['Ops Olga'], `/api/v1/documents/${doc.id}/signoffs`, {
      role: 'Operations',
      decision: 'no_go',
      comment: 'Monitoring gap on the new queue',
    });
    expect(signed.status).toBe(201);
    const signoff = await signed.json();

    const after = await pdf(author, doc.id);
    expect(after.bytes.equals(before.bytes)).toBe(false);
    const t = text(after.bytes);
    // The certificate comes first: decision, reasons, each sign-off (who, version, time, comment), gates and answers.
    expect(t.indexOf('Launch certificate')).toBeGreaterThanOrEqual(0);
    expect(t.indexOf('Launch certificate')).toBeLessThan(t.indexOf('Launch of checkout v2'));
    expect(t).toContain('Decision: No-Go');
    expect(t).toContain('No-Go from Ops Olga (Operations)');
    expect(t).toMatch(/Operations Ops Olga No-Go v\d+ /);
    expect(t).toContain(formatUtc(signoff.createdAt));
    expect(t).toContain('Monitoring gap on the new queue');
    // roles that have not signed are listed as such
    for (const role of ['Engineering lead', 'Product owner', 'Support']) expect(t).toContain(`${role} No current sign-off`);
    expect(t).toMatch(/Gates Gate Answer Note Is new infrastructure in monitoring\? Yes dashboards ready/);
    // "as of" the sign-off, not the time of a render
    // (the sign-off's write also moves the document's decision, a moment later in the same transaction)
    const changed = await lastChange(author, doc.id);
    expect(changed.getTime()).toBeGreaterThanOrEqual(Date.parse(signoff.createdAt));
    expect(after.asOf).toBe(changed.toISOString());
    expect(t).toContain(`as of ${formatUtc(changed.toISOString())}`);
    expect(t).not.toContain('exported');

    // Same content, same PDF (from the cache).
    const again = await pdf(author, doc.id);
    expect(again.bytes.equals(after.bytes)).toBe(true);
  });

  it('an action item status change gives a new PDF showing it', async () => {
    const author = tokens['Ada Author'];
    const created = await call(author, '/api/v1/documents', rcaInput({ title: 'Queue backlog' }));
    expect(created.status).toBe(201);
    const doc = await created.json();
    const item = doc.actionItems[0];
    expect(item).toBeTruthy();
    const before = await pdf(author, doc.id);
    expect(text(before.bytes)).not.toMatch(/\bDone\b/);
    const patched = await app.fetch(`/api/v1/action-items/${item.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${author}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: item.version, status: 'done' }),
    });
    expect(patched.status).toBe(200);
    const updated = await patched.json();
    const after = await pdf(author, doc.id);
    expect(after.bytes.equals(before.bytes)).toBe(false);
    expect(text(after.bytes)).toMatch(/\bDone\b/);
    // an action-item write is a change of the document (a new version), so that is the "as of" time
    const changed = await lastChange(author, doc.id);
    expect(changed.getTime()).toBeGreaterThanOrEqual(Date.parse(updated.updatedAt));
    expect(after.asOf).toBe(changed.toISOString());
  });
});
