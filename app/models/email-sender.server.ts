import { startPolling } from '~/lib/polling.server';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { NotificationKind } from '../../db/enums';
import { logError } from '~/lib/log.server';
import { setEmailQueueing } from '~/models/notification.server';
import { rowsOf } from '~/models/webhook-event.server';
import { retryDelayMs } from '~/models/webhook-sender.server';

// The email sender works through email_outbox the way the webhook sender works through its deliveries
// (docs/decisions/027-email-and-reminders.md): a row is claimed with FOR UPDATE SKIP LOCKED and held by a lease,
// so one sender at a time sends it across processes; the attempt is counted at claim time; a failure is retried
// with backoff and recorded in last_error. Mail is at least once: a process that dies after the SMTP server took a
// message but before it marked the row sent sends it again when the lease ends.

export const MAX_EMAIL_ATTEMPTS = 10;
const LEASE_SECONDS = 180;
const BATCH = 4;

export type ClaimedEmail = {
  id: number;
  attempts: number;
  toAddress: string;
  kind: NotificationKind;
  documentId: string | null;
  commentId: string | null;
  summary: string;
};

/** Claim due emails for this sender. */
export async function claimDueEmails(db: Database, opts: { limit?: number } = {}): Promise<ClaimedEmail[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      update email_outbox
      set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
      where id in (
        select id from email_outbox
        where sent_at is null and failed_at is null and next_attempt_at <= now() and (locked_until is null or locked_until < now())
        order by next_attempt_at, id limit ${opts.limit ?? BATCH}
        for update skip locked)
      returning id, attempts, to_address, kind, document_id, comment_id, summary`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    attempts: Number(r.attempts),
    toAddress: String(r.to_address),
    kind: r.kind as NotificationKind,
    documentId: (r.document_id as string | null) ?? null,
    commentId: (r.comment_id as string | null) ?? null,
    summary: String(r.summary),
  }));
}

const SUBJECT_PREFIX: Record<NotificationKind, string> = {
  mention: 'You were mentioned',
  comment: 'New comment',
  reply: 'New reply',
  review_request: 'Review requested',
  signoff_request: 'Sign-off requested',
  assigned: 'Action item assigned',
  action_due_soon: 'Action item due soon',
  action_overdue: 'Action item overdue',
  rca_due: 'RCA due',
  weekly_summary: 'Your weekly summary',
};

/** The plain-text mail of a notice: what happened, and a link to the document (or the inbox). */
export function renderEmail(e: ClaimedEmail, appUrl: string): { subject: string; text: string } {
  const base = appUrl.replace(/\/+$/, '');
  const link = e.documentId
    ? e.commentId
      ? `${base}/docs/${encodeURIComponent(e.documentId)}/comments#c-${encodeURIComponent(e.commentId)}`
      : `${base}/docs/${encodeURIComponent(e.documentId)}`
    : `${base}/assigned`;
  const oneLine = e.summary.replace(/\s+/g, ' ').trim();
  const subject = `[Kaizen] ${SUBJECT_PREFIX[e.kind]}: ${oneLine}`.slice(0, 200);
  const text = [
    oneLine,
    '',
    `Open it: ${link}`,
    '',
    '--',
    `You get this email because of your notification settings: ${base}/account/notifications`,
    '',
  ].join('\n');
  return { subject, text };
}

/** An SMTP error as a short reason, without the URL (which may hold credentials). */
export function smtpReason(e: unknown): string {
  const err = e as { responseCode?: number; response?: string; code?: string; message?: string };
  const reason = err.response ? `${err.responseCode ?? ''} ${err.response}`.trim() : (err.code ?? err.message ?? String(e));
  return reason.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s]*/gi, '[url]').slice(0, 500);
}

export async function recordEmailAttempt(
  db: Database,
  opts: { email: ClaimedEmail; ok: boolean; error: string | null; retryBaseMs: number },
): Promise<void> {
  const { email } = opts;
  if (opts.ok) {
    await db.execute(sql`update email_outbox set sent_at = now(), locked_until = null, last_error = null where id = ${email.id}`);
    return;
  }
  const giveUp = email.attempts >= MAX_EMAIL_ATTEMPTS;
  const next = new Date(Date.now() + retryDelayMs(email.attempts, opts.retryBaseMs));
  await db.execute(sql`
    update email_outbox
    set next_attempt_at = ${next.toISOString()}::timestamptz, locked_until = null, last_error = ${opts.error},
        failed_at = ${giveUp ? sql`now()` : sql`null`}
    where id = ${email.id} and sent_at is null`);
}

export type EmailSenderOptions = {
  db: Database;
  smtpUrl: string;
  from: string;
  appUrl: string;
  retryBaseMs: number;
  pollMs?: number;
};
export type EmailSender = { stop: () => Promise<void> };

/**
 * Start this process's email sender (only when SMTP_URL is set): it switches queueing on, polls the outbox every
 * `pollMs` and sends what is due over one pooled SMTP transport. `stop` waits for sends under way and closes it.
 */
export function startEmailSender(opts: EmailSenderOptions): EmailSender {
  setEmailQueueing(true);
  // Bounded waits (each send at most ~40 s) so a batch of 4 sent one after another ends within its 180 s lease.
  // nodemailer is loaded here, not at start-up: most servers never send mail, and it costs start time and memory.
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }),
  );
  const pollMs = opts.pollMs ?? Math.min(2000, opts.retryBaseMs);

  const tick = async () => {
    while (!polling.stopped()) {
      const batch = await claimDueEmails(opts.db);
      for (const email of batch) {
        const { subject, text } = renderEmail(email, opts.appUrl);
        let error: string | null = null;
        try {
          await (await transport).sendMail({ from: opts.from, to: email.toAddress, subject, text });
        } catch (e) {
          error = smtpReason(e);
        }
        await recordEmailAttempt(opts.db, { email, ok: error === null, error, retryBaseMs: opts.retryBaseMs });
      }
      if (batch.length < BATCH) break;
    }
  };
  const polling = startPolling(tick, {
    pollMs,
    onError: (e) => logError('The email sender failed; it tries again shortly', new Error(smtpReason(e))),
  });
  return {
    async stop() {
      await polling.stop();
      (await transport).close();
    },
  };
}
