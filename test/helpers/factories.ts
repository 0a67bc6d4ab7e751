import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client';
import { createUser, toActor } from '../../app/models/user.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import type { Actor, DocumentView, Role } from '../../app/models/types';

export const TEST_PASSWORD = 'correct horse battery';

/** A user of the given role, returned as an Actor for model calls. */
export async function createTestActor(
  db: Database,
  role: Role = 'editor',
  overrides: { email?: string; name?: string; password?: string } = {},
): Promise<Actor> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@example.test`;
  const user = await createUser(db, { email, name: overrides.name ?? `Test ${role}`, role, password: overrides.password ?? TEST_PASSWORD });
  return toActor(user);
}

/** A complete blameless RCA (passes the strict checks); override any part. */
export function rcaInput(
  overrides: { title?: string; fields?: Record<string, unknown>; severity?: string; service?: string; tags?: string[] } = {},
) {
  return {
    template: 'blameless-rca',
    title: overrides.title ?? 'Queue backlog delayed emails',
    severity: overrides.severity ?? 'SEV2',
    service: overrides.service ?? 'mailer',
    tags: overrides.tags ?? ['queue', 'email'],
    fields: {
      environment: 'production',
      affected: 'Outgoing email',
      team: ['Ada Lovelace', 'Grace Hopper'],
      startedAt: '2016-06-15T22:04:00Z',
      endedAt: '2016-06-16T22:44:00Z',
      timeline: [
        { at: '2016-06-15T22:30:00Z', text: 'Backlog alert fires', marker: 'detected' },
        { at: '2016-06-15T22:04:00Z', text: 'Consumers stop acknowledging messages' },
      ],
      symptoms: 'Emails arrived **hours** late.',
      whatHappened: 'A consumer deadlocked on a poison message.',
      rootCause: 'No dead-letter queue for messages that fail repeatedly.',
      nextSteps: [{ title: 'Add a dead-letter queue', kind: 'prevent', owner: 'Ada Lovelace', dueDate: '2016-07-01' }],
      ...overrides.fields,
    },
  };
}

/**
 * An RCA written by `author`, sent for review and published by `reviewer` (someone else, as the templates ask), its
 * incident an hour long from `startedAt` with a detection on the timeline. Returns the published document.
 */
export async function publishRca(
  db: Database,
  opts: { author: Actor; reviewer: Actor; startedAt: string } & Parameters<typeof rcaInput>[0],
): Promise<DocumentView> {
  const { author, reviewer, startedAt, ...overrides } = opts;
  const endedAt = new Date(Date.parse(startedAt) + 3_600_000).toISOString();
  const timeline = [{ at: startedAt, text: 'Alert fires', marker: 'detected' }];
  const doc = await createDocument(db, {
    actor: author,
    input: rcaInput({ ...overrides, fields: { startedAt, endedAt, timeline, ...overrides.fields } }),
  });
  const r = await transitionDocument(db, { actor: author, id: doc.id, input: { to: 'in_review', version: doc.version } });
  return transitionDocument(db, { actor: reviewer, id: doc.id, input: { to: 'published', version: r.version } });
}
