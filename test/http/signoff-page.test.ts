import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createDocument } from '../../app/models/document.server';
import type { Actor } from '../../app/models/types';

describeEachBackend('launch review page: sign-offs', (db) => {
  let app: TestApp;
  let editor: Actor;
  beforeAll(async () => {
    app = await createTestApp(db());
    editor = await createTestActor(db(), 'editor', { name: 'Sam Signer' });
  });

  it('shows the pending decision, takes a sign-off through the form, and shows who signed which version', async () => {
    const doc = await createDocument(db(), { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch: gift cards' } });
    const cookie = await app.signIn(editor);
    const page = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Decision: <!-- -->Pending');
    expect(page).toContain('Nobody has signed yet.');
    const csrf = await app.csrf(cookie);
    const post = (body: Record<string, string>) =>
      app.fetch(`/docs/${doc.id}`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, intent: 'signoff', ...body }),
      });
    const bad = await post({ role: 'Janitor', decision: 'go' });
    expect(bad.status).toBe(400);
    const ok = await post({ role: 'Operations', decision: 'no_go', comment: 'Alerts missing' });
    expect(ok.status).toBe(200);
    const after = await (await app.fetch(`/docs/${doc.id}`, { headers: { Cookie: cookie } })).text();
    expect(after).toContain('Decision: <!-- -->No-Go');
    expect(after).toContain('Sam Signer');
    expect(after).toContain('Alerts missing');
  });
});
