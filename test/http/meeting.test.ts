// The launch meeting through the pages with plain form posts (as without JavaScript): start with attendees and
// guests, walk the questions with ?q=N, mark them discussed, sign off on the last step, end the meeting and find
// the decision recorded with the meeting's time and attendees; who may run and who may watch; bad input is a 4xx.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createCustomTemplate } from '../../app/models/template.server';
import type { Actor } from '../../app/models/types';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { pdfText } from '../pdf/helpers';

const TEMPLATE = {
  key: 'meeting-walk',
  version: 1,
  kind: 'checklist',
  title: 'Meeting walk launch',
  description: 'Two questions, one with evidence that goes stale after 30 days.',
  signoffRoles: ['Engineering lead'],
  sections: [
    {
      key: 'checks',
      title: 'Checks',
      fields: [
        {
          key: 'checks',
          type: 'checklist',
          label: 'Checks',
          required: true,
          evidenceMaxAgeDays: 30,
          items: [
            { key: 'monitoring', label: 'Is it in monitoring?', gate: true, evidence: true },
            { key: 'rollback', label: 'Can it roll back?', required: true },
          ],
        },
        { key: 'blockers', type: 'actions', label: 'Launch blockers', kinds: ['launch blocker'] },
      ],
    },
  ],
};
const FIELDS = {
  checks: {
    monitoring: {
      answer: 'yes',
      note: 'Dashboards & alerts <b>ready</b>',
      evidence: [{ label: 'Reorder dashboard', url: 'https://dash.example/reorder', checkedOn: '2020-01-02' }],
    },
    rollback: { answer: 'no', note: 'The migration is one-way.' },
  },
};

describeEachBackend('launch meeting pages', (db) => {
  let app: TestApp;
  let lead: Actor;
  let other: Actor;
  let viewer: Actor;
  let docId: string;

  const text = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');
  async function as(actor: Actor) {
    const cookie = await app.signIn(actor);
    const csrf = await app.csrf(cookie);
    return {
      cookie,
      get: async (path: string) => {
        const res = await app.fetch(path, { headers: { Cookie: cookie } });
        return { status: res.status, html: await text(res) };
      },
      post: (path: string, body: Record<string, string> | URLSearchParams) => {
        const params = new URLSearchParams(body);
        params.set('csrf', csrf);
        return app.fetch(path, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: params,
        });
      },
      api: async (path: string) => app.fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${await app.token(actor)}` } }),
    };
  }
  const audits = async (action: 'meeting.started' | 'meeting.ended') =>
    db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, docId), eq(auditEvents.action, action)));

  beforeAll(async () => {
    app = await createTestApp(db());
    lead = await createTestActor(db(), 'editor', { name: 'Lena Lead' });
    other = await createTestActor(db(), 'editor', { name: 'Omar Other' });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vera Viewer' });
    await createCustomTemplate(db(), { definition: TEMPLATE, createdBy: lead.id });
    const doc = await createDocument(db(), { actor: lead, input: { template: 'meeting-walk', title: 'Launch: walk', fields: FIELDS } });
    await transitionDocument(db(), { actor: lead, id: doc.id, input: { to: 'in_review', version: doc.version } });
    docId = doc.id;
  });

  it('starts with attendees and guests, walks the questions with plain posts, signs off and records the decision on ending', async () => {
    const l = await as(lead);
    const page = `/docs/${docId}/meeting`;
    // The review page links to the meeting.
    expect((await l.get(`/docs/${docId}`)).html).toContain(`href="/docs/${docId}/meeting"`);
    let { status, html } = await l.get(page);
    expect(status).toBe(200);
    expect(html).toContain('Start the meeting');
    expect(html).toContain('Omar Other');

    // Bad input is named: an attendee who is not a user, too many guests.
    let res = await l.post(
      page,
      new URLSearchParams([
        ['intent', 'start'],
        ['attendee', 'no-such-user'],
      ]),
    );
    expect(res.status).toBe(400);
    expect(await text(res)).toContain('choose attendees among the users');
    res = await l.post(page, { intent: 'start', guests: Array.from({ length: 31 }, (_, i) => `Guest ${i}`).join('\n') });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain('at most 30 guests');

    res = await l.post(
      page,
      new URLSearchParams([
        ['intent', 'start'],
        ['attendee', other.id],
        ['guests', 'Gia Guest, Sam Support'],
      ]),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${page}?q=1`);
    // One meeting at a time.
    res = await l.post(page, { intent: 'start' });
    expect(res.status).toBe(409);
    expect(await text(res)).toContain('already under way');
    expect(await audits('meeting.started')).toHaveLength(1);

    ({ html } = await l.get(`${page}?q=1`));
    expect(html).toContain('1 of 2, 0 discussed');
    expect(html).toContain('Is it in monitoring?');
    expect(html).toContain('Gate');
    // The note is text, never HTML; evidence opens in a new tab and is flagged stale.
    expect(html).toContain('Dashboards &amp; alerts &lt;b&gt;ready&lt;/b&gt;');
    expect(html).toMatch(/<a href="https:\/\/dash\.example\/reorder" target="_blank" rel="noopener noreferrer">Reorder dashboard<\/a>/);
    expect(html).toMatch(/data-stale="true"/);
    expect(html).toMatch(/checked 2020-01-02 — stale \(\d+ days old\)/);
    expect(html).toContain('Lena Lead, Omar Other, Gia Guest, Sam Support');
    expect(html).toContain('Keys: → or n next · ← or p previous · d mark discussed');
    expect(html).toContain(`href="${page}?q=2"`);
    const meetingId = /name="meeting" value="([^"]+)"/.exec(html)![1];

    // Bad marks: an unknown question, an unknown meeting, a form without its fields.
    res = await l.post(page, { intent: 'discussed', meeting: meetingId, question: 'checks.nope', q: '1' });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain('there is no such question');
    res = await l.post(page, {
      intent: 'discussed',
      meeting: '0b6f3a44-9c1e-4c55-8a47-2f0d7c7f3e21',
      question: 'checks.monitoring',
      q: '1',
    });
    expect(res.status).toBe(404);
    res = await l.post(page, { intent: 'discussed', meeting: meetingId });
    expect(res.status).toBe(400);
    res = await l.post(page, { intent: 'adjourn' });
    expect(res.status).toBe(400);

    res = await l.post(page, { intent: 'discussed', meeting: meetingId, question: 'checks.monitoring', q: '1' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${page}?q=2`);
    ({ html } = await l.get(`${page}?q=2`));
    expect(html).toContain('2 of 2, 1 discussed');
    expect(html).toContain('Can it roll back?');
    expect(html).toContain('The migration is one-way.');
    // Answering No opened a launch blocker: the meeting shows it and its state.
    expect(html).toContain('Answered No: Can it roll back? — open');
    expect(html).toContain(`href="${page}?q=1"`);
    // Someone else marks the same question: the first mark stays, both count once.
    const o = await as(other);
    expect((await o.post(page, { intent: 'discussed', meeting: meetingId, question: 'checks.rollback', q: '2' })).status).toBe(302);
    expect((await l.post(page, { intent: 'discussed', meeting: meetingId, question: 'checks.rollback', q: '2' })).status).toBe(302);
    ({ html } = await l.get(`${page}?q=2`));
    expect(html).toContain('2 of 2, 2 discussed');
    expect(html).toContain('marked by Omar Other');
    // Out of range ?q is clamped.
    expect((await l.get(`${page}?q=-4`)).html).toContain('1 of 2, 2 discussed');

    // The last step is the sign-off panel, with the end form.
    ({ html } = await l.get(`${page}?q=3`));
    expect(html).toContain('Sign-off (after 2 questions), 2 discussed');
    expect(html).toContain('Decision: Pending');
    expect(html).toContain('aria-label="Sign off"');
    res = await l.post(`${page}?q=3`, { intent: 'signoff', role: 'Nobody', decision: 'go' });
    expect(res.status).toBe(400);
    res = await l.post(`${page}?q=3`, { intent: 'signoff', role: 'Engineering lead', decision: 'no_go', comment: 'No way back' });
    expect(res.status).toBe(200);
    expect(await text(res)).toContain('Signed.');
    ({ html } = await l.get(`${page}?q=3`));
    expect(html).toContain('Decision: No-Go');

    // The certificate before the meeting ends (stored), and after: the ended meeting is printed, not the stored PDF served.
    const pdf = async () => {
      const r = await app.fetch(`/docs/${docId}.pdf`, { headers: { Cookie: l.cookie } });
      expect(r.status).toBe(200);
      return pdfText(Buffer.from(await r.arrayBuffer()));
    };
    expect(await pdf()).toContain('Launch certificate');
    expect(await pdf()).not.toContain('Launch meetings');

    res = await l.post(page, { intent: 'end', meeting: meetingId });
    expect(res.status).toBe(302);
    const printed = (await pdf()).replace(/\s+/g, ' ');
    expect(printed).toContain('Launch meetings');
    expect(printed).toMatch(/No-Go, 2 discussed\. Attendees: Lena Lead, Omar Other, Gia Guest, Sam Support/);
    ({ html } = await l.get(page));
    expect(html).toMatch(/data-recorded-decision="no_go"/);
    expect(html).toContain('with the decision No-Go, recorded with its attendees: Lena Lead, Omar Other, Gia Guest, Sam Support');
    // Ended is ended: no second end, no marks.
    res = await l.post(page, { intent: 'end', meeting: meetingId });
    expect(res.status).toBe(409);
    res = await l.post(page, { intent: 'discussed', meeting: meetingId, question: 'checks.monitoring', q: '1' });
    expect(res.status).toBe(409);
    expect(await audits('meeting.ended')).toHaveLength(1);

    // The API and the review page tell the same.
    const api = await l.api(`/documents/${docId}/meetings`);
    expect(api.status).toBe(200);
    const body = await api.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      id: meetingId,
      startedBy: 'Lena Lead',
      endedBy: 'Lena Lead',
      decision: 'no_go',
      attendees: [
        { id: lead.id, name: 'Lena Lead' },
        { id: other.id, name: 'Omar Other' },
        { id: null, name: 'Gia Guest' },
        { id: null, name: 'Sam Support' },
      ],
      discussed: [
        { question: 'checks.monitoring', by: 'Lena Lead' },
        { question: 'checks.rollback', by: 'Omar Other' },
      ],
    });
    expect(body.items[0].reasons.join(' ')).toContain('No-Go from Lena Lead (Engineering lead): No way back');
    expect(Date.parse(body.items[0].endedAt)).toBeGreaterThanOrEqual(Date.parse(body.items[0].startedAt));
    ({ html } = await l.get(`/docs/${docId}`));
    expect(html).toMatch(/data-meeting-decision="no_go"/);
    expect(html).toContain('attendees: Lena Lead, Omar Other, Gia Guest, Sam Support · 2 discussed');
  });

  it('viewers watch read-only; only a review in review holds a meeting', async () => {
    const draft = await createDocument(db(), { actor: lead, input: { template: 'meeting-walk', title: 'Launch: draft', fields: FIELDS } });
    const l = await as(lead);
    const res = await l.post(`/docs/${draft.id}/meeting`, { intent: 'start' });
    expect(res.status).toBe(409);
    expect(await text(res)).toContain('a launch meeting is held while it is in review');
    expect((await l.get(`/docs/${draft.id}/meeting`)).html).toContain('launch meetings are held while it is in review');

    // A viewer cannot read a review in review at all, and never posts.
    const v = await as(viewer);
    expect((await v.get(`/docs/${docId}/meeting`)).status).toBe(404);
    expect((await v.api(`/documents/${docId}/meetings`)).status).toBe(404);
    expect((await v.post(`/docs/${docId}/meeting`, { intent: 'start' })).status).toBe(403);

    // Published, the review's meeting page is read-only for everyone: past meetings, no forms.
    const reviewer = await createTestActor(db(), 'editor', { name: 'Pia Publisher' });
    const [{ version }] = [await (await l.api(`/documents/${docId}`)).json()];
    await transitionDocument(db(), { actor: reviewer, id: docId, input: { to: 'published', version } });
    const watched = await v.get(`/docs/${docId}/meeting`);
    expect(watched.status).toBe(200);
    expect(watched.html).toContain('launch meetings are held while it is in review');
    expect(watched.html).toMatch(/data-meeting-decision="no_go"/);
    expect(watched.html).not.toContain('Start the meeting');
    expect(watched.html).not.toContain('name="meeting"');
    expect((await (await v.api(`/documents/${docId}/meetings`)).json()).items).toHaveLength(1);
    const late = await l.post(`/docs/${docId}/meeting`, { intent: 'start' });
    expect(late.status).toBe(409);
  });
});
