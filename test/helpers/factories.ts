import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client';
import { createUser, toActor } from '../../app/models/user.server';
import type { Actor, Role } from '../../app/models/types';

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
