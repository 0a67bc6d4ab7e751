// Contingency as rows (issue 11 item 3): the Go/No-Go v2 contingency plan is a table field — risk, planned response,
// owner, the on/off switch. Through the API (errors name row and column), the edit form without JavaScript (add by
// filling a blank row, remove by clearing one), the read page, Markdown out and in, the PDF and the history diff.
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { decode, formOf } from '../helpers/forms';
import { pdfText, squash } from '../pdf/helpers';
import type { Actor } from '../../app/models/types';

const plan = [
  { risk: 'Card charged twice | retries', response: 'Turn reorder off;\nrefund by hand', owner: 'Ana Souza', switch: 'reorder_enabled' },
  { risk: 'Ελληνικά: η σελίδα αργεί', response: 'Back to 1 %', owner: '', switch: '' },
];

type Doc = { id: string; version: number; fields: Record<string, unknown> };
type ApiError = { error: { issues: { path: string[]; message: string }[] } };

describeEachBackend('table fields: the contingency plan as rows', (db) => {
  let app: TestApp;
  let editor: Actor;
  let token: string;
  let cookie: string;

  const api = async (path: string, method = 'GET', json?: unknown) => {
    const res = await app.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const create = (contingencyRows: unknown) =>
    api('/documents', 'POST', {
      template: 'etsy-go-no-go',
      title: 'Launch review: one-click reorder',
      fields: { launchAt: '2026-12-20T15:00:00Z', launchers: ['Ana Souza'], feature: 'Reorder', contingencyRows },
    });

  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor');
    token = await app.token(editor);
    cookie = await app.signIn(editor);
  });

  it('stores rows as sent (cells trimmed, empty cells left out, blank rows dropped); errors name row and column', async () => {
    const res = await create([...plan, { risk: ' ', response: '', owner: '', switch: '' }]);
    expect(res.status).toBe(201);
    expect((res.body as Doc).fields.contingencyRows).toEqual([plan[0], { risk: plan[1].risk, response: plan[1].response }]);
    const cases: [unknown, string[], RegExp][] = [
      [[{ risk: 'DNS fails' }], ['fields', 'contingencyRows', '0', 'response'], /Row 1: fill in Planned response/],
      [[plan[0], { response: 'Roll back' }], ['fields', 'contingencyRows', '1', 'risk'], /Row 2: fill in Risk/],
      [[{ ...plan[0], pager: 'x' }], ['fields', 'contingencyRows', '0', 'pager'], /unknown column "pager"/],
      [[{ ...plan[0], owner: 42 }], ['fields', 'contingencyRows', '0', 'owner'], /Owner: write text/],
      [[{ ...plan[0], risk: 'x'.repeat(2001) }], ['fields', 'contingencyRows', '0', 'risk'], /under 2000 characters/],
      ['not rows', ['fields', 'contingencyRows'], /./],
    ];
    for (const [rows, path, message] of cases) {
      const bad = await create(rows);
      expect(bad.status, JSON.stringify(rows).slice(0, 80)).toBe(400);
      const issue = (bad.body as ApiError).error.issues[0];
      expect(issue.path).toEqual(path);
      expect(issue.message).toMatch(message);
    }
  });

  it('without JavaScript: a blank row adds, clearing a row removes; the page, history, Markdown and PDF show the rows', async () => {
    const doc = (await create([plan[0]])).body as Doc;
    const edit = async () =>
      (await (await app.fetch(`/docs/${doc.id}/edit`, { headers: { Cookie: cookie } })).text()).replace(/<!-- -->/g, '');
    const post = (body: URLSearchParams) =>
      app.fetch(`/docs/${doc.id}/edit`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    let html = await edit();
    // The stored row and blank rows to fill.
    expect(html).toContain('name="f.contingencyRows.0.risk"');
    expect(html).toContain('name="f.contingencyRows.3.switch"');
    const missing = await post(formOf(html, { 'f.contingencyRows.1.risk': 'Search slows down' }));
    expect(missing.status).toBe(400);
    const missingHtml = decode(await missing.text());
    expect(missingHtml).toContain('Row 2: fill in Planned response, or clear the row to remove it.');
    expect(missingHtml).toContain('Search slows down'); // what was typed is kept
    const added = await post(
      formOf(html, {
        'f.contingencyRows.1.risk': '<script>alert(1)</script> slow search',
        'f.contingencyRows.1.response': 'Back to 10 %',
        'f.contingencyRows.1.owner': 'Kenji Watanabe',
      }),
    );
    expect(added.status).toBe(302);
    let saved = (await api(`/documents/${doc.id}`)).body as Doc;
    expect(saved.fields.contingencyRows).toEqual([
      plan[0],
      { risk: '<script>alert(1)</script> slow search', response: 'Back to 10 %', owner: 'Kenji Watanabe' },
    ]);

    const raw = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text();
    expect(raw).toContain('<th scope="col">Planned response</th>');
    expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt; slow search');
    expect(raw).not.toContain('<script>alert(1)</script>');

    const mdText = await (
      await app.fetch(`/api/v1/documents/${doc.id}/markdown`, { headers: { Authorization: `Bearer ${token}` } })
    ).text();
    expect(mdText).toContain('| Risk | Planned response | Owner | On/off switch to use |');
    expect(mdText).toContain('| Card charged twice \\| retries | Turn reorder off;<br>refund by hand | Ana Souza | reorder_enabled |');

    const pdf = squash(
      pdfText(Buffer.from(await (await app.fetch(`/docs/${doc.id}.pdf`, { headers: { Cookie: cookie } })).arrayBuffer()), 'raw'),
    );
    for (const cell of [
      'Planned response',
      'On/off switch to use',
      'Card charged twice | retries',
      'Turn reorder off; refund by hand',
      'reorder_enabled',
    ])
      expect(pdf).toContain(cell);
    expect(pdf).toContain('<script>alert(1)</script> slow search');

    // Clearing the first row removes it; the diff names what went.
    html = await edit();
    const cleared = await post(
      formOf(html, {
        'f.contingencyRows.0.risk': '',
        'f.contingencyRows.0.response': '',
        'f.contingencyRows.0.owner': '',
        'f.contingencyRows.0.switch': '',
      }),
    );
    expect(cleared.status).toBe(302);
    saved = (await api(`/documents/${doc.id}`)).body as Doc;
    expect((saved.fields.contingencyRows as unknown[]).length).toBe(1);
    const diff = (await api(`/documents/${doc.id}/revisions?from=${saved.version - 1}&to=${saved.version}`)).body as {
      diff: { fields: { key: string; lines: { op: string; text: string }[] }[] };
    };
    const lines = diff.diff.fields.find((f) => f.key === 'contingencyRows')?.lines ?? [];
    expect(lines).toContainEqual(
      expect.objectContaining({
        op: 'del',
        text: 'Risk: Card charged twice | retries · Planned response: Turn reorder off; refund by hand · Owner: Ana Souza · On/off switch to use: reorder_enabled',
      }),
    );
  });
});
