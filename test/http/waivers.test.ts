// Waivers (issue 11 item 2): a failed gate or required question can be waived — reason, risk accepted, an approver
// holding a role the template names (never the person who asked), a last day. A valid waiver counts as passing and
// is printed on the launch certificate; an ended one stops counting, its blocker is back and the stored decision is
// taken again. Through the API, the page without JavaScript and the PDF, on both databases.
import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode } from '../helpers/forms';
import { pdfText, squash } from '../pdf/helpers';
import { createDocument, getDocument, transitionDocument, updateDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { getLaunchDecision } from '../../app/models/launch-decision.server';
import { refreshExpiredWaivers } from '../../app/models/waiver.server';
import { auditEvents, documents } from '../../db/schema';
import type { Actor } from '../../app/models/types';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const evidence = [{ label: 'Dashboard', url: 'https://grafana.example.test/d/checkout', checkedOn: day(-2) }];

/** Go/No-Go v2 with every question passing except the ones named, which are answered No. */
const launchInput = (title: string, no: string[]) => ({
  template: 'etsy-go-no-go',
  title,
  service: 'checkout',
  fields: {
    launchAt: '2026-12-20T15:00:00Z',
    launchers: ['Ana Souza'],
    feature: 'Saved carts',
    checks: Object.fromEntries(
      [
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
      ].map((k) => [
        k,
        no.includes(k)
          ? { answer: 'no', note: `${k} is not done` }
          : { answer: 'yes', note: '', ...(['testedEnough', 'monitoring', 'onOffSwitches'].includes(k) ? { evidence } : {}) },
      ]),
    ),
  },
});

type Waiver = { id: string; state: string; question: string; approvedBy: string | null; expiresOn: string };
type ApiError = { error: { code: string; message: string; issues?: { path: string[] }[] } };

describeEachBackend('checklist waivers', (db) => {
  let app: TestApp;
  let asker: Actor;
  let approver: Actor;
  let support: Actor;
  let others: Actor[];
  let viewer: Actor;
  const tokens = new Map<string, string>();

  const api = async (actor: Actor, path: string, method = 'GET', json?: unknown) => {
    const res = await app.fetch(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(actor.id)}`,
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  async function submitted(title: string, no: string[]) {
    const d = await createDocument(db(), { actor: asker, input: launchInput(title, no) });
    return transitionDocument(db(), { actor: asker, id: d.id, input: { to: 'in_review', version: d.version } });
  }
  async function signAll(id: string) {
    await createSignoff(db(), { actor: approver, documentId: id, input: { role: 'Operations', decision: 'go' } });
    await createSignoff(db(), { actor: support, documentId: id, input: { role: 'Support', decision: 'go' } });
    await createSignoff(db(), { actor: others[0], documentId: id, input: { role: 'Engineering lead', decision: 'go' } });
    await createSignoff(db(), { actor: others[1], documentId: id, input: { role: 'Product owner', decision: 'go' } });
  }
  const request = (actor: Actor, id: string, over: Record<string, unknown> = {}) =>
    api(actor, `/documents/${id}/waivers`, 'POST', {
      field: 'checks',
      item: 'monitoring',
      reason: 'The new hosts are behind the old load balancer, whose alerts cover them.',
      risk: 'A failure of the new pool alone pages nobody for up to 10 minutes.',
      expiresOn: day(14),
      approverRole: 'Operations',
      ...over,
    });
  const decide = (actor: Actor, id: string, waiver: string, action: string) =>
    api(actor, `/documents/${id}/waivers`, 'PATCH', { id: waiver, action });

  beforeAll(async () => {
    app = await createTestApp(db());
    asker = await createTestActor(db(), 'editor', { name: 'Asha Asker' });
    approver = await createTestActor(db(), 'editor', { name: 'Otto Ops' });
    support = await createTestActor(db(), 'editor', { name: 'Sue Support' });
    others = [await createTestActor(db(), 'editor', { name: 'Eli Eng' }), await createTestActor(db(), 'editor', { name: 'Pat Product' })];
    viewer = await createTestActor(db(), 'viewer');
    for (const a of [asker, approver, support, ...others, viewer]) tokens.set(a.id, await app.token(a));
  });

  it('refuses a request with the wrong field named: passing questions, optional roles, past or far days, empty reasons', async () => {
    const review = await submitted('Launch review: waiver input', ['monitoring']);
    const cases: [Record<string, unknown>, string][] = [
      [{ item: 'testedEnough' }, 'item'], // passes: nothing to waive
      [{ item: 'noSuchQuestion' }, 'field'],
      [{ field: 'launchAt' }, 'field'],
      [{ approverRole: 'Support' }, 'approverRole'], // not one of v2's waiver roles
      [{ expiresOn: day(-1) }, 'expiresOn'],
      [{ expiresOn: day(400) }, 'expiresOn'],
      [{ expiresOn: '2026-02-30' }, 'expiresOn'],
      [{ expiresOn: 'next week' }, 'expiresOn'],
      [{ reason: '  ' }, 'reason'],
      [{ risk: '' }, 'risk'],
      [{ surprise: true }, ''],
    ];
    for (const [over, field] of cases) {
      const res = await request(asker, review.id, over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      const issues = (res.body as ApiError).error.issues ?? [];
      if (field) expect(issues[0]?.path, JSON.stringify(over)).toEqual([field]);
    }
    expect((await request(viewer, review.id)).status).toBe(403);
    // A viewer reads published reviews only: an unpublished one's waivers are not there for them.
    expect((await api(viewer, `/documents/${review.id}/waivers`)).status).toBe(404);
    expect((await api(asker, `/documents/${review.id}/waivers`)).body).toEqual({ items: [] });
  });

  it('the approver holds a role the template names and is not the person who asked; approved, the gate counts as passing', async () => {
    const review = await submitted('Launch review: new checkout pool', ['monitoring']);
    await signAll(review.id);
    expect((await getLaunchDecision(db(), review.id)).state).toBe('no_go');

    const asked = await request(asker, review.id);
    expect(asked.status).toBe(201);
    const w = asked.body as Waiver;
    expect(w).toMatchObject({ state: 'pending', question: 'Is new infrastructure in monitoring?', approvedBy: null });
    // A pending waiver counts for nothing; asking twice is a conflict.
    expect((await getLaunchDecision(db(), review.id)).state).toBe('no_go');
    expect((await request(asker, review.id)).status).toBe(409);

    // Not the person who asked; not someone who signed the review as another role; not a viewer.
    const self = await decide(asker, review.id, w.id, 'approve');
    expect(self.status).toBe(403);
    expect((self.body as ApiError).error.message).toMatch(/someone else, approving as Operations/);
    const otherRole = await decide(support, review.id, w.id, 'approve');
    expect(otherRole.status).toBe(409);
    expect((otherRole.body as ApiError).error.message).toMatch(/signed this review as Support/);
    expect((await decide(viewer, review.id, w.id, 'approve')).status).toBe(403);
    expect((await decide(approver, review.id, w.id, 'ship it')).status).toBe(400);
    expect((await decide(approver, review.id, '00000000-0000-4000-8000-000000000000', 'approve')).status).toBe(404);

    const ok = await decide(approver, review.id, w.id, 'approve');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'active', approvedBy: 'Otto Ops' });
    expect((await decide(approver, review.id, w.id, 'approve')).status).toBe(409);

    const report = await getLaunchDecision(db(), review.id);
    expect(report.state).toBe('go');
    expect(report.reasons).toContain(`Waived: Is new infrastructure in monitoring? (waived by Otto Ops as Operations until ${day(14)})`);
    // The blocker raised by the No is still open, but a waiver covers it.
    const doc = await getDocument(db(), { actor: asker, id: review.id });
    expect(doc.actionItems.filter((a) => a.kind === 'launch blocker').map((a) => [a.title, a.status])).toEqual([
      ['Answered No: Is new infrastructure in monitoring?', 'open'],
    ]);
    expect(report.openBlockers).toEqual([]);
    const [row] = await db().select({ decision: documents.decision }).from(documents).where(eq(documents.id, review.id));
    expect(row.decision).toBe('go');
    const audit = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, review.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['waiver.requested', 'waiver.approved']));

    // The certificate prints the waiver: question, reason, risk accepted, approver and role, last day.
    const cookie = await app.signIn(support);
    const pdf = await app.fetch(`/docs/${review.id}.pdf`, { headers: { Cookie: cookie } });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const text = squash(pdfText(bytes));
    // Raw order keeps each table cell's wrapped lines together.
    const raw = squash(pdfText(bytes, 'raw'));
    expect(text).toContain('Launch certificate');
    expect(text).toContain('Decision: Go');
    expect(text).toContain('Waivers in force');
    expect(text).toMatch(/Is new infrastructure in monitoring\? No \(waived\)/);
    for (const phrase of [
      'The new hosts are behind the old load balancer, whose alerts cover them.',
      'Risk accepted: A failure of the new pool alone pages nobody for up to 10 minutes.',
      'Otto Ops as Operations',
      `until ${day(14)} (UTC)`,
    ])
      expect(raw, `${phrase}\n${raw}`).toContain(phrase);
  });

  it('a waiver that ends stops counting: the blocker is back and the stored decision is taken again, once', async () => {
    const review = await submitted('Launch review: QA waiver', ['finalQa']);
    await signAll(review.id);
    const w = (await request(asker, review.id, { item: 'finalQa', expiresOn: day(0), approverRole: 'Engineering lead' })).body as Waiver;
    // Eli signed as Engineering lead: they hold that role.
    expect((await decide(others[0], review.id, w.id, 'approve')).status).toBe(200);
    expect((await getLaunchDecision(db(), review.id)).state).toBe('go');

    // Tomorrow (UTC) it has ended: nothing wrote to the review, but the decision reads the day.
    const tomorrow = new Date(Date.parse(`${day(1)}T00:00:01Z`));
    const later = await getLaunchDecision(db(), review.id, tomorrow);
    expect(later.state).toBe('pending');
    expect(later.reasons).toEqual([
      'Required question fails: Has final QA signed off? (answered No)',
      'Launch blocker open: Answered No: Has final QA signed off?',
    ]);
    // Today it still counts; the job run today changes nothing.
    expect(await refreshExpiredWaivers(db(), new Date())).toBe(0);
    expect(await refreshExpiredWaivers(db(), tomorrow)).toBeGreaterThanOrEqual(1);
    const [row] = await db().select({ decision: documents.decision }).from(documents).where(eq(documents.id, review.id));
    expect(row.decision).toBe('pending');
    // Acted on once.
    expect(await refreshExpiredWaivers(db(), tomorrow)).toBe(0);
    const list = (await api(asker, `/documents/${review.id}/waivers`)).body as { items: Waiver[] };
    expect(list.items.map((x) => x.state)).toEqual(['active']); // the API reads today's state: still today here
  });

  it('withdrawing is for the person who asked, the approver or an admin; a withdrawn waiver stops counting', async () => {
    const review = await submitted('Launch review: withdraw', ['monitoring']);
    await signAll(review.id);
    const w = (await request(asker, review.id)).body as Waiver;
    await decide(approver, review.id, w.id, 'approve');
    expect((await getLaunchDecision(db(), review.id)).state).toBe('go');
    expect((await decide(support, review.id, w.id, 'withdraw')).status).toBe(403);
    const gone = await decide(asker, review.id, w.id, 'withdraw');
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ state: 'withdrawn' });
    expect((await getLaunchDecision(db(), review.id)).state).toBe('no_go');
    expect((await decide(asker, review.id, w.id, 'withdraw')).status).toBe(409);
    // Withdrawn, it may be asked for again.
    expect((await request(asker, review.id)).status).toBe(201);
  });

  it('a waiver asked for while the answer failed cannot be approved once it passes', async () => {
    const review = await submitted('Launch review: fixed meanwhile', ['monitoring']);
    const w = (await request(asker, review.id)).body as Waiver;
    const doc = await getDocument(db(), { actor: asker, id: review.id });
    const fields = launchInput('x', []).fields;
    await updateDocument(db(), { actor: asker, id: review.id, input: { version: doc.version, fields: { checks: fields.checks } } });
    const late = await decide(approver, review.id, w.id, 'approve');
    expect(late.status).toBe(409);
    expect((late.body as ApiError).error.message).toMatch(/passes \(answered Yes\): there is nothing to waive/);
  });

  it('without JavaScript: the page offers failing questions, asks, approves and shows the waiver; errors name the field', async () => {
    const review = await submitted('Launch review: page waivers', ['monitoring']);
    const askerCookie = await app.signIn(asker);
    const approverCookie = await app.signIn(approver);
    const page = async (cookie: string) =>
      decode((await (await app.fetch(`/docs/${review.id}`, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, ''));
    const post = async (cookie: string, body: Record<string, string>) => {
      const res = await app.fetch(`/docs/${review.id}`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: await app.csrf(cookie), ...body }),
      });
      const raw = await res.text();
      return { status: res.status, raw, html: decode(raw.replace(/<!-- -->/g, '')) };
    };
    let html = await page(askerCookie);
    expect(html).toContain('Waivers');
    expect(html).toMatch(/<option value="checks\.monitoring"[^>]*>[^<]*Is new infrastructure in monitoring\?/);
    const form = {
      intent: 'waiver-request',
      question: 'checks.monitoring',
      reason: 'Covered by the old pool alerts <b>for now</b>',
      risk: 'Ten minutes without a page',
      expiresOn: day(7),
      approverRole: 'Operations',
    };
    const bad = await post(askerCookie, { ...form, expiresOn: day(-3) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('the last day it counts cannot be in the past');
    // Nothing typed is lost: the form comes back filled in.
    expect(bad.raw).toContain('>Covered by the old pool alerts &lt;b&gt;for now&lt;/b&gt;</textarea>');
    expect(bad.raw).toContain('>Ten minutes without a page</textarea>');
    expect(bad.raw).toContain(`value="${day(-3)}"`);
    const ok = await post(askerCookie, form);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Waiver asked for “Is new infrastructure in monitoring?”: Operations approves it.');
    // Stored text is text: the markup in the reason is shown, never parsed.
    expect(ok.raw).not.toContain('<b>for now</b>');
    expect(ok.raw).toContain('&lt;b&gt;for now&lt;/b&gt;');
    html = await page(approverCookie);
    const id = /name="waiver" value="([0-9a-f-]{36})"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    const approved = await post(approverCookie, { intent: 'waiver-decide', waiver: id as string, action: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.html).toContain(`Waiver approved: “Is new infrastructure in monitoring?” counts as passing until ${day(7)}.`);
  });
});
