/**
 * What the field-kind registry promises beyond compiling (field-registry-compile.test.ts): the layers agree on
 * what an empty rich text is, answers read the same on the page and in the PDF, and a document goes to Markdown
 * and back to the same values.
 */
import { isValidElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, findField, type Field } from '../../templates';
import { FieldValueView } from '~/fields/views';
import { richtextPdf } from '~/fields/richtext/pdf';
import { checklistPdf } from '~/fields/checklist/pdf';
import { documentToMarkdown, markdownToFields } from '~/fields/markdown';
import { CHECKLIST_ANSWER_LABELS } from '~/fields/checklist/text';
import { isEmptyRichText } from '~/lib/richtext/walk';
import { docToMarkdown } from '~/lib/richtext/markdown';
import { parseFieldValues, strictIssues } from '~/lib/fields.server';
import { Empty } from '~/pdf/fields';

/** The strings of a react-pdf element tree, rendering function components on the way (no layout needed). */
function textOf(node: unknown): string[] {
  if (typeof node === 'string' || typeof node === 'number') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(textOf);
  if (!isValidElement(node)) return [];
  const el = node as ReactElement<{ children?: unknown }>;
  if (typeof el.type === 'function') return textOf((el.type as (p: unknown) => unknown)(el.props));
  return textOf(el.props.children);
}

const rca = BUILT_IN_TEMPLATES.find((t) => t.key === 'blameless-rca')!;
const launch = BUILT_IN_TEMPLATES.find((t) => t.key === 'etsy-go-no-go')!;
const symptoms = findField(rca, 'symptoms') as Field;

const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string) => ({ type: 'text', text });
const doc = (...content: unknown[]) => ({ type: 'doc', content });
const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { type: 'blockquote', content: [nested(depth - 1, leaf)] });

/** The cases the PDF's own check and the server's used to answer differently, and the plain ones. */
const CASES: { name: string; value: unknown; empty: boolean }[] = [
  { name: 'only a horizontal rule', value: doc({ type: 'horizontalRule' }), empty: false },
  { name: 'text nested 50 blocks deep (the PDF stopped at 40)', value: doc(nested(50, p(t('deep')))), empty: false },
  { name: 'whitespace paragraphs', value: doc(p(), p(t('   '))), empty: true },
  { name: 'only hard breaks', value: doc(p({ type: 'hardBreak' }, { type: 'hardBreak' })), empty: true },
  { name: 'a word', value: doc(p(t('word'))), empty: false },
];

describe('one rule for empty rich text', () => {
  for (const c of CASES)
    it(`${c.name}: ${c.empty ? 'empty' : 'content'} for the required check, the page and the PDF`, () => {
      expect(isEmptyRichText(c.value)).toBe(c.empty);
      const required = strictIssues(rca, { title: 'T', fields: { symptoms: c.value }, actionCounts: {} }).some(
        (i) => i.path.join('.') === 'fields.symptoms',
      );
      expect(required).toBe(c.empty);
      const page = renderToStaticMarkup(<FieldValueView field={symptoms} doc={{ fields: { symptoms: c.value } }} />);
      expect(page.includes('Not filled in')).toBe(c.empty);
      const pdf = richtextPdf.Block({ field: symptoms as never, value: c.value as never }) as { type?: unknown };
      expect(pdf.type === Empty).toBe(c.empty);
    });
  it('a blank string is empty, a non-blank one is not', () => {
    expect(isEmptyRichText('  ')).toBe(true);
    expect(isEmptyRichText('text')).toBe(false);
  });
});

describe('one label table for checklist answers', () => {
  const checks = findField(launch, 'checks') as Extract<Field, { type: 'checklist' }>;
  const answers = {
    testedEnough: { answer: 'yes' as const, note: '' },
    finalQa: { answer: 'no' as const, note: '' },
    monitoring: { answer: 'na' as const, note: '' },
    darkLaunch: { answer: 'notyet' as const, note: '' },
  };
  it('the page and the PDF say the same words', () => {
    const page = renderToStaticMarkup(<FieldValueView field={checks} doc={{ fields: { checks: answers } }} />);
    const pdf = textOf(checklistPdf.Block({ field: checks, value: answers }));
    for (const label of Object.values(CHECKLIST_ANSWER_LABELS)) {
      expect(page).toContain(`>${label}<`);
      expect(pdf).toContain(label);
    }
    expect(page).not.toContain('n.a.');
  });
});

describe('Markdown out and in', () => {
  const rcaInput = {
    environment: 'production',
    team: ['Ana', 'Bo'],
    chatReferences: ['https://chat.example/rca', { label: 'Thread [one]', url: 'https://chat.example/t/1' }],
    occurredOn: '2016-06-15',
    startedAt: '2016-06-15T22:04:00Z',
    endedAt: '2016-06-15T23:10:30Z',
    timeline: [
      { at: '2016-06-15T22:04:00Z', text: 'Errors rise' },
      { at: '2016-06-15T22:09:00Z', text: 'Paged on-call', marker: 'detected' },
    ],
    symptoms: '# Impact\n\n- **API** down for *some* users\n- see [the graph](https://graphs.example/1)',
  };
  const launchInput = {
    launchAt: '2026-12-01T15:00:00Z',
    launchers: ['Ana'],
    feature: 'Gift cards',
    checks: {
      testedEnough: { answer: 'yes', note: 'load tested' },
      monitoring: { answer: 'na', note: '' },
      finalQa: { answer: null, note: 'waiting — on QA' },
    },
  };

  for (const [template, input] of [
    [rca, rcaInput],
    [launch, launchInput],
  ] as const)
    it(`${template.key}: a document written as Markdown reads back to the same values`, () => {
      const parsed = parseFieldValues(template, input);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const md = documentToMarkdown({ title: 'Checkout outage', template, fields: parsed.values, computed: {}, actionItems: [] });
      expect(md).toMatch(/^# Checkout outage\n/);
      const back = parseFieldValues(template, markdownToFields(template, md));
      if (!back.ok) throw new Error(JSON.stringify(back.issues));
      const norm = (v: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(v).map(([k, x]) => [
            k,
            x && typeof x === 'object' && (x as { type?: unknown }).type === 'doc' ? docToMarkdown(x as never) : x,
          ]),
        );
      expect(norm(back.values)).toEqual(norm(parsed.values));
    });

  it('writes each kind readably', () => {
    const parsed = parseFieldValues(rca, rcaInput);
    if (!parsed.ok) throw new Error('invalid');
    const md = documentToMarkdown({
      title: 'T',
      template: rca,
      fields: parsed.values,
      computed: { impactMinutes: 66 },
      actionItems: [
        {
          fieldKey: 'nextSteps',
          title: 'Add a DLQ',
          kind: 'prevent',
          owner: 'Bo',
          dueDate: '2016-07-01',
          status: 'in_progress',
          url: null,
        },
      ],
    });
    expect(md).toContain('### RCA team members\n\n- Ana\n- Bo');
    expect(md).toContain('| Time (UTC) | Marker | Event |\n| --- | --- | --- |\n');
    expect(md).toContain('| 2016-06-15 22:09 UTC | detected | Paged on-call |');
    expect(md).toContain('- [ ] Add a DLQ (owner: Bo; due: 2016-07-01; status: In progress; kind: prevent)');
    expect(md).toContain('### Total time services affected\n\n1:06 hours');
  });
});
