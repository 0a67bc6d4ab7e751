// Alerts in and tracker status in, against a real `node server.mjs` on each backend: signed calls open one
// draft RCA per incident key (also under concurrent retries), both adapters place the facts by template role,
// bad, missing and stale signatures get 401 and land in the audit log, a tracker closes an action item.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../app/models/user.server';
import { createInboundHook } from '../../app/models/inbound-hook.server';
import { startServer, type RunningServer } from '../e2e/helpers';
import { createTestActor, TEST_PASSWORD } from '../helpers/factories';
import { testBackends } from '../helpers/db';
import { signInOnServer } from '../helpers/server-http';
import { prepareServerDatabase, sign } from './helpers';

for (const backend of testBackends()) {
  describe(`inbound hooks [${backend}]`, () => {
    let server: RunningServer;
    let prepared: Awaited<ReturnType<typeof prepareServerDatabase>>;
    const hooks = { incidents: { id: '', secret: '' }, trackers: { id: '', secret: '' } };
    let token = '';
    let adminEmail = '';

    beforeAll(async () => {
      prepared = await prepareServerDatabase(backend, async (db, sessionSecret) => {
        const admin = await createTestActor(db, 'admin');
        adminEmail = admin.email;
        const editor = await createTestActor(db, 'editor');
        token = (await createApiToken(db, { email: editor.email, name: 'hooks test' })).token;
        for (const purpose of ['incidents', 'trackers'] as const) {
          const { hook, secret } = await createInboundHook(db, {
            actor: admin,
            input: { name: `Test ${purpose}`, purpose },
            sessionSecret,
          });
          hooks[purpose] = { id: hook.id, secret };
        }
      });
      server = await startServer(prepared.env);
    }, 300_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
      await prepared?.drop();
    });

    const post = (path: string, body: string, headers: Record<string, string>) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const signed = (purpose: 'incidents' | 'trackers', body: unknown, query = '') => {
      const text = JSON.stringify(body);
      return post(`/api/v1/hooks/${purpose}${query}`, text, { 'X-Kaizen-Hook': hooks[purpose].id, ...sign(hooks[purpose].secret, text) });
    };
    const getDoc = async (id: string) =>
      (await fetch(`${server.url}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();

    it('a signed generic alert opens a draft RCA with the facts placed by role and a first timeline entry', async () => {
      const res = await signed('incidents', {
        key: 'INC-1001',
        title: 'Checkout latency above 2 s',
        service: 'checkout',
        severity: 'critical',
        startedAt: '2026-12-04T09:15:00+01:00',
        link: 'https://grafana.example.com/d/abc',
        text: 'p99 latency of checkout-api above 2 s for 10 minutes.',
      });
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({
        created: true,
        incidentKey: 'INC-1001',
        document: { status: 'draft', title: 'Checkout latency above 2 s' },
      });
      const doc = await getDoc(body.document.id);
      expect(doc).toMatchObject({
        kind: 'rca',
        status: 'draft',
        template: { key: 'blameless-rca' },
        severity: 'SEV1',
        service: 'checkout',
      });
      // blameless-rca's start role is startedAt (templates/roles.ts); the instant is stored in UTC.
      expect(doc.fields.startedAt).toBe('2026-12-04T08:15:00Z');
      expect(doc.fields.timeline).toHaveLength(1);
      expect(doc.fields.timeline[0]).toMatchObject({ at: '2026-12-04T08:15:00Z' });
      expect(doc.fields.timeline[0].text).toContain('INC-1001');
      expect(doc.fields.chatReferences).toEqual([{ url: 'https://grafana.example.com/d/abc', label: 'Alert incident INC-1001' }]);
      expect(JSON.stringify(doc.fields.symptoms)).toContain('p99 latency of checkout-api');
    });

    it('the same key again answers the existing draft (200), also for 5 concurrent retries of a new key', async () => {
      const again = await signed('incidents', { key: 'INC-1001', title: 'Checkout latency (repeat)', startedAt: '2026-12-04T08:20:00Z' });
      expect(again.status).toBe(200);
      const first = await again.json();
      expect(first.created).toBe(false);
      expect(first.document.title).toBe('Checkout latency above 2 s');

      const key = `INC-${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => signed('incidents', { key, title: 'Disk full on db-3', startedAt: '2026-12-04T10:00:00Z' })),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 201]);
      const ids = new Set(await Promise.all(answers.map(async (a) => (await a.json()).document.id)));
      expect(ids.size).toBe(1);
      const list = await (
        await fetch(`${server.url}/api/v1/documents?q=${encodeURIComponent('Disk full db-3')}&limit=50`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json();
      expect(list.items.filter((d: { title: string }) => d.title === 'Disk full on db-3')).toHaveLength(1);
    });

    it('Alertmanager webhook payload: group key, summary, severity label, earliest start, generator link', async () => {
      const payload = {
        version: '4',
        groupKey: '{}/{severity="critical"}:{alertname="HighErrorRate"}',
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'kaizen',
        groupLabels: { alertname: 'HighErrorRate' },
        commonLabels: { alertname: 'HighErrorRate', severity: 'critical', job: 'payments-api' },
        commonAnnotations: { summary: 'Payments API 5xx above 5 %', description: 'Error ratio 7.2 % over 5 minutes.' },
        externalURL: 'http://alertmanager.example.com:9093',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'HighErrorRate', instance: 'pay-2' },
            annotations: {},
            startsAt: '2026-12-04T07:01:30.123456789Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.example.com/graph?g0.expr=x',
            fingerprint: 'b2',
          },
          {
            status: 'firing',
            labels: { alertname: 'HighErrorRate', instance: 'pay-1' },
            annotations: {},
            startsAt: '2026-12-04T07:00:05.5Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.example.com/graph?g0.expr=y',
            fingerprint: 'a1',
          },
        ],
      };
      const res = await signed('incidents', payload, '?format=alertmanager');
      expect(res.status).toBe(201);
      const doc = await getDoc((await res.json()).document.id);
      expect(doc).toMatchObject({ title: 'Payments API 5xx above 5 %', severity: 'SEV1', service: 'payments-api' });
      expect(doc.fields.startedAt).toBe('2026-12-04T07:00:05Z');
      expect(doc.fields.chatReferences[0].url).toBe('http://prometheus.example.com/graph?g0.expr=x');
      expect(JSON.stringify(doc.fields.symptoms)).toContain('Error ratio 7.2 %');
      // The resolved notification of the same group is the same incident.
      const resolved = await signed('incidents', { ...payload, status: 'resolved' }, '?format=alertmanager');
      expect(resolved.status).toBe(200);
      expect((await resolved.json()).document.id).toBe(doc.id);
    });

    it('PagerDuty v3 incident event: incident key, title, service, priority', async () => {
      const payload = {
        event: {
          id: '01DEN1HNLBC1VITVEPC3JN2K2W',
          event_type: 'incident.triggered',
          resource_type: 'incident',
          occurred_at: '2026-12-04T11:45:22.169Z',
          agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', type: 'user_reference' },
          client: null,
          data: {
            id: 'PGR0VU2',
            type: 'incident',
            self: 'https://api.pagerduty.com/incidents/PGR0VU2',
            html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
            number: 2,
            status: 'triggered',
            incident_key: 'd3640fbd41094207a1c11e58e46b1662',
            created_at: '2026-12-04T11:44:59Z',
            title: 'Search index lagging behind writes',
            service: {
              html_url: 'https://acme.pagerduty.com/services/PF9KMXH',
              id: 'PF9KMXH',
              summary: 'Search',
              type: 'service_reference',
            },
            assignees: [],
            priority: { id: 'PSO75BM', summary: 'P2', type: 'priority_reference' },
            urgency: 'high',
          },
        },
      };
      const res = await signed('incidents', payload, '?format=pagerduty');
      expect(res.status).toBe(201);
      const opened = await res.json();
      expect(opened.incidentKey).toBe('d3640fbd41094207a1c11e58e46b1662');
      const doc = await getDoc(opened.document.id);
      expect(doc).toMatchObject({ title: 'Search index lagging behind writes', severity: 'SEV2', service: 'Search' });
      expect(doc.fields.startedAt).toBe('2026-12-04T11:44:59Z');
      expect(doc.fields.chatReferences[0].url).toBe('https://acme.pagerduty.com/incidents/PGR0VU2');
    });

    it('a payload missing a needed fact is a 400 naming it; an unknown format too', async () => {
      const missing = await signed('incidents', { key: 'INC-X', startedAt: 'yesterday' });
      expect(missing.status).toBe(400);
      const body = await missing.json();
      expect(body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(expect.arrayContaining(['title', 'startedAt']));
      const format = await signed('incidents', { key: 'INC-X' }, '?format=nagios');
      expect(format.status).toBe(400);
      expect((await format.json()).error.issues[0].path).toEqual(['format']);
    });

    it('unsigned, badly signed, stale, other-secret and wrong-kind calls get 401 and are audited', async () => {
      const body = JSON.stringify({ key: 'INC-EVIL', title: 'Forged', startedAt: '2026-12-04T10:00:00Z' });
      const id = hooks.incidents.id;
      const good = sign(hooks.incidents.secret, body);
      const cases: [string, Record<string, string>][] = [
        ['missing', { 'X-Kaizen-Hook': id }],
        ['malformed', { 'X-Kaizen-Hook': id, 'X-Kaizen-Timestamp': good['X-Kaizen-Timestamp'], 'X-Kaizen-Signature': 'md5=abc' }],
        ['mismatch', { 'X-Kaizen-Hook': id, ...sign(hooks.incidents.secret, `${body} `) }],
        ['mismatch', { 'X-Kaizen-Hook': id, ...sign(hooks.trackers.secret, body) }],
        ['expired', { 'X-Kaizen-Hook': id, ...sign(hooks.incidents.secret, body, Date.now() - 6 * 60_000) }],
        ['unknown', { 'X-Kaizen-Hook': hooks.trackers.id, ...sign(hooks.trackers.secret, body) }],
        ['unknown', sign(hooks.incidents.secret, body)],
      ];
      for (const [reason, headers] of cases) {
        const res = await post('/api/v1/hooks/incidents', body, headers);
        expect(res.status, reason).toBe(401);
        expect((await res.json()).error.code).toBe('unauthorized');
      }
      const { cookie } = await signInOnServer(server.url, adminEmail, TEST_PASSWORD);
      const audit = await (await fetch(`${server.url}/admin/audit?action=hook.refused`, { headers: { Cookie: cookie } })).text();
      for (const reason of ['missing', 'malformed', 'mismatch', 'expired', 'unknown'])
        expect(audit).toContain(`&quot;reason&quot;:&quot;${reason}&quot;`);
      expect(audit).not.toContain(hooks.incidents.secret);
      // Nothing was opened by any of them.
      const list = await (await fetch(`${server.url}/api/v1/documents?q=Forged`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(list.items).toHaveLength(0);
    });

    it('a tracker reports an issue closed: the action item linked to it is done, in the revision and the audit log', async () => {
      const issue = `https://tracker.example.com/browse/OPS-${Math.floor(Math.random() * 1e6)}`;
      const created = await fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          template: 'blameless-rca',
          title: 'Tracker round trip',
          fields: { nextSteps: [{ title: 'Add a dead-letter queue', url: issue }] },
        }),
      });
      expect(created.status).toBe(201);
      const doc = await created.json();
      const res = await signed('trackers', { url: issue, status: 'Closed' });
      expect(res.status).toBe(200);
      const out = await res.json();
      expect(out).toMatchObject({ url: issue, status: 'done', updated: [{ id: doc.actionItems[0].id, status: 'done' }] });
      const after = await getDoc(doc.id);
      expect(after.actionItems[0]).toMatchObject({ status: 'done', version: 2 });
      expect(after.version).toBe(doc.version + 1);
      const revisions = await (
        await fetch(`${server.url}/api/v1/documents/${doc.id}/revisions`, { headers: { Authorization: `Bearer ${token}` } })
      ).json();
      expect(revisions.items.at(-1)).toMatchObject({
        event: 'action_item',
        note: 'Action item “Add a dead-letter queue”: status open → done (from its tracker)',
      });
      const { cookie } = await signInOnServer(server.url, adminEmail, TEST_PASSWORD);
      const audit = await (await fetch(`${server.url}/admin/audit?action=action_item.edited`, { headers: { Cookie: cookie } })).text();
      expect(audit).toContain('hook “Test trackers”');
      expect(audit).toContain(issue);
      // The same report again changes nothing; an unknown URL is a 404; an unknown word a 400 naming status.
      expect((await (await signed('trackers', { url: issue, status: 'resolved' })).json()).unchanged).toEqual([doc.actionItems[0].id]);
      expect((await signed('trackers', { url: 'https://tracker.example.com/browse/NOPE-1', status: 'done' })).status).toBe(404);
      const bad = await signed('trackers', { url: issue, status: 'sideways' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.issues[0].path).toEqual(['status']);
      // An incidents hook cannot report tracker status.
      const text = JSON.stringify({ url: issue, status: 'open' });
      expect(
        (await post('/api/v1/hooks/trackers', text, { 'X-Kaizen-Hook': hooks.incidents.id, ...sign(hooks.incidents.secret, text) })).status,
      ).toBe(401);
    });

    it('admins create (secret shown once), rotate (old secret kept for a day) and revoke hooks on /admin/hooks, with field messages', async () => {
      const { cookie, csrf } = await signInOnServer(server.url, adminEmail, TEST_PASSWORD);
      const form = (fields: Record<string, string>) =>
        fetch(`${server.url}/admin/hooks`, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf, ...fields }),
        });
      const invalid = await form({ intent: 'create', name: '', purpose: 'incidents' });
      expect(invalid.status).toBe(400);
      expect(await invalid.text()).toContain('give the hook a name');
      const wrongTemplate = await form({ intent: 'create', name: 'Launch hook', purpose: 'incidents', template: 'etsy-go-no-go' });
      expect(wrongTemplate.status).toBe(400);
      expect(await wrongTemplate.text()).toContain('choose an RCA template');

      const created = await (
        await form({ intent: 'create', name: 'Admin-made hook', purpose: 'incidents', template: 'google-sre-postmortem' })
      ).text();
      const id = /data-testid="new-hook-id">([^<]+)</.exec(created)![1];
      const secret = /data-testid="new-secret">([^<]+)</.exec(created)![1];
      const page = await (await fetch(`${server.url}/admin/hooks`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain('Admin-made hook');
      expect(page).toContain('incidents → google-sre-postmortem');
      expect(page).not.toContain(secret);

      const call = (s: string, key: string) => {
        const text = JSON.stringify({ key, title: 'From the admin-made hook', startedAt: '2026-12-04T12:00:00Z' });
        return post('/api/v1/hooks/incidents', text, { 'X-Kaizen-Hook': id, ...sign(s, text) });
      };
      const opened = await call(secret, 'ADM-1');
      expect(opened.status).toBe(201);
      expect((await getDoc((await opened.json()).document.id)).template.key).toBe('google-sre-postmortem');

      const rotated = await (await form({ intent: 'rotate', id })).text();
      const newSecret = /data-testid="new-secret">([^<]+)</.exec(rotated)![1];
      expect(newSecret).not.toBe(secret);
      expect((await call(newSecret, 'ADM-2')).status).toBe(201);
      expect((await call(secret, 'ADM-3')).status).toBe(201);

      expect((await form({ intent: 'revoke', id })).status).toBe(200);
      expect((await call(newSecret, 'ADM-4')).status).toBe(401);
      expect(await (await fetch(`${server.url}/admin/hooks`, { headers: { Cookie: cookie } })).text()).toMatch(/revoked \d{4}-/);
    });
  });
}
