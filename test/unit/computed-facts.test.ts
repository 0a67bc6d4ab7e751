import { describe, expect, it } from 'vitest';
import { blamelessRca } from '../../templates/blameless-rca';
import { TemplateSchema, type Template } from '../../templates/schema';
import { computeFacts, parseFieldValues, strictIssues } from '~/lib/fields.server';
import { formatDuration } from '~/lib/time';

const rca = TemplateSchema.parse(blamelessRca) as Template;

/** Parse raw values the way the API does, then compute. */
function facts(raw: Record<string, unknown>) {
  const parsed = parseFieldValues(rca, raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return computeFacts(rca, parsed.values);
}

const base = { startedAt: '2016-06-15 22:04 UTC', endedAt: '2016-06-16 22:44 UTC' };

describe('computed facts of blameless-rca', () => {
  it('total time affected is endedAt − startedAt, shown as 24:40 hours', () => {
    const f = facts(base);
    expect(f.impactMinutes).toBe(1480);
    expect(formatDuration(f.impactMinutes)).toBe('24:40 hours');
  });

  it('converts zones before subtracting (10:04 PM CDT is 03:04 UTC next day)', () => {
    expect(facts({ startedAt: '2016-06-15 10:04 PM CDT', endedAt: '2016-06-16T04:04:00Z' }).impactMinutes).toBe(60);
  });

  it('time to detect / mitigate / resolve come from the timeline markers', () => {
    const f = facts({
      startedAt: base.startedAt,
      timeline: [
        { at: '2016-06-16 01:00 UTC', text: 'Fix deployed', marker: 'resolved' },
        { at: '2016-06-15 22:30 UTC', text: 'Alert fires', marker: 'detected' },
        { at: '2016-06-15 23:10 UTC', text: 'Traffic drained', marker: 'mitigated' },
      ],
    });
    expect(f).toMatchObject({ timeToDetectMinutes: 26, timeToMitigateMinutes: 66, timeToResolveMinutes: 176, impactMinutes: null });
  });

  it('the first entry with a marker counts when a marker is used twice', () => {
    const f = facts({
      startedAt: base.startedAt,
      timeline: [
        { at: '2016-06-15 23:00 UTC', text: 'second', marker: 'mitigated' },
        { at: '2016-06-15 22:34 UTC', text: 'first', marker: 'mitigated' },
      ],
    });
    expect(f.timeToMitigateMinutes).toBe(30);
  });

  it('detectedAt and endedAt, when filled, win over the markers', () => {
    const f = facts({
      ...base,
      detectedAt: '2016-06-15 22:14 UTC',
      timeline: [
        { at: '2016-06-15 22:30 UTC', text: 'Alert', marker: 'detected' },
        { at: '2016-06-16 01:00 UTC', text: 'Fixed', marker: 'resolved' },
      ],
    });
    expect(f.timeToDetectMinutes).toBe(10);
    expect(f.timeToResolveMinutes).toBe(1480);
  });

  it('is null (not negative, not 0) when a time is missing or before the start', () => {
    expect(facts({ startedAt: base.startedAt })).toEqual({
      impactMinutes: null,
      timeToDetectMinutes: null,
      timeToMitigateMinutes: null,
      timeToResolveMinutes: null,
    });
    const f = facts({ startedAt: base.startedAt, timeline: [{ at: '2016-06-15 21:00 UTC', text: 'earlier', marker: 'detected' }] });
    expect(f.timeToDetectMinutes).toBeNull();
  });
});

describe('strict checks of blameless-rca', () => {
  it('report every missing item at once, each with its field path', () => {
    const issues = strictIssues(rca, { title: ' ', fields: {}, actionCounts: {} });
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'title',
      'fields.startedAt',
      'fields.endedAt',
      'fields.timeline',
      'fields.symptoms',
      'fields.whatHappened',
      'fields.rootCause',
      'fields.nextSteps',
    ]);
  });

  it('refuse an end before the start, and accept a complete RCA', () => {
    const parsed = parseFieldValues(rca, {
      startedAt: '2016-06-15 22:04 UTC',
      endedAt: '2016-06-15 21:00 UTC',
      timeline: [{ at: '2016-06-15 22:04 UTC', text: 'start' }],
      symptoms: 'x',
      whatHappened: 'y',
      rootCause: 'z',
    });
    if (!parsed.ok) throw new Error('parse failed');
    expect(strictIssues(rca, { title: 'T', fields: parsed.values, actionCounts: { nextSteps: 1 } }).map((i) => i.path.join('.'))).toEqual([
      'fields.endedAt',
    ]);
    parsed.values.endedAt = '2016-06-16T22:44:00Z';
    expect(strictIssues(rca, { title: 'T', fields: parsed.values, actionCounts: { nextSteps: 1 } })).toEqual([]);
  });

  it('count an empty rich text (only whitespace) as missing', () => {
    const parsed = parseFieldValues(rca, { symptoms: { type: 'doc', content: [{ type: 'paragraph' }] } });
    if (!parsed.ok) throw new Error('parse failed');
    expect(strictIssues(rca, { title: 'T', fields: parsed.values, actionCounts: {} }).map((i) => i.path.join('.'))).toContain(
      'fields.symptoms',
    );
  });
});
