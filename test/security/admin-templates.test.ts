import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { getTemplate } from '../../app/models/template.server';
import { postForm } from './helpers';

const definition = (version: number, label = 'What broke') => ({
  key: 'mini-review',
  version,
  kind: 'rca',
  title: 'Mini review',
  sections: [
    {
      key: 'main',
      title: 'Main',
      fields: [
        { key: 'summary', type: 'text', label },
        { key: 'cause', type: 'richtext', label: 'Cause' },
      ],
    },
  ],
});

describeEachBackend('admin: custom templates', (db) => {
  let app: TestApp;
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    app = await createTestApp(db());
    cookie = await app.signIn(await createTestActor(db(), 'admin'));
    csrf = await app.csrf(cookie);
  });

  it('previews a definition as the read-only form it makes, and shows validation messages', async () => {
    const preview = await postForm(app, '/admin/templates', cookie, { csrf, intent: 'preview', definition: JSON.stringify(definition(1)) });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/Preview: (<!-- -->)?Mini review/);
    expect(html).toContain('What broke');
    expect(html).toMatch(/<fieldset disabled/);
    const bad = await postForm(app, '/admin/templates', cookie, { csrf, intent: 'preview', definition: '{"key":"Bad Key"' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not valid JSON');
    const invalid = await postForm(app, '/admin/templates', cookie, {
      csrf,
      intent: 'create',
      definition: JSON.stringify({ ...definition(1), key: 'Bad Key' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/id="definition-error"[\s\S]*key: use lower-case letters/);
  });

  it('creates a template and a new version; a stored version never changes', async () => {
    expect(
      (await postForm(app, '/admin/templates', cookie, { csrf, intent: 'create', definition: JSON.stringify(definition(1)) })).status,
    ).toBe(200);
    const dup = await postForm(app, '/admin/templates', cookie, {
      csrf,
      intent: 'create',
      definition: JSON.stringify(definition(1, 'Changed')),
    });
    expect(dup.status).toBe(409);
    const start = await (await app.fetch('/admin/templates?from=mini-review@1', { headers: { Cookie: cookie } })).text();
    expect(start).toContain('&quot;version&quot;: 2');
    expect(
      (await postForm(app, '/admin/templates', cookie, { csrf, intent: 'create', definition: JSON.stringify(definition(2, 'Changed')) }))
        .status,
    ).toBe(200);
    expect((await getTemplate(db(), { key: 'mini-review', version: 1 })).sections[0].fields[0].label).toBe('What broke');
    expect((await getTemplate(db(), { key: 'mini-review' })).version).toBe(2);
    const builtIn = await postForm(app, '/admin/templates', cookie, {
      csrf,
      intent: 'create',
      definition: JSON.stringify({ ...definition(9), key: 'blameless-rca' }),
    });
    expect(builtIn.status).toBe(409);
  });
});
