import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';

const INJECTION = [
  "'; DROP TABLE documents; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM users WHERE ('a'='a",
  '$1 $$ $body$ \\x00',
  '%s%s%n %x',
  '[click](javascript:alert(1)) ![x](http://evil.example/x.png)',
  '<script>alert(1)</script>',
  '**bold** _it_ `code` # heading\n> quote\n\n- list',
  '\u202Egnp.exe\u202C right-to-left override',
  'zero\u200Bwidth\u200Cjoiner\u200D\uFEFFbom (leading and trailing whitespace, BOM included, is trimmed by design)',
  'bell\u0007 tab\t vertical\u000B formfeed\u000C esc\u001B[31m',
  'line\u2028separator\u2029para',
  'emoji 👩🏽‍💻 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and e\u0301 vs é',
  '{"type":"doc"}',
  '../../../../etc/passwd',
  '${7*7} {{7*7}} <%= 7*7 %>',
  '\\\\server\\share',
];

describeEachBackend('API: injection-shaped strings and fuzzing', (db) => {
  let app: TestApp;
  let editor: string;
  let docId: string;
  let docVersion = 1;
  let actionItemId: string;
  const call = (path: string, init: { method?: string; json?: unknown; body?: string; contentType?: string; token?: string | null } = {}) =>
    app.fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token === null ? {} : { Authorization: `Bearer ${init.token ?? editor}` }),
        ...(init.json !== undefined || init.body !== undefined ? { 'Content-Type': init.contentType ?? 'application/json' } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });

  beforeAll(async () => {
    app = await createTestApp(db());
    const actor = await createTestActor(db(), 'editor');
    editor = await app.token(actor);
    const doc = await createDocument(db(), { actor, input: rcaInput() });
    docId = doc.id;
    docVersion = doc.version;
    actionItemId = doc.actionItems[0].id;
  });

  it('stores injection-shaped strings and reads them back byte for byte', async () => {
    for (const s of INJECTION) {
      const res = await call('/api/v1/documents', {
        method: 'POST',
        json: rcaInput({
          title: `T ${s}`,
          service: s,
          tags: [s.slice(0, 50)],
          fields: {
            environment: s,
            affected: s,
            team: [s],
            referenceId: s,
            timeline: [{ at: '2016-06-15T22:04:00Z', text: s }],
            nextSteps: [{ title: s, owner: s }],
          },
        }),
      });
      if (res.status !== 201) throw new Error(`${JSON.stringify(s)}: ${res.status} ${await res.text()}`);
      const created = await res.json();
      const back = await (await call(`/api/v1/documents/${created.id}`)).json();
      expect(back.title).toBe(`T ${s}`);
      expect(back.service).toBe(s);
      expect(back.tags).toEqual([s.slice(0, 50)]);
      expect(back.fields.environment).toBe(s);
      expect(back.fields.affected).toBe(s);
      expect(back.fields.team).toEqual([s]);
      expect(back.fields.referenceId).toBe(s);
      expect(back.fields.timeline[0].text).toBe(s);
      expect(back.actionItems[0]).toMatchObject({ title: s, owner: s });
      // Rich text as JSON keeps its text nodes exactly.
      const rt = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: s }] }] };
      const patched = await call(`/api/v1/documents/${created.id}`, {
        method: 'PATCH',
        json: { version: back.version, fields: { rootCause: rt } },
      });
      expect(patched.status, s).toBe(200);
      expect((await patched.json()).fields.rootCause.content[0].content[0].text).toBe(s);
    }
    // The search endpoint treats them as text, too.
    for (const q of INJECTION) expect((await call(`/api/v1/documents?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
  });

  const json = fc.jsonValue({ maxDepth: 3 });
  const weird = fc.oneof(
    json,
    fc.string(),
    fc.constantFrom(null, true, 0, -1, 1e308, '', '[]', '{}', 'null'),
    fc.record(
      {
        template: fc.oneof(fc.string(), json, fc.record({ key: fc.string(), version: fc.oneof(fc.integer(), fc.string()) })),
        title: fc.oneof(fc.string(), json),
        fields: fc.oneof(
          json,
          fc.dictionary(
            fc.constantFrom(
              'startedAt',
              'endedAt',
              'timeline',
              'rootCause',
              'team',
              'chatReferences',
              'nextSteps',
              'occurredOn',
              'symptoms',
            ),
            json,
          ),
        ),
        tags: json,
        severity: json,
        version: json,
        to: json,
      },
      { requiredKeys: [] },
    ),
  );
  const ids = fc.oneof(
    fc.string(),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', '%00', '..', '%2e%2e', 'a'.repeat(500), "1' or '1'='1"),
  );

  it('never answers 5xx, and every 4xx is in the error shape', async () => {
    type Case = { method: string; path: string; body?: string; contentType?: string };
    const endpoints = (id: string, aid: string): Case[] => [
      { method: 'GET', path: '/api/v1/templates' },
      { method: 'GET', path: '/api/v1/documents' },
      { method: 'POST', path: '/api/v1/documents' },
      { method: 'GET', path: `/api/v1/documents/${id}` },
      { method: 'PATCH', path: `/api/v1/documents/${id}` },
      { method: 'POST', path: `/api/v1/documents/${id}/transitions` },
      { method: 'GET', path: `/api/v1/documents/${id}/revisions` },
      { method: 'GET', path: `/api/v1/documents/${id}/action-items` },
      { method: 'POST', path: `/api/v1/documents/${id}/action-items` },
      { method: 'GET', path: '/api/v1/action-items' },
      { method: 'PATCH', path: `/api/v1/action-items/${aid}` },
      { method: 'DELETE', path: `/api/v1/documents/${id}` },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 11 }),
        fc.oneof(fc.constant(null), ids),
        weird,
        fc.dictionary(
          fc.constantFrom(
            'q',
            'kind',
            'template',
            'status',
            'severity',
            'service',
            'tag',
            'from',
            'to',
            'limit',
            'cursor',
            'owner',
            'overdue',
          ),
          fc.oneof(fc.string(), fc.constantFrom('-1', '1e9', 'NaN', '2016-13-45', 'true', '%')),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json'),
        fc.boolean(),
        async (n, id, body, query, contentType, raw) => {
          const c = endpoints(id === null ? docId : encodeURIComponent(id), id === null ? actionItemId : encodeURIComponent(id))[n];
          const qs = new URLSearchParams(query).toString();
          const res = await call(`${c.path}${c.method === 'GET' && qs ? `?${qs}` : ''}`, {
            method: c.method,
            ...(c.method === 'GET'
              ? {}
              : raw
                ? { body: typeof body === 'string' ? body : JSON.stringify(body).slice(0, -1), contentType }
                : { json: body, contentType }),
          });
          expect(res.status, `${c.method} ${c.path} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const b = await res.json();
            expect(typeof b.error?.code).toBe('string');
            expect(typeof b.error?.message).toBe('string');
            if (b.error.issues !== undefined) {
              expect(Array.isArray(b.error.issues)).toBe(true);
              for (const i of b.error.issues) expect(Array.isArray(i.path) && typeof i.message === 'string').toBe(true);
            }
          } else await res.arrayBuffer();
        },
      ),
      { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20260101) },
    );
  }, 120_000);

  it('fuzzes PATCH and transitions against a real document with its current version', async () => {
    await fc.assert(
      fc.asyncProperty(weird, fc.boolean(), async (body, transition) => {
        const cur = await (await call(`/api/v1/documents/${docId}`)).json();
        docVersion = cur.version;
        const payload = body && typeof body === 'object' && !Array.isArray(body) ? { ...body, version: docVersion } : body;
        const res = await call(transition ? `/api/v1/documents/${docId}/transitions` : `/api/v1/documents/${docId}`, {
          method: transition ? 'POST' : 'PATCH',
          json: payload,
        });
        expect(res.status, JSON.stringify(payload)).toBeLessThan(500);
        if (res.status >= 400) expect(typeof (await res.json()).error?.code).toBe('string');
        else await res.arrayBuffer();
      }),
      { numRuns: 200, seed: Number(process.env.FC_SEED ?? 20260102) },
    );
  }, 120_000);
});
