import { describe, expect, it } from 'vitest';
import { blamelessRca } from '../../templates/blameless-rca';
import { TemplateSchema, type Template } from '../../templates/schema';
import { documentToFormValues, formToFields, mergeChoices, richTextFormValue } from '~/lib/document-form';

const rca = TemplateSchema.parse(blamelessRca) as Template;
const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Root cause' }] }] };

describe('document form: every field comes back in its own kind', () => {
  it.each([
    { name: 'editor JSON comes back as a document', posted: JSON.stringify(doc), shown: doc },
    { name: 'Markdown stays Markdown', posted: 'Some **bold** text', shown: 'Some **bold** text' },
    { name: 'Markdown that starts with a brace stays Markdown', posted: '{not json', shown: '{not json' },
    { name: 'JSON that is not a document stays text', posted: '{"a":1}', shown: '{"a":1}' },
  ])('$name', ({ posted, shown }) => {
    expect(richTextFormValue(posted)).toEqual(shown);
    const form = new FormData();
    form.set('f.rootCause', posted);
    const { values, raw } = formToFields(rca, form);
    expect(values.rootCause).toEqual(shown);
    expect(raw.rootCause).toBe(posted);
  });

  it('carries each action row’s stored base through the form, removed rows included', () => {
    const item = {
      id: 'a1',
      fieldKey: 'nextSteps',
      version: 3,
      title: 'Add a DLQ',
      kind: 'prevent',
      owner: null,
      dueDate: null,
      status: 'in_progress',
      url: null,
    };
    const shown = documentToFormValues(rca, { fields: {}, actionItems: [item] }).nextSteps as { base: string }[];
    expect(JSON.parse(shown[0].base)).toMatchObject({ id: 'a1', version: 3, status: 'in_progress' });
    const form = new FormData();
    form.set('f.nextSteps.0.id', 'a1');
    form.set('f.nextSteps.0.base', shown[0].base);
    form.set('f.nextSteps.0.title', 'Add a DLQ');
    form.set('f.nextSteps.0.remove', 'on');
    form.set('f.nextSteps.1.title', 'New step');
    const { values, raw, actionRows } = formToFields(rca, form);
    expect(actionRows.nextSteps.map((r) => [r.id, r.remove, !!r.base])).toEqual([
      ['a1', true, true],
      [undefined, false, false],
    ]);
    expect((values.nextSteps as { title: string }[]).map((r) => r.title)).toEqual(['New step']);
    expect('nextSteps' in raw).toBe(false);
  });

  it('reads the merge choices: only listed conflicts, only theirs or mine', () => {
    const form = new FormData();
    for (const k of ['rootCause', 'title', 'bad key!']) form.append('conflict', k);
    form.set('resolve.rootCause', 'theirs');
    form.set('resolve.title', 'both');
    form.set('resolve.environment', 'theirs');
    expect(mergeChoices(form)).toEqual({ conflicts: ['rootCause', 'title'], resolve: { rootCause: 'theirs' } });
  });
});
