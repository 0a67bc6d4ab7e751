// Example answers shown in the OpenAPI document; the tests check each one against its schema.

export function documentExample() {
  const id = '6f1c2a9e-3b7d-4c1e-9a55-0d2b8f4e7a10';
  return {
    id,
    version: 3,
    contentVersion: 2,
    kind: 'rca',
    status: 'published',
    template: { key: 'blameless-rca', version: 1 },
    title: 'Queue backlog delayed emails',
    severity: 'SEV2',
    service: 'mailer',
    tags: ['queue', 'email'],
    fields: {
      environment: 'production',
      startedAt: '2016-06-16T03:04:00Z',
      endedAt: '2016-06-16T22:44:00Z',
      timeline: [{ at: '2016-06-16T03:04:00Z', text: 'Consumers stop acknowledging messages' }],
    },
    computed: { impactMinutes: 1180, timeToDetectMinutes: null },
    actionItems: [
      {
        id: 'b3c1d7e2-5f4a-4e8b-9c2d-1a7f6e5d4c3b',
        version: 1,
        field: 'nextSteps',
        title: 'Add a dead-letter queue',
        kind: 'prevent',
        owner: 'Ada Lovelace',
        ownerUserId: null,
        dueDate: '2016-07-01',
        status: 'open',
        url: null,
      },
    ],
    signoffs: [],
    createdAt: '2016-06-17T09:00:00.000Z',
    updatedAt: '2016-06-20T14:30:00.000Z',
    publishedAt: '2016-06-20T14:30:00.000Z',
    publishedBy: 'Grace Hopper',
    links: { html: `/docs/${id}`, pdf: `/docs/${id}.pdf` },
  };
}

export const errorExample = {
  error: {
    code: 'invalid',
    message: 'Some values are not valid (fields.startedAt): use a time with an offset, like 2016-06-15T22:04:00Z',
    issues: [{ path: ['fields', 'startedAt'], message: 'use a time with an offset, like 2016-06-15T22:04:00Z' }],
  },
};
