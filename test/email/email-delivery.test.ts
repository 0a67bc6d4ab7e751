// Email notifications end to end at the model level, on each backend, against a real SMTP server (smtp-server)
// started here on a free port: a mention and a review request arrive with the right recipient, subject and body;
// preferences decide what is queued; rows left pending when a sender stops are delivered exactly once by the next
// one (a restart), also with two senders racing; a refusing SMTP server leads to retries with last_error recorded.
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument } from '../../app/models/document.server';
import { createComment } from '../../app/models/comment.server';
import { createRequest } from '../../app/models/review-request.server';
import { saveNotificationPreferences } from '../../app/models/notification-preference.server';
import { listNotifications, setEmailQueueing } from '../../app/models/notification.server';
import { type EmailSender, startEmailSender } from '../../app/models/email-sender.server';
import { rowsOf } from '../../app/models/webhook-event.server';
import type { Actor } from '../../app/models/types';

type Mail = { to: string[]; raw: string };

/** A local SMTP server; `refuse` makes it answer every message with a 550. */
async function startSmtp(opts: { refuse?: boolean } = {}) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (opts.refuse) {
          const err = new Error('mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Wait (polling) until `check` holds; fails after a generous bound rather than asserting on time. */
async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Quoted-printable bytes (`=C3=A2`) as UTF-8 text. */
const unQp = (t: string) =>
  Buffer.from(
    t.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

/** A raw message read as a person would: headers unfolded with their encoded words decoded, the body decoded. */
function plain(raw: string): string {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw
    .slice(0, at)
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/\?= =\?UTF-8\?Q\?/g, '')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, w: string) => unQp(w.replace(/_/g, ' ')));
  return `${head}\n\n${unQp(raw.slice(at + 4))}`.replace(/\r\n/g, '\n');
}

describeEachBackend('email notifications', (db) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let author: Actor;
  let colleague: Actor;
  let reviewer: Actor;
  let docId = '';
  let senders: EmailSender[] = [];
  const start = (url = smtp.url) => {
    const s = startEmailSender({
      db: db(),
      smtpUrl: url,
      from: 'Kaizen <kaizen@localhost>',
      appUrl: 'https://kaizen.example',
      retryBaseMs: 100,
      pollMs: 20,
    });
    senders.push(s);
    return s;
  };
  const outbox = async (to: string) =>
    rowsOf<{ kind: string; attempts: number; sent: boolean; last_error: string | null }>(
      await db().execute(
        sql`select kind, attempts, sent_at is not null as sent, last_error from email_outbox where to_address = ${to} order by id`,
      ),
    );

  beforeAll(async () => {
    smtp = await startSmtp();
    author = await createTestActor(db(), 'editor', { name: 'Ana Author' });
    colleague = await createTestActor(db(), 'editor', { name: 'Cy Colleague' });
    reviewer = await createTestActor(db(), 'editor', { name: 'Rae Reviewer' });
    docId = (await createDocument(db(), { actor: author, input: rcaInput({ title: 'Queue stalls on deploy' }) })).id;
  });
  afterEach(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    senders = [];
  });
  afterAll(async () => {
    setEmailQueueing(false);
    await smtp.close();
  });

  it('a mention in a comment arrives by email with recipient, subject and a link to the comment', async () => {
    start();
    const comment = await createComment(db(), {
      actor: colleague,
      documentId: docId,
      input: { body: `@${author.email} can you check the timeline?` },
    });
    await until(() => smtp.mails.some((m) => m.to.includes(author.email)), 'the mention email');
    const mail = smtp.mails.find((m) => m.to.includes(author.email));
    const text = plain(mail?.raw ?? '');
    expect(text).toMatch(/^Subject: \[Kaizen\] You were mentioned: Cy Colleague mentioned you on/m);
    expect(text).toMatch(/^To: [^\n]*\S+@example\.test/m);
    expect(text).toMatch(/^From: Kaizen <kaizen@localhost>/m);
    expect(text).toContain('can you check the timeline?');
    expect(text).toContain(`https://kaizen.example/docs/${docId}/comments#c-${comment.id}`);
    // The SMTP server has the mail before the sender marks the row sent (after the server's answer): wait for the mark.
    await until(async () => (await outbox(author.email))[0]?.sent === true, 'the outbox row marked sent');
    expect(await outbox(author.email)).toEqual([{ kind: 'mention', attempts: 1, sent: true, last_error: null }]);
  });

  it('preferences decide: a comment on my document is not emailed by default; turned on it is; in-app off leaves the inbox empty', async () => {
    const before = smtp.mails.length;
    // By default a comment (not a mention) is in the inbox only.
    await createComment(db(), { actor: colleague, documentId: docId, input: { body: 'A general remark.' } });
    expect((await outbox(author.email)).filter((r) => r.kind === 'comment')).toEqual([]);
    await saveNotificationPreferences(db(), { actor: author, input: { preferences: [{ kind: 'comment', inApp: false, email: true }] } });
    const inboxBefore = (await listNotifications(db(), { actor: author })).items.filter((n) => n.kind === 'comment').length;
    start();
    await createComment(db(), { actor: colleague, documentId: docId, input: { body: 'Second remark, by email only.' } });
    await until(() => smtp.mails.length > before, 'the comment email');
    expect(plain(smtp.mails.at(-1)?.raw ?? '')).toMatch(/^Subject: \[Kaizen\] New comment: /m);
    expect(plain(smtp.mails.at(-1)?.raw ?? '')).toContain('Second remark, by email only.');
    expect((await listNotifications(db(), { actor: author })).items.filter((n) => n.kind === 'comment').length).toBe(inboxBefore);
  });

  it('rows queued while no sender runs are delivered once by the next sender (a restart), even with two racing', async () => {
    const first = start();
    await first.stop();
    senders = [];
    await createRequest(db(), { actor: author, documentId: docId, input: { kind: 'review', account: reviewer.email } });
    for (let i = 0; i < 6; i++)
      await createComment(db(), { actor: author, documentId: docId, input: { body: `@${reviewer.email} point ${i}` } });
    expect((await outbox(reviewer.email)).map((r) => r.sent)).toEqual(Array(7).fill(false));
    expect(smtp.mails.filter((m) => m.to.includes(reviewer.email))).toEqual([]);
    // Two processes start again at once: each row is claimed by one of them.
    start();
    start();
    await until(async () => (await outbox(reviewer.email)).every((r) => r.sent), 'every queued email sent');
    const got = smtp.mails.filter((m) => m.to.includes(reviewer.email)).map((m) => plain(m.raw));
    expect(got).toHaveLength(7);
    expect(got.filter((t) => /^Subject: \[Kaizen\] Review requested: Ana Author asked you to review/m.test(t))).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(got.filter((t) => t.includes(`point ${i}`))).toHaveLength(1);
    expect((await outbox(reviewer.email)).every((r) => r.attempts === 1)).toBe(true);
  });

  it('a refusing SMTP server: the send is retried with backoff and its answer kept in last_error', async () => {
    const refusing = await startSmtp({ refuse: true });
    try {
      start(refusing.url);
      await createComment(db(), { actor: colleague, documentId: docId, input: { body: `@${reviewer.email} refused one` } });
      await until(async () => (await outbox(reviewer.email)).some((r) => !r.sent && r.attempts >= 2), 'a second attempt');
      const [row] = (await outbox(reviewer.email)).filter((r) => !r.sent);
      expect(row.last_error).toMatch(/550/);
      expect(row.last_error).not.toContain('smtp://');
    } finally {
      await Promise.all(senders.map((s) => s.stop()));
      senders = [];
      await refusing.close();
    }
    // The server comes back: the pending row goes out once.
    start();
    await until(async () => (await outbox(reviewer.email)).every((r) => r.sent), 'the retried email');
    expect(smtp.mails.filter((m) => m.to.includes(reviewer.email) && plain(m.raw).includes('refused one'))).toHaveLength(1);
  });
});
