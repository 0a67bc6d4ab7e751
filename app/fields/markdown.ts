/**
 * The Markdown layer of the field-kind registry: a document as Markdown (a heading per section and per field, each
 * kind writing its value), and that Markdown read back into raw field values that the value schemas check like any
 * other input. Server side in practice: the rich-text kind brings prosemirror-markdown.
 */
import type { Template } from '../../templates/schema';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf } from '~/fields/kind';
import { textOf, valueOf } from '~/fields/text';
import { actionsMarkdown } from '~/fields/actions/markdown';
import { checklistMarkdown } from '~/fields/checklist/markdown';
import { computedMarkdown } from '~/fields/computed/markdown';
import { dateMarkdown } from '~/fields/date/markdown';
import { datetimeMarkdown } from '~/fields/datetime/markdown';
import { linksMarkdown } from '~/fields/links/markdown';
import { peopleMarkdown } from '~/fields/people/markdown';
import { richtextMarkdown } from '~/fields/richtext/markdown';
import { selectMarkdown } from '~/fields/select/markdown';
import { textMarkdown } from '~/fields/text/markdown';
import { timelineMarkdown } from '~/fields/timeline/markdown';
import { factorsMarkdown } from '~/fields/factors/markdown';
import { tableMarkdown } from '~/fields/table/markdown';

export type KindMarkdown<K extends FieldKind> = {
  /** The value as Markdown: the body under the field's heading. */
  toMarkdown(field: FieldOf<K>, value: FieldValueOf<K>): string;
  /** The raw input the value schema reads from such a body; null for a kind not set from Markdown (rows, derived). */
  fromMarkdown: ((field: FieldOf<K>, body: string) => unknown) | null;
};

export const FIELD_MARKDOWN = {
  text: textMarkdown,
  richtext: richtextMarkdown,
  datetime: datetimeMarkdown,
  date: dateMarkdown,
  select: selectMarkdown,
  people: peopleMarkdown,
  links: linksMarkdown,
  timeline: timelineMarkdown,
  checklist: checklistMarkdown,
  actions: actionsMarkdown,
  computed: computedMarkdown,
  factors: factorsMarkdown,
  table: tableMarkdown,
} satisfies { [K in FieldKind]: KindMarkdown<K> };

const markdownOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_MARKDOWN[field.type as K] as unknown as KindMarkdown<K>;

/**
 * A document as Markdown: `# title`, the header facts as a two-column table, then `## section`, `### field` and the
 * field's value as its kind writes it.
 */
export function documentToMarkdown(
  doc: FieldSource & { title: string; template: Pick<Template, 'sections'>; facts?: [string, string][] },
): string {
  const out = [`# ${doc.title}`];
  if (doc.facts?.length)
    out.push(
      '',
      '| Fact | Value |',
      '| --- | --- |',
      ...doc.facts.map(([k, v]) => `| ${k} | ${v.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |`),
    );
  for (const s of doc.template.sections) {
    out.push('', `## ${s.title}`);
    for (const f of s.fields) {
      out.push('', `### ${f.label}`);
      const v = valueOf(f, doc);
      if (v !== undefined && !textOf(f).isEmpty(v, f)) out.push('', markdownOf(f).toMarkdown(f, v));
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * Raw field values from Markdown written like documentToMarkdown's: the body under each `### <field label>` of its
 * `## <section title>` goes to the field's kind. Headings that name no section or field of the template are part of
 * the body (rich text has headings of its own). Empty bodies and kinds not set from Markdown are left out.
 */
export function markdownToFields(template: Pick<Template, 'sections'>, md: string): Record<string, unknown> {
  const bodies = new Map<string, string[]>();
  let section: Template['sections'][number] | undefined;
  let current: string[] | undefined;
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    const s = /^## (.+)$/.exec(line) && template.sections.find((x) => `## ${x.title}` === line.trimEnd());
    if (s) {
      section = s;
      current = undefined;
      continue;
    }
    const f = section && /^### (.+)$/.exec(line) ? section.fields.find((x) => `### ${x.label}` === line.trimEnd()) : undefined;
    if (f) {
      current = [];
      bodies.set(f.key, current);
      continue;
    }
    current?.push(line);
  }
  const out: Record<string, unknown> = {};
  for (const s of template.sections)
    for (const f of s.fields) {
      const body = bodies.get(f.key)?.join('\n').trim();
      const read = markdownOf(f).fromMarkdown;
      if (body && read) out[f.key] = read(f, body);
    }
  return out;
}

/** The lines of a Markdown list (`- x` or `* x`), each without its marker. */
export const listItems = (body: string) =>
  body
    .split('\n')
    .map((l) => /^\s*[-*]\s+(.*)$/.exec(l)?.[1]?.trim())
    .filter((l): l is string => !!l);

/** A Markdown table row's cells (`| a | b \| c |` → ['a', 'b | c']), or null for a line that is not a row. */
export function tableCells(line: string): string[] | null {
  const t = line.trim();
  if (!t.startsWith('|')) return null;
  const cells = t
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
  return cells;
}

/** A table separator row: `| --- | :---: |`. */
export const isTableSeparator = (line: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** The rows of the Markdown table(s) in a body, header row first, separator rows left out. */
export const tableRows = (body: string) =>
  body
    .split('\n')
    .filter((l) => !isTableSeparator(l))
    .map(tableCells)
    .filter((c): c is string[] => !!c);
