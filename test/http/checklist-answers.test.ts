// Checklist answers (issue 11 item 1): yes, no, n.a. or not yet; a note; evidence links with the day each was last
// checked, flagged stale past the template's age; who answered and when, kept through edits that do not change the
// answer; "n.a." needs a reason. Per item: required, which answers pass, gate, evidence required. Through the API,
// the edit form without JavaScript, the read page and the PDF, on both databases, with a template an admin made.
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode, formOf } from '../helpers/forms';
import { postForm } from '../security/helpers';
import { pdfText, squash } from '../pdf/helpers';
import { getLaunchDecision } from '../../app/models/launch-decision.server';
import type { Actor } from '../../app/models/types';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

const template = {
  key: 'evidence-check',
  version: 1,
  kind: 'checklist',
  title: 'Evidence check',
  sections: [
    {
      key: 'launch',
      title: 'Launch',
      layout: 'header',
      fields: [{ key: 'goLive', type: 'datetime', label: 'Go-live', required: true }],
    },
    {
      key: 'checks',
      title: 'Checks',
      fields: [
        {
          key: 'checks',
          type: 'checklist',
          label: 'Checks',
          evidenceMaxAgeDays: 30,
          items: [
            { key: 'monitored', label: 'Is it monitored?', gate: true, evidence: true, help: 'Link the dashboard.' },
            { key: 'manualSteps', label: 'Are there manual steps?', gate: true, pass: ['no', 'na'] },
            { key: 'loadTested', label: 'Was it load tested?', required: true, evidence: true },
            { key: 'docs', label: 'Are the docs updated?' },
          ],
        },
      ],
    },
  ],
  roles: { launch: 'goLive' },
  signoffRoles: ['Operations'],
  waiverRoles: ['Operations'],
};

type Answer = { answer: string | null; note: string; evidence?: { label: string; url: string; checkedOn: string }[] };
type Doc = { id: string; version: number; fields: { checks: Record<string, Answer & { answeredBy?: string; answeredAt?: string }> } };
type ApiError = { error: { message: string; issues: { path: (string | number)[]; message: string }[] } };

describeEachBackend('checklist answers: evidence, who answered, n.a. reasons, passing answers', (db) => {
  let app: TestApp;
  let ana: Actor;
  let ben: Actor;
  const tokens = new Map<string, string>();

  const api = async (actor: Actor, path: string, method = 'GET', json?: unknown) => {
    const res = await app.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens.get(actor.id)}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const create = (checks: Record<string, unknown>) =>
    api(ana, '/documents', 'POST', {
      template: 'evidence-check',
      title: 'Ship: saved carts',
      fields: { goLive: '2026-12-20T15:00:00Z', checks },
    });
  const submit = (d: { id: string; version: number }) =>
    api(ana, `/documents/${d.id}/transitions`, 'POST', { to: 'in_review', version: d.version });

  beforeAll(async () => {
    app = await createTestApp(db());
    const admin = await createTestActor(db(), 'admin');
    ana = await createTestActor(db(), 'editor', { name: 'Ana Answerer' });
    ben = await createTestActor(db(), 'editor', { name: 'Ben Editor' });
    for (const a of [ana, ben]) tokens.set(a.id, await app.token(a));
    const cookie = await app.signIn(admin);
    const res = await postForm(app, '/admin/templates', cookie, {
      csrf: await app.csrf(cookie),
      intent: 'create',
      definition: JSON.stringify(template),
    });
    expect(res.status).toBe(200);
  });

  it('refuses evidence a reviewer could not open or trust, naming the row and cell', async () => {
    const ev = (over: Record<string, string>) => ({
      monitored: {
        answer: 'yes',
        note: '',
        evidence: [{ label: 'Dashboard', url: 'https://grafana.example.test/d/1', checkedOn: day(-1), ...over }],
      },
    });
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ url: 'javascript:alert(1)' }, 'url', /full http\(s\):\/\/ address/],
      [{ url: 'grafana/d/1' }, 'url', /full http\(s\):\/\/ address/],
      [{ checkedOn: day(3) }, 'checkedOn', /cannot be in the future/],
      [{ checkedOn: '2026-02-30' }, 'checkedOn', /not a real day/],
      [{ checkedOn: 'last week' }, 'checkedOn', /YYYY-MM-DD/],
      [{ label: ' ' }, 'label', /name the evidence/],
    ];
    for (const [over, cell, message] of cases) {
      const res = await create(ev(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      const issue = (res.body as ApiError).error.issues[0];
      expect(issue.path, JSON.stringify(over)).toEqual(['fields', 'checks', 'monitored', 'evidence', '0', cell]);
      expect(issue.message).toMatch(message);
    }
    const bad = await create({ monitored: { answer: 'maybe', note: '' } });
    expect(bad.status).toBe(400);
    expect((bad.body as ApiError).error.issues[0].path).toEqual(['fields', 'checks', 'monitored', 'answer']);
  });

  it('to go to review: required questions answered, n.a. with a reason, evidence where the template asks; each named', async () => {
    const created = await create({
      monitored: { answer: 'yes', note: 'Alerts on error rate' },
      manualSteps: { answer: 'no', note: '' },
      docs: { answer: 'na', note: '  ' },
    });
    expect(created.status).toBe(201);
    const doc = created.body as Doc;
    const refused = await submit(doc);
    expect(refused.status).toBe(422);
    const issues = (refused.body as ApiError).error.issues;
    expect(issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['fields.checks.monitored.evidence', 'fields.checks.loadTested', 'fields.checks.docs.note']),
    );
    expect(issues.find((i) => i.path.join('.') === 'fields.checks.docs.note')?.message).toBe(
      'Say why "Are the docs updated?" does not apply: N/A needs a reason in the note.',
    );
    expect(issues.find((i) => i.path.join('.') === 'fields.checks.monitored.evidence')?.message).toMatch(/needs evidence/);

    const fixed = await api(ana, `/documents/${doc.id}`, 'PATCH', {
      version: doc.version,
      fields: {
        checks: {
          monitored: {
            answer: 'yes',
            note: 'Alerts on error rate',
            evidence: [{ label: 'Checkout dashboard', url: 'https://grafana.example.test/d/checkout', checkedOn: day(-2) }],
          },
          manualSteps: { answer: 'no', note: '' },
          loadTested: { answer: 'notyet', note: 'Load test booked for Thursday' },
          docs: { answer: 'na', note: 'No user-facing change' },
        },
      },
    });
    expect(fixed.status).toBe(200);
    // "Not yet" is an answer to submit with, but it holds the decision and says so.
    const inReview = await submit(fixed.body as Doc);
    expect(inReview.status).toBe(200);
    const report = await getLaunchDecision(db(), doc.id);
    expect(report.state).toBe('pending');
    expect(report.reasons[0]).toBe('Not yet: Was it load tested?');
  });

  it('an item that passes on No: "no manual steps" passes the gate, "yes" fails it', async () => {
    const evidence = [{ label: 'Report', url: 'https://ci.example.test/load/1', checkedOn: day(0) }];
    const base = { monitored: { answer: 'yes', note: '', evidence }, loadTested: { answer: 'yes', note: '', evidence } };
    const passing = (await create({ ...base, manualSteps: { answer: 'no', note: '' } })).body as Doc;
    expect((await getLaunchDecision(db(), passing.id)).failedGates).toEqual([]);
    const failing = (await create({ ...base, manualSteps: { answer: 'yes', note: 'Flip the DNS by hand' } })).body as Doc;
    const report = await getLaunchDecision(db(), failing.id);
    expect(report.state).toBe('no_go');
    expect(report.reasons).toContain('Gate failed: Are there manual steps? (answered Yes)');
  });

  it('who answered and when: set by the server, kept when only the note or evidence changes, moved when the answer does', async () => {
    const created = await create({
      monitored: { answer: 'yes', note: 'first', answeredBy: 'Mallory', answeredAt: '2001-01-01T00:00:00Z' },
      docs: { answer: 'no', note: '' },
    });
    const doc = created.body as Doc;
    expect(doc.fields.checks.monitored).toMatchObject({ answeredBy: 'Ana Answerer' });
    expect(doc.fields.checks.monitored.answeredAt).not.toBe('2001-01-01T00:00:00Z');
    const stamped = doc.fields.checks.monitored.answeredAt;
    const edited = await api(ben, `/documents/${doc.id}`, 'PATCH', {
      version: doc.version,
      fields: {
        checks: {
          monitored: {
            answer: 'yes',
            note: 'second, by Ben',
            evidence: [{ label: 'Dashboard', url: 'https://grafana.example.test/d/2', checkedOn: day(-1) }],
          },
          docs: { answer: 'yes', note: '' },
        },
      },
    });
    expect(edited.status).toBe(200);
    const after = (edited.body as Doc).fields.checks;
    expect(after.monitored).toMatchObject({ answeredBy: 'Ana Answerer', answeredAt: stamped, note: 'second, by Ben' });
    expect(after.docs).toMatchObject({ answeredBy: 'Ben Editor' });
    // Shown on hover and under the answer on the page, and in the PDF.
    const cookie = await app.signIn(ana);
    const html = decode((await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, ''));
    const when = `${stamped?.slice(0, 10)} ${stamped?.slice(11, 16)} UTC`;
    expect(html).toContain(`title="Answered by Ana Answerer on ${when}"`);
    expect(html).toContain('Answered by Ben Editor on');
    const pdf = Buffer.from(await (await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } })).arrayBuffer());
    expect(squash(pdfText(pdf, 'raw'))).toContain(`Answered by Ana Answerer on ${when}`);
  });

  it('evidence older than the template allows is flagged stale on the page and in the PDF; fresh evidence is not', async () => {
    const created = await create({
      monitored: {
        answer: 'yes',
        note: '',
        evidence: [
          { label: 'Old dashboard', url: 'https://grafana.example.test/d/old?a=1&b=2', checkedOn: day(-45) },
          { label: 'Alert rule', url: 'https://alerts.example.test/r/7', checkedOn: day(-30) },
        ],
      },
    });
    const doc = created.body as Doc;
    const cookie = await app.signIn(ana);
    const raw = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text();
    const html = decode(raw.replace(/<!-- -->/g, ''));
    expect(html).toContain(`stale: checked ${day(-45)}, 45 days ago`);
    expect(html).toContain(`checked ${day(-30)}`);
    expect(html).not.toContain(`stale: checked ${day(-30)}`);
    expect(raw).toContain('href="https://grafana.example.test/d/old?a=1&amp;b=2"');
    const pdf = squash(
      pdfText(Buffer.from(await (await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } })).arrayBuffer()), 'raw'),
    );
    expect(pdf.replace(/\s/g, '')).toContain(`(checked${day(-45)},STALE:45daysold)`);
    expect(pdf.replace(/\s/g, '')).toContain(`(checked${day(-30)})`);
    expect(pdf).toContain('Old dashboard');
    expect(pdf).toContain('Alert rule');
  });

  it('without JavaScript: the edit form adds an evidence row, refuses a bad one with the cell named, and keeps what was typed', async () => {
    const doc = (await create({ docs: { answer: 'yes', note: 'Updated the guide' } })).body as Doc;
    const cookie = await app.signIn(ana);
    const edit = async () =>
      (await (await app.fetch(`/docs/${doc.id}/edit`, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, '');
    let html = await edit();
    expect(html).toContain('name="f.checks.docs.evidence.0.url"');
    expect(html).toContain('value="notyet"');
    const post = (body: URLSearchParams) =>
      app.fetch(`/docs/${doc.id}/edit`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const bad = await post(
      formOf(html, {
        'f.checks.docs.evidence.0.label': 'User guide',
        'f.checks.docs.evidence.0.url': 'ftp://docs.example.test/guide',
        'f.checks.docs.evidence.0.checkedOn': day(-1),
      }),
    );
    expect(bad.status).toBe(400);
    const badHtml = decode(await bad.text());
    expect(badHtml).toContain('use a full http(s):// address a reviewer can open');
    expect(badHtml).toContain('value="ftp://docs.example.test/guide"');
    html = await edit();
    const ok = await post(
      formOf(html, {
        'f.checks.docs.evidence.0.label': 'User guide',
        'f.checks.docs.evidence.0.url': 'https://docs.example.test/guide',
        'f.checks.docs.evidence.0.checkedOn': day(-1),
      }),
    );
    expect(ok.status).toBe(302);
    const saved = (await api(ana, `/documents/${doc.id}`)).body as Doc;
    expect(saved.fields.checks.docs.evidence).toEqual([
      { label: 'User guide', url: 'https://docs.example.test/guide', checkedOn: day(-1) },
    ]);
    // Emptying the row removes the link.
    html = await edit();
    expect(html).toContain('value="https://docs.example.test/guide"');
    const cleared = await post(
      formOf(html, { 'f.checks.docs.evidence.0.label': '', 'f.checks.docs.evidence.0.url': '', 'f.checks.docs.evidence.0.checkedOn': '' }),
    );
    expect(cleared.status).toBe(302);
    expect(((await api(ana, `/documents/${doc.id}`)).body as Doc).fields.checks.docs.evidence).toBeUndefined();
  });
});
