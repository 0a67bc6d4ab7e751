// Reminders on a fake clock, on each backend: an RCA still a draft 5 working days after the incident ended (the
// weekend skipped) reminds its author, then weekly and not within the week; action items due within 3 days and
// overdue remind their owner's account; each person gets one weekly summary of what waits on them. Two runs at
// the same moment send each reminder once.
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor, rcaInput } from '../helpers/factories';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createRequest } from '../../app/models/review-request.server';
import { addWorkingDays, runReminders, weekStart } from '../../app/models/reminder.server';
import { rowsOf } from '../../app/models/webhook-event.server';
import type { Actor } from '../../app/models/types';

const at = (iso: string) => new Date(iso);

describeEachBackend('reminders', (db) => {
  let boss: Actor;
  const notices = async (who: Actor, kind: string) =>
    rowsOf<{ summary: string; document_id: string | null }>(
      await db().execute(sql`select summary, document_id from notifications where user_id = ${who.id} and kind = ${kind} order by id`),
    );
  /** An RCA by `author` whose incident ended at `endedAt`, with the given next steps. */
  const rca = (author: Actor, title: string, endedAt: string, nextSteps?: unknown[]) =>
    createDocument(db(), {
      actor: author,
      input: rcaInput({
        title,
        fields: { startedAt: new Date(Date.parse(endedAt) - 3_600_000).toISOString(), endedAt, ...(nextSteps ? { nextSteps } : {}) },
      }),
    });

  beforeAll(async () => {
    boss = await createTestActor(db(), 'editor');
  });

  it('working days skip the weekend; weeks start on Monday', () => {
    expect(addWorkingDays('2026-12-03', 5)).toBe('2026-12-10'); // Thursday → next Thursday
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday → Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday → Monday
    expect(weekStart('2026-12-06')).toBe('2026-11-30');
    expect(weekStart('2026-12-07')).toBe('2026-12-07');
  });

  it('an RCA still a draft: reminded on working day 5 (not calendar day 5), then weekly, never twice in a week', async () => {
    const author = await createTestActor(db(), 'editor');
    const doc = await rca(author, 'Cache stampede on Thursday', '2026-12-03T15:00:00Z');
    const sent = await rca(author, 'Already in review', '2026-12-03T15:00:00Z');
    await transitionDocument(db(), { actor: author, id: sent.id, input: { to: 'in_review', version: sent.version } });

    await runReminders(db(), at('2026-12-08T12:00:00Z')); // calendar day 5: a Tuesday, only 3 working days
    await runReminders(db(), at('2026-12-09T23:59:00Z'));
    expect(await notices(author, 'rca_due')).toEqual([]);
    await runReminders(db(), at('2026-12-10T00:30:00Z')); // working day 5
    const first = await notices(author, 'rca_due');
    expect(first).toEqual([
      {
        summary:
          '“Cache stampede on Thursday” is still a draft 5 working days after the incident ended: finish the RCA and send it for review.',
        document_id: doc.id,
      },
    ]);
    await runReminders(db(), at('2026-12-10T13:00:00Z'));
    await runReminders(db(), at('2026-12-16T23:00:00Z'));
    expect(await notices(author, 'rca_due')).toHaveLength(1);
    await runReminders(db(), at('2026-12-17T01:00:00Z')); // a week after the due date
    const again = await notices(author, 'rca_due');
    expect(again).toHaveLength(2);
    expect(again[1].summary).toBe('“Cache stampede on Thursday” is still a draft, 7 days past its due date (2026-12-10).');
    await runReminders(db(), at('2026-12-18T01:00:00Z'));
    expect(await notices(author, 'rca_due')).toHaveLength(2);
    // The one in review is never reminded.
    expect((await notices(author, 'rca_due')).every((n) => n.document_id === doc.id)).toBe(true);
  });

  it('action items: due within 3 days reminds the owner once; overdue reminds, then weekly; done stops it', async () => {
    const owner = await createTestActor(db(), 'editor');
    await rca(boss, 'Disk fills up', '2026-11-20T10:00:00Z', [
      { title: 'Add a disk alert', kind: 'detect', owner: owner.email, dueDate: '2026-12-10' },
      { title: 'Rotate the logs', kind: 'prevent', owner: owner.email, dueDate: '2026-12-01' },
      { title: 'Free-text owner', kind: 'prevent', owner: 'SRE team', dueDate: '2026-12-01' },
    ]);
    await runReminders(db(), at('2026-12-06T09:00:00Z')); // Dec 10 is 4 days away; Dec 1 was 5 days ago
    expect(await notices(owner, 'action_due_soon')).toEqual([]);
    expect((await notices(owner, 'action_overdue')).map((n) => n.summary)).toEqual([
      'Your action item “Rotate the logs” on “Disk fills up” is overdue: it was due 2026-12-01 (5 days ago).',
    ]);
    await runReminders(db(), at('2026-12-07T09:00:00Z'));
    expect((await notices(owner, 'action_due_soon')).map((n) => n.summary)).toEqual([
      'Your action item “Add a disk alert” on “Disk fills up” is due in 3 days (2026-12-10).',
    ]);
    await runReminders(db(), at('2026-12-08T09:00:00Z'));
    await runReminders(db(), at('2026-12-10T09:00:00Z'));
    expect(await notices(owner, 'action_due_soon')).toHaveLength(1);
    // Dec 8: a week after the first overdue day (Dec 2) the overdue reminder repeats once.
    expect((await notices(owner, 'action_overdue')).map((n) => n.summary)).toEqual([
      'Your action item “Rotate the logs” on “Disk fills up” is overdue: it was due 2026-12-01 (5 days ago).',
      'Your action item “Rotate the logs” on “Disk fills up” is overdue: it was due 2026-12-01 (9 days ago).',
    ]);
    await db().execute(sql`update action_items set status = 'done' where owner_user_id = ${owner.id} and title = 'Add a disk alert'`);
    await runReminders(db(), at('2026-12-11T09:00:00Z'));
    expect((await notices(owner, 'action_overdue')).some((n) => n.summary.includes('Add a disk alert'))).toBe(false);
  });

  it('a weekly summary lists what waits on a person, once a week; someone with nothing waiting gets none', async () => {
    const person = await createTestActor(db(), 'editor');
    const idle = await createTestActor(db(), 'editor');
    await rca(person, 'Slow checkout', '2026-12-01T10:00:00Z', [
      { title: 'Add checkout SLO', kind: 'detect', owner: person.email, dueDate: '2026-12-09' },
    ]);
    const other = await rca(boss, 'DNS outage', '2026-12-11T10:00:00Z');
    await createRequest(db(), { actor: boss, documentId: other.id, input: { kind: 'review', account: person.email } });
    // Two processes run the hourly job at the same moment: one summary.
    await Promise.all([runReminders(db(), at('2026-12-14T08:00:00Z')), runReminders(db(), at('2026-12-14T08:00:00Z'))]);
    const summaries = await notices(person, 'weekly_summary');
    expect(summaries.map((s) => s.summary)).toEqual([
      'This week, waiting on you: 1 open action item (1 overdue): “Add checkout SLO”; 1 review asked of you: “DNS outage”; 1 RCA past due: “Slow checkout”.',
    ]);
    expect(await notices(idle, 'weekly_summary')).toEqual([]);
    await runReminders(db(), at('2026-12-16T08:00:00Z'));
    await runReminders(db(), at('2026-12-20T23:00:00Z'));
    expect(await notices(person, 'weekly_summary')).toHaveLength(1);
    await runReminders(db(), at('2026-12-21T00:10:00Z')); // the next Monday
    expect(await notices(person, 'weekly_summary')).toHaveLength(2);
    // The same-moment runs sent each other reminder once too.
    expect(await notices(person, 'rca_due')).toHaveLength(2);
  });
});
