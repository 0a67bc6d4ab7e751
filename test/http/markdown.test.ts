import fs from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, type Field } from '../../templates';
import { parseTimelinePaste } from '../../app/lib/timeline-paste';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';

/** A value for every settable field of a template, shaped to catch escaping and formatting mistakes. */
function everyField(fields: Field[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'text') out[f.key] = `${f.label} value | with a pipe`;
    if (f.type === 'richtext')
      out[f.key] = `${f.label}: the **pool** was too _small_.\n\n## Why it matters\n\n- one \`item\`\n- two\n\n1. first\n2. second`;
    if (f.type === 'datetime') out[f.key] = f.key.startsWith('end') ? '2016-06-16T01:30:00Z' : '2016-06-15T22:04:00Z';
    if (f.type === 'date') out[f.key] = '2016-06-17';
    if (f.type === 'select') out[f.key] = f.options[f.options.length - 1].value;
    if (f.type === 'people') out[f.key] = ['Ada Lovelace', 'grace@example.test'];
    if (f.type === 'table')
      // Pipes, a line break, non-Latin text and an empty optional cell: each cell comes back as it went out.
      out[f.key] = [
        Object.fromEntries(f.columns.map((c, i) => [c.key, `${c.label}: a | b\nsecond line ${i}`])),
        Object.fromEntries(f.columns.map((c, i) => [c.key, c.required || i === 0 ? `Ελληνικά «${c.key}» 日本語` : ''])),
      ];
    if (f.type === 'links')
      out[f.key] = [{ label: 'Dash [main] board', url: 'https://grafana.example.test/d/1?x=1&y=2' }, 'https://chat.example.test/c/2'];
    if (f.type === 'timeline')
      out[f.key] = [
        { at: '2016-06-15T22:04:00Z', text: 'Consumers stop | acknowledging', marker: 'detected' },
        { at: '2016-06-15T22:30:15Z', text: 'Rolled back the deploy' },
        { at: '2016-06-16T01:30:00Z', text: 'Backlog drained', marker: 'resolved' },
      ];
    if (f.type === 'checklist')
      out[f.key] = Object.fromEntries(
        f.items.map((i, n) => {
          const answer = (['yes', 'no', 'na', 'notyet'] as const)[n % 4];
          const evidence =
            n % 3 === 0
              ? [
                  { label: `Dashboard ${n} | p99`, url: `https://grafana.example.test/d/${n}?from=now-7d&to=now`, checkedOn: '2026-11-20' },
                  { label: 'Runbook — «failover»', url: 'https://wiki.example.test/runbooks/failover', checkedOn: '2025-01-02' },
                ]
              : undefined;
          const note = answer === 'na' ? `not applicable ${n}: no new hosts` : n % 2 ? `note ${n} — with a dash` : '';
          return [i.key, { answer, note, ...(evidence ? { evidence } : {}) }];
        }),
      );
    if (f.type === 'actions')
      out[f.key] = [
        {
          title: 'Add a dead-letter queue (DLQ)',
          kind: f.kinds[0],
          owner: 'Ada Lovelace',
          dueDate: '2016-07-01',
          status: 'in_progress',
          url: 'https://tracker.example.test/T-1',
        },
        { title: 'Write the runbook', kind: f.kinds[1] ?? f.kinds[0], owner: null, dueDate: null, status: 'done', url: null },
      ];
  }
  return out;
}

const fixture = (name: string) => fs.readFileSync(`test/fixtures/markdown/${name}.md`, 'utf8');

describeEachBackend('Markdown out and in', (db) => {
  let app: TestApp;
  let editorToken: string;
  let viewerToken: string;
  let viewerCookie: string;
  let editorCookie: string;
  const call = (path: string, token: string | null, init: RequestInit & { json?: unknown } = {}) =>
    app.fetch(path, {
      ...init,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
  const importMd = (template: string, markdown: string, token = editorToken) =>
    call('/api/v1/documents/import', token, { method: 'POST', json: { template, markdown } });

  beforeAll(async () => {
    app = await createTestApp(db());
    const editor = await createTestActor(db(), 'editor');
    const viewer = await createTestActor(db(), 'viewer');
    editorToken = await app.token(editor);
    viewerToken = await app.token(viewer);
    editorCookie = await app.signIn(editor);
    viewerCookie = await app.signIn(viewer);
  });

  it('writes a heading per section, the facts and timeline as tables with UTC times, action items as a task list', async () => {
    const doc = await (await call('/api/v1/documents', editorToken, { method: 'POST', json: rcaInput() })).json();
    const res = await call(`/api/v1/documents/${doc.id}/markdown`, editorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    const md = await res.text();
    expect(md).toMatch(
      /^# Queue backlog delayed emails\n\n\| Fact \| Value \|\n\| --- \| --- \|\n\| Status \| Draft \|\n\| Severity \| SEV2 \|\n\| Service \| mailer \|\n\| Tags \| queue, email \|/,
    );
    for (const s of ['Incident facts', 'Events', 'Symptoms', 'What happened', 'Root cause', 'Next steps'])
      expect(md).toContain(`\n## ${s}\n`);
    expect(md).toContain(
      '| Time (UTC) | Marker | Event |\n| --- | --- | --- |\n| 2016-06-15 22:04 UTC |  | Consumers stop acknowledging messages |\n| 2016-06-15 22:30 UTC | detected | Backlog alert fires |',
    );
    expect(md).toContain('- [ ] Add a dead-letter queue (owner: Ada Lovelace; due: 2016-07-01; status: Open; kind: prevent)');
    expect(md).toContain('### Chat references');
    // The page route gives the same text to a signed-in reader.
    const page = await app.fetch(`/docs/${doc.id}.md`, { headers: { Cookie: editorCookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await page.text()).toBe(md);
  });

  it('reads Markdown under the same access rule as the document: 401, 404 for a draft a viewer cannot read, 405', async () => {
    const doc = await (await call('/api/v1/documents', editorToken, { method: 'POST', json: rcaInput() })).json();
    expect((await call(`/api/v1/documents/${doc.id}/markdown`, null)).status).toBe(401);
    expect((await call(`/api/v1/documents/${doc.id}/markdown`, 'not-a-token')).status).toBe(401);
    expect((await call(`/api/v1/documents/${doc.id}/markdown`, viewerToken)).status).toBe(404);
    expect((await call('/api/v1/documents/00000000-0000-0000-0000-000000000000/markdown', editorToken)).status).toBe(404);
    expect((await call(`/api/v1/documents/${doc.id}/markdown`, editorToken, { method: 'POST', json: {} })).status).toBe(405);
    expect((await app.fetch(`/docs/${doc.id}.md`, { headers: { Cookie: viewerCookie } })).status).toBe(404);
    const anonymous = await app.fetch(`/docs/${doc.id}.md`);
    expect([302, 401]).toContain(anonymous.status);
    expect(anonymous.status === 302 ? anonymous.headers.get('location') : '').toMatch(anonymous.status === 302 ? /^\/login/ : /^$/);
  });

  for (const template of BUILT_IN_TEMPLATES)
    it(`${template.key}: export then import gives back the same fields, facts and action items`, async () => {
      const fields = everyField(template.sections.flatMap((s) => s.fields));
      const created = await call('/api/v1/documents', editorToken, {
        method: 'POST',
        json: {
          template: template.key,
          title: `Round trip of ${template.title}`,
          severity: 'SEV3',
          service: 'checkout | eu',
          tags: ['a', 'b c'],
          fields,
        },
      });
      expect(created.status).toBe(201);
      const before = await created.json();
      const md = await (await call(`/api/v1/documents/${before.id}/markdown`, editorToken)).text();
      const res = await importMd(template.key, md);
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.report.unparsed).toEqual([]);
      expect(body.report.warnings).toEqual([]);
      expect(body.report.headings.filter((h: { how: string }) => h.how === 'nearest' || h.how === 'none')).toEqual([]);
      const after = await (await call(`/api/v1/documents/${body.id}`, editorToken)).json();
      expect(after.status).toBe('draft');
      expect({ title: after.title, severity: after.severity, service: after.service, tags: after.tags }).toEqual({
        title: before.title,
        severity: 'SEV3',
        service: 'checkout | eu',
        tags: ['a', 'b c'],
      });
      // Who answered is not carried by a file: the import records the importer, now, for every answer.
      const unstamped = (fields: Record<string, unknown>) =>
        JSON.parse(JSON.stringify(fields, (k, v) => (['answeredBy', 'answeredById', 'answeredAt'].includes(k) ? undefined : v)));
      expect(unstamped(after.fields)).toEqual(unstamped(before.fields));
      for (const f of template.sections.flatMap((s) => s.fields))
        if (f.type === 'checklist')
          for (const a of Object.values(after.fields[f.key] as Record<string, { answeredBy?: string; answeredAt?: string }>))
            expect(a).toMatchObject({ answeredBy: 'Test editor', answeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      const rows = (d: { actionItems: Record<string, unknown>[] }) =>
        d.actionItems.map(({ fieldKey, title, kind, owner, dueDate, status, url }) => ({
          fieldKey,
          title,
          kind,
          owner,
          dueDate,
          status,
          url,
        }));
      expect(rows(after)).toEqual(rows(before));
      expect(rows(after).length).toBeGreaterThan(0);
      // And the import's own export is the same text but for the header facts that name this copy.
      const again = await (await call(`/api/v1/documents/${body.id}/markdown`, editorToken)).text();
      const body_ = (s: string) => s.slice(s.indexOf('\n## '));
      expect(body_(again)).toBe(body_(md));
    });

  it('imports a Google SRE-style postmortem: bold key lines, an action table, lessons, a timeline with a zone note', async () => {
    const res = await importMd('google-sre-postmortem', fixture('sre-postmortem'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/v1\/documents\//);
    const { id, report } = await res.json();
    const doc = await (await call(`/api/v1/documents/${id}`, editorToken)).json();
    expect(doc.title).toBe('Shakespeare Sonnet++ Postmortem (incident #465)');
    expect(doc.fields.date).toBe('2015-10-21');
    expect(doc.fields.authors).toEqual(['jennifer', 'martym', 'agoogler']);
    expect(JSON.stringify(doc.fields.impact)).toContain('1.21B queries lost');
    expect(JSON.stringify(doc.fields.trigger)).toContain('Latent bug');
    expect(JSON.stringify(doc.fields.gotLucky)).toContain('Mailing list');
    expect(doc.fields.supportingLinks).toEqual([{ label: 'Monitoring dashboard', url: 'https://monitor.example.com/shakespeare' }]);
    expect(doc.fields.timeline.map((e: { at: string }) => e.at)).toEqual([
      '2015-10-21T14:51:00Z',
      '2015-10-21T14:53:00Z',
      '2015-10-21T14:54:00Z',
      '2015-10-21T14:55:00Z',
      '2015-10-21T14:57:00Z',
      '2015-10-21T15:01:00Z',
      '2015-10-21T15:55:00Z',
    ]);
    expect(
      doc.actionItems.map((a: { title: string; kind: string; owner: string; status: string; url: string | null }) => [
        a.kind,
        a.owner,
        a.status,
        a.url,
      ]),
    ).toEqual([
      ['mitigate', 'jennifer', 'done', null],
      ['prevent', 'martym', 'open', 'https://bugs.example.com/5554823'],
      ['process', 'docbrown', 'open', null],
    ]);
    expect(report.headings).toContainEqual({
      line: 21,
      heading: 'Action Items',
      section: 'Action items',
      field: 'Action items',
      how: 'exact',
    });
    expect(report.unparsed).toEqual([
      { line: 56, text: '* around lunch someone got coffee', reason: expect.stringMatching(/No time found/) },
    ]);
  });

  it('imports a status-page incident report: synonyms, a timeline table, a task list, severity and service', async () => {
    const res = await importMd('blameless-rca', fixture('status-page'));
    expect(res.status).toBe(201);
    const { id, report } = await res.json();
    const doc = await (await call(`/api/v1/documents/${id}`, editorToken)).json();
    expect([doc.severity, doc.service]).toEqual(['SEV2', 'Public API']);
    expect(doc.fields.timeline.map((e: { at: string; text: string }) => `${e.at} ${e.text.slice(0, 11)}`)).toEqual([
      '2024-03-03T14:02:00Z Investigati',
      '2024-03-03T14:20:00Z Identified ',
      '2024-03-03T14:45:00Z Monitoring ',
      '2024-03-03T15:10:00Z Resolved - ',
    ]);
    expect(
      doc.actionItems.map((a: { title: string; owner: string; dueDate: string; status: string }) => [
        a.title,
        a.owner,
        a.dueDate,
        a.status,
      ]),
    ).toEqual([
      ['Validate load balancer configuration in CI', 'netops', '2024-03-20', 'open'],
      ['Roll back the configuration', 'oncall', null, 'done'],
    ]);
    expect(JSON.stringify(doc.fields.symptoms)).toContain('12% of API requests failed');
    expect(report.headings).toEqual(
      expect.arrayContaining([
        { line: 6, heading: 'Resolved', section: 'Symptoms', field: 'Symptoms', how: 'nearest' },
        { line: 20, heading: 'Customer impact', section: 'Symptoms', field: 'Symptoms', how: 'synonym' },
        { line: 28, heading: 'What we are doing about it', section: 'Next steps', field: 'Next steps', how: 'synonym' },
      ]),
    );
    expect(report.unparsed).toEqual([{ line: 18, text: 'sometime later Postmortem published', reason: expect.any(String) }]);
  });

  it('imports a wiki page with loose headings: setext title, odd case and punctuation, a zone in the heading, time-only lines', async () => {
    const res = await importMd('blameless-rca', fixture('wiki-loose'));
    expect(res.status).toBe(201);
    const { id, report } = await res.json();
    const doc = await (await call(`/api/v1/documents/${id}`, editorToken)).json();
    expect(doc.title).toBe('Checkout outage -- notes from the wiki');
    // CET is UTC+1 in November.
    expect(doc.fields.timeline.map((e: { at: string }) => e.at)).toEqual([
      '2023-11-02T08:15:00Z',
      '2023-11-02T08:20:00Z',
      '2023-11-02T08:55:00Z',
    ]);
    expect(doc.actionItems.map((a: { title: string }) => a.title)).toEqual([
      'Add alert on pool exhaustion',
      'Document the gateway timeouts',
    ]);
    expect(report.headings).toEqual(
      expect.arrayContaining([
        { line: 6, heading: 'background', section: 'Symptoms', field: 'Symptoms', how: 'nearest' },
        { line: 9, heading: 'IMPACT!!', section: 'Symptoms', field: 'Symptoms', how: 'synonym' },
        { line: 22, heading: 'Events (times in CET)', section: 'Events', field: 'Events', how: 'exact' },
      ]),
    );
    expect(report.unparsed.map((u: { line: number }) => u.line)).toEqual([4, 26]);
  });

  it('reads timelines with the timeline paste parser: the same entries, warnings and unparsed reasons as a paste', async () => {
    const lines = ['- 2016-06-15 10:04 PM CST Paged on-call', '- 22:30 rollback', '- sometime later: coffee'];
    const res = await importMd('blameless-rca', ['# Paste-alike', '', '## Events', '', ...lines].join('\n'));
    expect(res.status).toBe(201);
    const { id, report } = await res.json();
    const paste = parseTimelinePaste(lines.join('\n'), { assumeDate: '2016-06-15' });
    expect(paste.entries[0].warnings.length).toBeGreaterThan(0); // CST is ambiguous: the paste warns
    expect(report.warnings).toEqual(paste.entries.flatMap((e) => e.warnings.map((w) => ({ line: e.line + 4, text: e.text, reason: w }))));
    expect(report.unparsed).toEqual(paste.unparsed.map((u) => ({ line: u.line + 4, text: u.text, reason: u.reason })));
    const doc = await (await call(`/api/v1/documents/${id}`, editorToken)).json();
    expect(doc.fields.timeline.map((e: { at: string }) => e.at)).toEqual(paste.entries.map((e) => e.at).sort());
  });

  it('refuses imports: 401 without a token, 403 for a viewer, 400 naming the field, 405 for GET', async () => {
    expect((await importMd('blameless-rca', '# x', '')).status).toBe(401);
    const viewer = await importMd('blameless-rca', '# x', viewerToken);
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.code).toBe('forbidden');
    for (const [json, path] of [
      [{ template: 'blameless-rca' }, 'markdown'],
      [{ template: 'blameless-rca', markdown: '   ' }, 'markdown'],
      [{ template: 'no-such-template', markdown: '# x' }, 'template'],
      [{ markdown: '# x' }, 'template'],
      [{ template: 'blameless-rca', markdown: '# x', extra: 1 }, ''],
    ] as const) {
      const res = await call('/api/v1/documents/import', editorToken, { method: 'POST', json });
      expect(res.status).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe('invalid');
      expect(JSON.stringify(err)).toContain(path);
    }
    expect((await call('/api/v1/documents/import', editorToken)).status).toBe(405);
  });

  it('an import page previews what goes where, then creates the draft (plain form posts, CSRF checked)', async () => {
    const csrf = await app.csrf(editorCookie);
    const post = (fields: Record<string, string>, cookie = editorCookie) =>
      app.fetch('/docs/import', {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const page = await app.fetch('/docs/import', { headers: { Cookie: editorCookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="template"');
    const preview = await post({ csrf, intent: 'preview', template: 'blameless-rca', markdown: fixture('status-page') });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('What we are doing about it');
    expect(html).toContain('sometime later Postmortem published');
    expect(html).not.toContain('<script>alert');
    const created = await post({ csrf, intent: 'create', template: 'blameless-rca', markdown: fixture('status-page') });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toMatch(/^\/docs\/[0-9a-f-]{36}\/edit$/);
    expect((await post({ csrf: 'wrong', intent: 'create', template: 'blameless-rca', markdown: '# x' })).status).toBe(403);
    const viewerCsrf = await app.csrf(viewerCookie);
    expect((await post({ csrf: viewerCsrf, intent: 'create', template: 'blameless-rca', markdown: '# x' }, viewerCookie)).status).toBe(403);
    // Upload without JS: a multipart form post carrying the .md file.
    const upload = new FormData();
    upload.set('csrf', csrf);
    upload.set('intent', 'preview');
    upload.set('template', 'google-sre-postmortem');
    upload.set('markdown', '');
    upload.set('file', new File([fixture('sre-postmortem')], 'postmortem.md', { type: 'text/markdown' }));
    const uploaded = await app.fetch('/docs/import', { method: 'POST', headers: { Cookie: editorCookie, Origin: ORIGIN }, body: upload });
    expect(uploaded.status).toBe(200);
    const uploadedHtml = await uploaded.text();
    expect(uploadedHtml).toContain('Shakespeare Sonnet++ Postmortem');
    expect(uploadedHtml).toContain('around lunch someone got coffee');
    const xss = await post({
      csrf,
      intent: 'preview',
      template: 'blameless-rca',
      markdown: '# <script>alert(1)</script>\n\n## Summary\n\n<img src=x onerror=alert(1)>',
    });
    expect(await xss.text()).not.toContain('<script>alert(1)');
  });
});
