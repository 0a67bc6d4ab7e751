import { describe, expect, it } from 'vitest';
import { changedKeys, mergeEdit, pairTimeline, rowEdits, type EditState, type MergeField, type RowValue } from '~/lib/merge';

const spec: MergeField[] = [
  { key: 'environment', kind: 'scalar' },
  { key: 'rootCause', kind: 'scalar' },
  { key: 'whatHappened', kind: 'scalar' },
  { key: 'timeline', kind: 'timeline' },
  { key: 'gates', kind: 'checklist' },
  { key: 'nextSteps', kind: 'actions' },
];

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const row = (id: string | undefined, over: Partial<RowValue> = {}): RowValue => ({
  id,
  version: 1,
  title: `Row ${id}`,
  kind: 'prevent',
  owner: null,
  dueDate: null,
  status: 'open',
  url: null,
  ...over,
});
const e = (at: string, text: string, marker?: string) => (marker ? { at, text, marker } : { at, text });

function state(
  over: { meta?: Partial<EditState['meta']>; fields?: Record<string, unknown>; rows?: Record<string, RowValue[]> } = {},
): EditState {
  return {
    meta: { title: 'Mailer outage', severity: 'SEV2', service: 'mailer', tags: ['queue'], ...over.meta },
    fields: {
      environment: 'production',
      rootCause: doc('No dead-letter queue.'),
      whatHappened: doc('A consumer deadlocked.'),
      timeline: [e('2016-06-15T22:04:00Z', 'Consumers stop'), e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')],
      gates: { rollback: { answer: 'yes', note: '' }, oncall: { answer: null, note: '' } },
      ...over.fields,
    },
    rows: { nextSteps: [row('a'), row('b')], ...over.rows },
  };
}

describe('mergeEdit: field by field', () => {
  const base = state();
  const cases: {
    name: string;
    mine: EditState;
    theirs: EditState;
    outcomes: Record<string, string>;
    conflicts: string[];
    check?: (m: EditState) => void;
  }[] = [
    {
      name: 'nobody changed anything',
      mine: state(),
      theirs: state(),
      outcomes: { rootCause: 'same', title: 'same', nextSteps: 'same', timeline: 'same' },
      conflicts: [],
    },
    {
      name: 'disjoint fields: each side keeps its change',
      mine: state({ fields: { whatHappened: doc('Mine: poison message.') } }),
      theirs: state({ fields: { rootCause: doc('Theirs: retries unbounded.') } }),
      outcomes: { whatHappened: 'mine', rootCause: 'theirs', environment: 'same' },
      conflicts: [],
      check: (m) => {
        expect(m.fields.whatHappened).toEqual(doc('Mine: poison message.'));
        expect(m.fields.rootCause).toEqual(doc('Theirs: retries unbounded.'));
      },
    },
    {
      name: 'both changed one field differently: a conflict that holds mine',
      mine: state({ fields: { rootCause: doc('Mine.') } }),
      theirs: state({ fields: { rootCause: doc('Theirs.') } }),
      outcomes: { rootCause: 'conflict' },
      conflicts: ['rootCause'],
      check: (m) => expect(m.fields.rootCause).toEqual(doc('Mine.')),
    },
    {
      name: 'both made the same change: no conflict',
      mine: state({ meta: { title: 'Same new title' } }),
      theirs: state({ meta: { title: 'Same new title' } }),
      outcomes: { title: 'mine' },
      conflicts: [],
    },
    {
      name: 'one side cleared a field the other left alone',
      mine: state({ fields: { environment: undefined } }),
      theirs: state({ meta: { tags: ['queue', 'email'] } }),
      outcomes: { environment: 'mine', tags: 'theirs' },
      conflicts: [],
      check: (m) => {
        expect('environment' in m.fields).toBe(false);
        expect(m.meta.tags).toEqual(['queue', 'email']);
      },
    },
    {
      name: 'empty values are all the same empty (null, "", [], missing)',
      mine: state({ meta: { service: null } }),
      theirs: state({ meta: { service: '' } }),
      outcomes: { service: 'mine' },
      conflicts: [],
    },
    {
      name: 'timeline: different entries edited on each side merge entry by entry',
      mine: state({
        fields: { timeline: [e('2016-06-15T22:04:00Z', 'Consumers stop acking'), e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')] },
      }),
      theirs: state({
        fields: {
          timeline: [
            e('2016-06-15T22:04:00Z', 'Consumers stop'),
            e('2016-06-15T22:31:00Z', 'Backlog alert', 'detected'),
            e('2016-06-15T23:00:00Z', 'Fixed', 'resolved'),
          ],
        },
      }),
      outcomes: { timeline: 'both' },
      conflicts: [],
      check: (m) =>
        expect(m.fields.timeline).toEqual([
          e('2016-06-15T22:04:00Z', 'Consumers stop acking'),
          e('2016-06-15T22:31:00Z', 'Backlog alert', 'detected'),
          e('2016-06-15T23:00:00Z', 'Fixed', 'resolved'),
        ]),
    },
    {
      name: 'timeline: the same entry edited differently on both sides is a conflict',
      mine: state({ fields: { timeline: [e('2016-06-15T22:04:00Z', 'Mine'), e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')] } }),
      theirs: state({
        fields: { timeline: [e('2016-06-15T22:04:00Z', 'Theirs'), e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')] },
      }),
      outcomes: { timeline: 'conflict' },
      conflicts: ['timeline'],
      check: (m) => expect((m.fields.timeline as { text: string }[]).map((x) => x.text)).toEqual(['Mine', 'Backlog alert']),
    },
    {
      name: 'timeline: an entry removed on one side and left alone on the other is removed; additions from both kept once',
      mine: state({
        fields: { timeline: [e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected'), e('2016-06-15T23:10:00Z', 'Both added')] },
      }),
      theirs: state({
        fields: {
          timeline: [
            e('2016-06-15T22:04:00Z', 'Consumers stop'),
            e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected'),
            e('2016-06-15T23:10:00Z', 'Both added'),
            e('2016-06-15T23:20:00Z', 'Theirs only'),
          ],
        },
      }),
      outcomes: { timeline: 'both' },
      conflicts: [],
      check: (m) =>
        expect((m.fields.timeline as { text: string }[]).map((x) => x.text)).toEqual(['Backlog alert', 'Both added', 'Theirs only']),
    },
    {
      name: 'timeline: an entry I edited that they removed is a conflict',
      mine: state({
        fields: { timeline: [e('2016-06-15T22:04:00Z', 'Consumers stop, edited'), e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')] },
      }),
      theirs: state({ fields: { timeline: [e('2016-06-15T22:30:00Z', 'Backlog alert', 'detected')] } }),
      outcomes: { timeline: 'conflict' },
      conflicts: ['timeline'],
    },
    {
      name: 'checklist: different items answered on each side',
      mine: state({ fields: { gates: { rollback: { answer: 'yes', note: '' }, oncall: { answer: 'yes', note: 'paged' } } } }),
      theirs: state({ fields: { gates: { rollback: { answer: 'no', note: 'no script' }, oncall: { answer: null, note: '' } } } }),
      outcomes: { gates: 'both' },
      conflicts: [],
      check: (m) =>
        expect(m.fields.gates).toEqual({ rollback: { answer: 'no', note: 'no script' }, oncall: { answer: 'yes', note: 'paged' } }),
    },
    {
      name: 'checklist: the same item answered differently is a conflict',
      mine: state({ fields: { gates: { rollback: { answer: 'na', note: '' } } } }),
      theirs: state({ fields: { gates: { rollback: { answer: 'no', note: '' }, oncall: { answer: null, note: '' } } } }),
      outcomes: { gates: 'conflict' },
      conflicts: ['gates'],
    },
    {
      name: 'action rows: their status change and my title change of the same row both survive',
      mine: state({ rows: { nextSteps: [row('a', { title: 'Add a DLQ' }), row('b')] } }),
      theirs: state({ rows: { nextSteps: [row('a', { status: 'done', version: 2 }), row('b')] } }),
      outcomes: { nextSteps: 'both' },
      conflicts: [],
      check: (m) => expect(m.rows.nextSteps[0]).toMatchObject({ id: 'a', version: 2, title: 'Add a DLQ', status: 'done' }),
    },
    {
      name: 'action rows: a row I left alone keeps the status set elsewhere',
      mine: state(),
      theirs: state({ rows: { nextSteps: [row('a', { status: 'in_progress', version: 2 }), row('b')] } }),
      outcomes: { nextSteps: 'theirs' },
      conflicts: [],
      check: (m) => expect(m.rows.nextSteps[0].status).toBe('in_progress'),
    },
    {
      name: 'action rows: both set one row’s status differently',
      mine: state({ rows: { nextSteps: [row('a', { status: 'wont_do' }), row('b')] } }),
      theirs: state({ rows: { nextSteps: [row('a', { status: 'done', version: 2 }), row('b')] } }),
      outcomes: { nextSteps: 'conflict' },
      conflicts: ['nextSteps'],
      check: (m) => expect(m.rows.nextSteps[0]).toMatchObject({ status: 'wont_do', version: 2 }),
    },
    {
      name: 'action rows: my new row and their new row are both kept; a row they added is not deleted by me',
      mine: state({ rows: { nextSteps: [row('a'), row('b'), row(undefined, { title: 'Mine new' })] } }),
      theirs: state({ rows: { nextSteps: [row('a'), row('b'), row('c', { title: 'Theirs new' })] } }),
      outcomes: { nextSteps: 'both' },
      conflicts: [],
      check: (m) => expect(m.rows.nextSteps.map((r) => r.title)).toEqual(['Row a', 'Row b', 'Theirs new', 'Mine new']),
    },
    {
      name: 'action rows: I removed a row they left alone',
      mine: state({ rows: { nextSteps: [row('b')] } }),
      theirs: state(),
      outcomes: { nextSteps: 'mine' },
      conflicts: [],
      check: (m) => expect(m.rows.nextSteps.map((r) => r.id)).toEqual(['b']),
    },
    {
      name: 'action rows: I removed a row they changed: a conflict',
      mine: state({ rows: { nextSteps: [row('b')] } }),
      theirs: state({ rows: { nextSteps: [row('a', { owner: 'Ada', version: 2 }), row('b')] } }),
      outcomes: { nextSteps: 'conflict' },
      conflicts: ['nextSteps'],
    },
    {
      name: 'action rows: they removed a row I changed: a conflict; mine comes back as a new row',
      mine: state({ rows: { nextSteps: [row('a', { owner: 'Grace' }), row('b')] } }),
      theirs: state({ rows: { nextSteps: [row('b')] } }),
      outcomes: { nextSteps: 'conflict' },
      conflicts: ['nextSteps'],
      check: (m) =>
        expect(m.rows.nextSteps.map((r) => [r.id, r.owner])).toEqual([
          ['b', null],
          [undefined, 'Grace'],
        ]),
    },
    {
      name: 'action rows: they removed a row I left alone: it stays removed',
      mine: state(),
      theirs: state({ rows: { nextSteps: [row('b')] } }),
      outcomes: { nextSteps: 'theirs' },
      conflicts: [],
      check: (m) => expect(m.rows.nextSteps.map((r) => r.id)).toEqual(['b']),
    },
  ];

  it.each(cases)('$name', ({ mine, theirs, outcomes, conflicts, check }) => {
    const r = mergeEdit(spec, { base, mine, theirs });
    expect(r.conflicts).toEqual(conflicts);
    for (const [k, v] of Object.entries(outcomes)) expect(r.outcomes[k], k).toBe(v);
    check?.(r.merged);
  });
});

describe('pairTimeline', () => {
  const base = [e('T1', 'a'), e('T2', 'b'), e('T3', 'c')];
  it.each([
    { name: 'identical', side: base, fate: ['same', 'same', 'same'], added: 0 },
    { name: 'text edited (same time)', side: [e('T1', 'a!'), e('T2', 'b'), e('T3', 'c')], fate: ['changed', 'same', 'same'], added: 0 },
    { name: 'time corrected (same text)', side: [e('T0', 'a'), e('T2', 'b'), e('T3', 'c')], fate: ['changed', 'same', 'same'], added: 0 },
    { name: 'marker set', side: [e('T1', 'a', 'detected'), e('T2', 'b'), e('T3', 'c')], fate: ['changed', 'same', 'same'], added: 0 },
    { name: 'removed and added', side: [e('T2', 'b'), e('T3', 'c'), e('T9', 'z')], fate: ['removed', 'same', 'same'], added: 1 },
    {
      name: 'time and text both changed: removed + added',
      side: [e('T0', 'x'), e('T2', 'b'), e('T3', 'c')],
      fate: ['removed', 'same', 'same'],
      added: 1,
    },
  ])('$name', ({ side, fate, added }) => {
    const r = pairTimeline(base, side);
    expect(r.fate.map((f) => f.kind)).toEqual(fate);
    expect(r.added).toHaveLength(added);
  });
});

describe('changedKeys and rowEdits', () => {
  it('names what differs between two states', () => {
    const a = state();
    const b = state({
      meta: { title: 'New' },
      fields: { rootCause: doc('x') },
      rows: { nextSteps: [row('a', { status: 'done' }), row('b')] },
    });
    expect(changedKeys(spec, a, b)).toEqual(['title', 'rootCause', 'nextSteps']);
    expect(changedKeys(spec, a, state())).toEqual([]);
  });

  it.each([
    { name: 'nothing', from: [row('a')], to: [row('a')], create: 0, update: [], remove: [] },
    {
      name: 'one property',
      from: [row('a')],
      to: [row('a', { status: 'done' })],
      create: 0,
      update: [{ id: 'a', version: 1, changes: { status: 'done' } }],
      remove: [],
    },
    {
      name: 'create and remove',
      from: [row('a')],
      to: [row(undefined, { title: 'n' })],
      create: 1,
      update: [],
      remove: [{ id: 'a', version: 1 }],
    },
  ])('$name', ({ from, to, create, update, remove }) => {
    const r = rowEdits(from, to);
    expect(r.create).toHaveLength(create);
    expect(r.update).toEqual(update);
    expect(r.remove).toEqual(remove);
  });
});
