// Template proposals (issue 12 item 4): from an RCA anyone who may read it proposes a question for a checklist
// template, citing the RCA; an admin accepts it into the template's next version (with the proposal and the RCA as
// its source) or declines it with a reason. Through the API, the pages without JavaScript, on both databases.
import { beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode } from '../helpers/forms';
import { createDocument, getDocument, transitionDocument } from '../../app/models/document.server';
import { addCustomTemplate, getTemplate, syncBuiltInTemplates } from '../../app/models/template.server';
import { itemKeyFor } from '../../app/models/template-proposal-decide.server';
import { BUILT_IN_TEMPLATES, type Template } from '../../templates';
import { auditEvents, templates } from '../../db/schema';
import type { Actor } from '../../app/models/types';

type Proposal = {
  id: string;
  status: string;
  question: string;
  template: string;
  field: string;
  rcaId: string | null;
  rcaTitle: string;
  acceptedVersion: number | null;
  item: string | null;
  declineReason: string | null;
  decidedBy: string | null;
};
type ApiError = { error: { code: string; message: string; issues?: { path: (string | number)[] }[] } };

const rollback = {
  template: 'etsy-go-no-go',
  field: 'checks',
  question: 'Was the rollback rehearsed in staging?',
  help: 'Run the rollback once, with the runbook, before launch day.',
  reason: 'The rollback in this incident took 40 minutes because nobody had run it before.',
};

describeEachBackend('template proposals', (db) => {
  let app: TestApp;
  let editor: Actor;
  let viewer: Actor;
  let admin: Actor;
  let published: string;
  let draft: string;
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
  const propose = (actor: Actor, id: string, over: Record<string, unknown> = {}) =>
    api(actor, `/documents/${id}/proposals`, 'POST', { ...rollback, ...over });
  const decide = (actor: Actor, id: string, body: unknown) => api(actor, `/template-proposals/${id}`, 'PATCH', body);
  const issuePath = (body: unknown) => (body as ApiError).error.issues?.[0]?.path;
  const latestVersion = async (key: string) => (await getTemplate(db(), { key })).version;
  const questionsOf = (t: Template, field = 'checks') =>
    t.sections.flatMap((s) => s.fields).find((f) => f.key === field && f.type === 'checklist') as
      | { items: { key: string; label: string; help?: string; source?: { proposal: string; rca: string | null } }[] }
      | undefined;
  async function publishedRca(title: string) {
    const d = await createDocument(db(), { actor: editor, input: rcaInput({ title }) });
    const r = await transitionDocument(db(), { actor: editor, id: d.id, input: { to: 'in_review', version: d.version } });
    await transitionDocument(db(), { actor: admin, id: d.id, input: { to: 'published', version: r.version } });
    return d.id;
  }

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor', { name: 'Eda Editor' });
    viewer = await createTestActor(db(), 'viewer', { name: 'Vic Viewer' });
    admin = await createTestActor(db(), 'admin', { name: 'Ada Admin' });
    for (const a of [editor, viewer, admin]) tokens.set(a.id, await app.token(a));
    published = await publishedRca('Checkout rollback took 40 minutes');
    draft = (await createDocument(db(), { actor: editor, input: rcaInput({ title: 'Draft RCA: not for viewers' }) })).id;
  });

  it('anyone who reads the RCA proposes; bad input is a 400 naming the field; an unreadable RCA is a 404', async () => {
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ question: '  ' }, ['question']],
      [{ question: 'x'.repeat(301) }, ['question']],
      [{ reason: '' }, ['reason']],
      [{ template: 'blameless-rca' }, ['template']], // an RCA template: questions go to checklists
      [{ template: 'no-such-template' }, ['template']],
      [{ field: 'launchAt' }, ['field']], // a datetime field, not a checklist
      [{ field: 'nope' }, ['field']],
      [{ question: 'Has final QA signed off?' }, ['question']], // the checklist asks it already
      [{ help: 'h'.repeat(1001) }, ['help']],
      [{ surprise: true }, []],
    ];
    for (const [over, path] of cases) {
      const res = await propose(viewer, published, over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      if (path.length) expect(issuePath(res.body), JSON.stringify(over)).toEqual(path);
    }
    // A launch review is not an RCA.
    const launch = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch: not an RCA' } });
    const notRca = await propose(editor, launch.id);
    expect(notRca.status).toBe(400);
    expect(issuePath(notRca.body)).toEqual(['id']);

    // A viewer reads published RCAs only: a draft's proposals are not there for them.
    expect((await propose(viewer, draft)).status).toBe(404);
    expect((await api(viewer, `/documents/${draft}/proposals`)).status).toBe(404);
    expect((await propose(viewer, '00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const ok = await propose(viewer, published);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      status: 'open',
      question: rollback.question,
      template: 'etsy-go-no-go',
      field: 'checks',
      rcaId: published,
      rcaTitle: 'Checkout rollback took 40 minutes',
      acceptedVersion: null,
    });
    // The same open question twice is a conflict; an editor proposes from a draft.
    expect((await propose(editor, published)).status).toBe(409);
    expect((await propose(editor, draft, { question: 'Is the on-call rota told about the launch?' })).status).toBe(201);
    const list = (await api(viewer, `/documents/${published}/proposals`)).body as { items: Proposal[] };
    expect(list.items.map((p) => p.question)).toEqual([rollback.question]);
  });

  it('an admin accepts: the next version asks the question, with the proposal and the RCA as its source; new reviews use it, older ones keep theirs', async () => {
    const rca = await publishedRca('Feature flag left on after the rollback');
    const before = await latestVersion('etsy-go-no-go');
    const older = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch before the change' } });
    expect(older.template.version).toBe(before);
    const p = (await propose(viewer, rca, { question: 'Are flags removed after a rollback?', help: undefined })).body as Proposal;

    // Only admins decide.
    expect((await decide(editor, p.id, { action: 'accept' })).status).toBe(403);
    expect((await decide(viewer, p.id, { action: 'accept' })).status).toBe(403);
    expect((await api(editor, '/template-proposals')).status).toBe(403);
    expect((await decide(admin, p.id, { action: 'ship it' })).status).toBe(400);
    expect((await decide(admin, '00000000-0000-4000-8000-000000000000', { action: 'accept' })).status).toBe(404);

    const accepted = await decide(admin, p.id, { action: 'accept' });
    expect(accepted.status).toBe(200);
    const a = accepted.body as Proposal;
    expect(a).toMatchObject({
      status: 'accepted',
      acceptedVersion: before + 1,
      item: 'areFlagsRemovedAfterARollback',
      decidedBy: 'Ada Admin',
    });
    // Accepting twice, or declining an accepted proposal, is a conflict.
    expect((await decide(admin, p.id, { action: 'accept' })).status).toBe(409);
    expect((await decide(admin, p.id, { action: 'decline', reason: 'changed my mind' })).status).toBe(409);

    const next = await getTemplate(db(), { key: 'etsy-go-no-go' });
    expect(next.version).toBe(before + 1);
    const added = questionsOf(next)?.items.at(-1);
    expect(added).toEqual({
      key: 'areFlagsRemovedAfterARollback',
      label: 'Are flags removed after a rollback?',
      gate: false,
      source: { proposal: p.id, rca },
    });
    // Everything else is the previous version's.
    const prev = await getTemplate(db(), { key: 'etsy-go-no-go', version: before });
    expect(questionsOf(next)?.items.slice(0, -1)).toEqual(questionsOf(prev)?.items);
    expect(next.signoffRoles).toEqual(prev.signoffRoles);
    const [row] = await db()
      .select({ builtIn: templates.builtIn, createdBy: templates.createdBy })
      .from(templates)
      .where(and(eq(templates.key, 'etsy-go-no-go'), eq(templates.version, before + 1)));
    expect(row).toEqual({ builtIn: false, createdBy: admin.id });
    const listed = (await api(viewer, '/templates')).body as { items: { key: string; version: number }[] };
    expect(listed.items).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'etsy-go-no-go', version: before + 1 })]));

    // A new launch review uses the new version and asks the question; the older one keeps its version.
    const newer = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch after the change' } });
    expect(newer.template.version).toBe(before + 1);
    const cookie = await app.signIn(editor);
    const page = async (id: string) => decode(await (await app.fetch(`/docs/${id}`, { headers: { Cookie: cookie } })).text());
    // The edit form asks it, saying where it came from; the older review's form does not.
    const newHtml = await page(`${newer.id}/edit`);
    expect(newHtml).toContain('<strong>Are flags removed after a rollback?</strong>');
    expect(newHtml).toContain(`data-proposal="${p.id}"`);
    expect(newHtml).toContain(`href="/docs/${rca}"`);
    expect(await page(`${older.id}/edit`)).not.toContain('Are flags removed after a rollback?');
    expect((await getDocument(db(), { actor: editor, id: older.id })).template.version).toBe(before);

    // The RCA's page shows the proposal as accepted; the audit log has the acceptance and the new version.
    const rcaHtml = await page(rca);
    expect(rcaHtml).toContain('Accepted into Go / No-Go operability review');
    expect(rcaHtml).toMatch(new RegExp(`v${before + 1}`));
    const audit = await db().select({ action: auditEvents.action, targetId: auditEvents.targetId }).from(auditEvents);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'proposal.created', targetId: rca },
        { action: 'proposal.accepted', targetId: `etsy-go-no-go@${before + 1}` },
        { action: 'template.created', targetId: `etsy-go-no-go@${before + 1}` },
      ]),
    );

    // A later code version with the same number as the accepted one is skipped, never stored over it.
    const code = BUILT_IN_TEMPLATES.filter((t) => t.key === 'etsy-go-no-go').at(-1) as Template;
    const sync = await syncBuiltInTemplates(db(), [{ ...code, version: before + 1, title: 'Go/No-Go v-next' }]);
    expect(sync).toEqual({ inserted: 0, skipped: [`etsy-go-no-go@${before + 1}`] });
    expect((await getTemplate(db(), { key: 'etsy-go-no-go', version: before + 1 })).title).toBe(next.title);
  });

  it('declining needs a reason (400 naming it); the RCA page shows the reason', async () => {
    const rca = await publishedRca('Pager storm at launch');
    const p = (await propose(editor, rca, { question: 'Are alert thresholds reviewed for launch traffic?' })).body as Proposal;
    for (const body of [{ action: 'decline' }, { action: 'decline', reason: '   ' }]) {
      const res = await decide(admin, p.id, body);
      expect(res.status).toBe(400);
      expect(issuePath(res.body)).toEqual(['reason']);
    }
    const res = await decide(admin, p.id, { action: 'decline', reason: 'Covered by <b>monitoring</b> already.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', declineReason: 'Covered by <b>monitoring</b> already.', acceptedVersion: null });
    expect((await decide(admin, p.id, { action: 'accept' })).status).toBe(409);
    const raw = await (await app.fetch(`/docs/${rca}`, { headers: { Cookie: await app.signIn(viewer) } })).text();
    // Stored text is text: the markup is shown, never parsed.
    expect(raw).toContain('Covered by &lt;b&gt;monitoring&lt;/b&gt; already.');
    expect(raw).not.toContain('<b>monitoring</b>');
  });

  it('accepting appends to the latest version, whatever changed since the proposal; two acceptances take turns', async () => {
    const base = BUILT_IN_TEMPLATES.find((t) => t.key === 'launch-readiness') as Template;
    await addCustomTemplate(db(), { actor: admin, definition: { ...base, key: 'team-launch', title: 'Team launch', version: 1 } });
    const rca = await publishedRca('Cache stampede after deploy');
    const field = 'architecture';
    const a = (await propose(editor, rca, { template: 'team-launch', field, question: 'Is the cache warmed before traffic?' }))
      .body as Proposal;
    const b = (await propose(editor, rca, { template: 'team-launch', field, question: '1 cache per region?' })).body as Proposal;
    // Meanwhile an admin changes the template (v2, with another title).
    await addCustomTemplate(db(), {
      actor: admin,
      definition: { ...base, key: 'team-launch', title: 'Team launch (revised)', version: 2 },
    });
    const [ra, rb] = await Promise.all([decide(admin, a.id, { action: 'accept' }), decide(admin, b.id, { action: 'accept' })]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect([(ra.body as Proposal).acceptedVersion, (rb.body as Proposal).acceptedVersion].sort()).toEqual([3, 4]);
    const latest = await getTemplate(db(), { key: 'team-launch' });
    expect(latest.version).toBe(4);
    expect(latest.title).toBe('Team launch (revised)');
    expect(questionsOf(latest, field)?.items.map((i) => i.key)).toEqual(
      expect.arrayContaining(['isTheCacheWarmedBeforeTraffic', 'q1CachePerRegion']),
    );
    // The admin list: open ones first.
    await propose(editor, rca, { template: 'team-launch', field, question: 'Is there a load-shedding switch?' });
    const all = (await api(admin, '/template-proposals?limit=200')).body as { items: Proposal[]; total: number };
    expect(all.items[0].status).toBe('open');
    const firstDecided = all.items.findIndex((p) => p.status !== 'open');
    expect(all.items.slice(firstDecided).every((p) => p.status !== 'open')).toBe(true);
    expect(all.total).toBe(all.items.length);
    expect((await api(admin, '/template-proposals?status=bogus')).status).toBe(400);
    const open = (await api(admin, '/template-proposals?status=open')).body as { items: Proposal[] };
    expect(open.items.every((p) => p.status === 'open')).toBe(true);
  });

  it('item keys come from the question, unique in the checklist', () => {
    expect(itemKeyFor('Was the rollback rehearsed in staging?', new Set())).toBe('wasTheRollbackRehearsedInStaging');
    expect(itemKeyFor('Was the rollback rehearsed?', new Set(['wasTheRollbackRehearsed']))).toBe('wasTheRollbackRehearsed2');
    expect(itemKeyFor('¿Qué pasa?', new Set())).toBe('quePasa');
    expect(itemKeyFor('日本語', new Set())).toBe('proposedQuestion');
    expect(itemKeyFor('2 regions?', new Set())).toBe('q2Regions');
  });

  it('without JavaScript: a viewer proposes from the RCA page (refused input comes back typed), withdraws; an admin decides on /admin/proposals', async () => {
    const rca = await publishedRca('Webhook retries doubled the load');
    const viewerCookie = await app.signIn(viewer);
    const adminCookie = await app.signIn(admin);
    const post = async (cookie: string, path: string, body: Record<string, string>) => {
      const res = await app.fetch(path, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: await app.csrf(cookie), ...body }),
      });
      const raw = await res.text();
      return { status: res.status, raw, html: decode(raw.replace(/<!-- -->/g, '')) };
    };
    let html = decode((await (await app.fetch(`/docs/${rca}`, { headers: { Cookie: viewerCookie } })).text()).replace(/<!-- -->/g, ''));
    expect(html).toContain('Propose a checklist question');
    expect(html).toContain('No questions proposed from this RCA yet.');
    expect(html).toMatch(/<option value="etsy-go-no-go\.checks"/);
    const form = {
      intent: 'proposal-add',
      target: 'etsy-go-no-go.checks',
      question: 'Are retries <i>capped</i> with backoff?',
      help: '',
      reason: 'Retries without a cap doubled the load during the incident.',
    };
    const bad = await post(viewerCookie, `/docs/${rca}`, { ...form, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('say what this RCA showed that the question would catch');
    expect(bad.raw).toContain('value="Are retries &lt;i&gt;capped&lt;/i&gt; with backoff?"');
    const badTarget = await post(viewerCookie, `/docs/${rca}`, { ...form, target: 'blameless-rca.timeline' });
    expect(badTarget.status).toBe(400);
    expect(badTarget.html).toContain('questions are proposed for checklist templates');
    expect(badTarget.raw).toContain('id="proposal-target-error"');
    const ok = await post(viewerCookie, `/docs/${rca}`, form);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Proposed for Go / No-Go operability review (Operability checklist)');
    expect(ok.raw).toContain('Are retries &lt;i&gt;capped&lt;/i&gt; with backoff?');
    expect(ok.raw).not.toContain('<i>capped</i>');
    // The page's other forms stay with editors.
    expect((await post(viewerCookie, `/docs/${rca}`, { intent: 'link-add', kind: 'related_incident', to: published })).status).toBe(403);

    // Withdrawing is for the proposer (or an admin); an editor who did not propose it may not.
    const mine = ((await api(viewer, `/documents/${rca}/proposals`)).body as { items: Proposal[] }).items[0];
    const editorCookie = await app.signIn(editor);
    expect((await post(editorCookie, `/docs/${rca}`, { intent: 'proposal-withdraw', proposal: mine.id })).status).toBe(403);
    const gone = await post(viewerCookie, `/docs/${rca}`, { intent: 'proposal-withdraw', proposal: mine.id });
    expect(gone.status).toBe(200);
    expect(gone.html).toContain('withdrawn');
    expect((await post(viewerCookie, `/docs/${rca}`, { intent: 'proposal-withdraw', proposal: mine.id })).status).toBe(409);

    // Proposed again, then decided on the admin page.
    await post(viewerCookie, `/docs/${rca}`, form);
    const again = ((await api(viewer, `/documents/${rca}/proposals`)).body as { items: Proposal[] }).items[0];
    html = decode(await (await app.fetch('/admin/proposals', { headers: { Cookie: adminCookie } })).text());
    expect(html).toContain('Template proposals');
    expect(html).toContain('Are retries <i>capped</i> with backoff?');
    expect(html.indexOf(again.id)).toBeLessThan(html.indexOf(mine.id)); // open first
    const noReason = await post(adminCookie, '/admin/proposals', { intent: 'decline', proposal: again.id, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.raw).toContain(`id="decline-${again.id}-error"`);
    const accepted = await post(adminCookie, '/admin/proposals', { intent: 'accept', proposal: again.id });
    expect(accepted.status).toBe(200);
    expect(accepted.html).toMatch(/Accepted: Go \/ No-Go operability review v\d+ asks “Are retries <i>capped<\/i> with backoff\?”/);
    expect((await post(adminCookie, '/admin/proposals', { intent: 'accept', proposal: again.id })).status).toBe(409);
    expect(decode(await (await app.fetch('/admin', { headers: { Cookie: adminCookie } })).text())).toContain('/admin/proposals');
  });
});
