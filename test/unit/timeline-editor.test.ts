import { describe, expect, it } from 'vitest';
import { TIMELINE_MARKERS } from '../../templates/schema';
import { blamelessRca } from '../../templates/blameless-rca';
import { TemplateSchema, type Template } from '../../templates/schema';
import { MARKERS, sortRows } from '~/components/timeline-editor';
import { documentToFormValues, formToFields, pasteRequest } from '~/lib/document-form';

const rca = TemplateSchema.parse(blamelessRca) as Template;

describe('timeline editor helpers', () => {
  it('offers exactly the template markers', () => {
    expect([...MARKERS]).toEqual([...TIMELINE_MARKERS]);
  });

  it('keeps rows in time order across zones, unreadable times last in their order', () => {
    const rows = sortRows([
      { at: '2016-06-15 23:00 UTC', text: 'c' },
      { at: 'soon', text: 'x' },
      { at: '2016-06-15 10:04 PM CDT', text: 'd' }, // 03:04 UTC next day
      { at: '2016-06-15T22:04:00Z', text: 'a' },
      { at: '', text: 'y' },
      { at: '2016-06-15 22:30 UTC', text: 'b' },
    ]);
    expect(rows.map((r) => r.text)).toEqual(['a', 'b', 'c', 'd', 'x', 'y']);
  });
});

describe('document form: timeline', () => {
  it('shows stored instants in UTC with seconds kept, so a save does not move them', () => {
    const v = documentToFormValues(rca, {
      fields: { timeline: [{ at: '2016-06-15T22:04:31Z', text: 'a', marker: 'detected' }] },
      actionItems: [],
    });
    expect(v.timeline).toEqual([{ at: '2016-06-15 22:04:31 UTC', text: 'a', marker: 'detected' }]);
  });

  it('adds the checked proposals of a reviewed paste (no-JS) and ignores the unchecked ones', () => {
    const form = new FormData();
    form.set('f.timeline.0.at', '2016-06-15 22:04 UTC');
    form.set('f.timeline.0.text', 'typed by hand');
    form.set('f.timeline.1.at', '');
    form.set('f.timeline.1.text', '');
    form.append('paste.timeline.pick', '0');
    form.append('paste.timeline.pick', '2');
    for (const [i, at, text] of [
      [0, '2016-06-15T22:30:00Z', 'alert'],
      [1, '2016-06-15T22:40:00Z', 'not wanted'],
      [2, '2016-06-15T23:00:00Z', 'fixed'],
    ] as const) {
      form.set(`paste.timeline.${i}.at`, at);
      form.set(`paste.timeline.${i}.text`, text);
    }
    const { raw } = formToFields(rca, form);
    expect((raw.timeline as { text: string }[]).map((e) => e.text)).toEqual(['typed by hand', 'alert', 'fixed']);
  });

  it('finds the paste request of the timeline field', () => {
    const form = new FormData();
    form.set('paste.timeline.text', '[22:04] alice: restarted');
    form.set('paste.timeline.date', '2016-06-15');
    form.set('paste.timeline.zone', 'UTC');
    expect(pasteRequest(rca, form)).toEqual({ fieldKey: 'timeline', text: '[22:04] alice: restarted', date: '2016-06-15', zone: 'UTC' });
    expect(pasteRequest(rca, new FormData())).toBeNull();
  });
});
