/**
 * Markdown from elsewhere (an export of ours, a wiki page, a status-page report) → raw field values of a template,
 * with a report of where each heading went. Per-kind reading is the registry's (FIELD_MARKDOWN); timelines go through
 * the timeline paste parser so times read exactly as a paste would, with its warnings. See docs/decisions/010.
 */
import { SEVERITIES } from '../../db/enums';
import { TIMELINE_MARKERS, type Field, type Template } from '../../templates/schema';
import { FIELD_MARKDOWN, isTableSeparator, tableCells, type KindMarkdown } from '~/fields/markdown';
import type { FieldKind, FieldOf } from '~/fields/kind';
import { parseTimelinePaste } from '~/lib/timeline-paste';
import { parseFieldValues } from '~/lib/fields.server';

export type HeadingPlacement = {
  line: number;
  heading: string;
  section: string | null;
  field: string | null;
  how: 'exact' | 'synonym' | 'nearest' | 'kept' | 'title' | 'derived' | 'none';
};
export type ImportLine = { line: number; text: string; reason: string };
export type ImportReport = {
  headings: HeadingPlacement[];
  filled: { field: string; label: string; section: string }[];
  unparsed: ImportLine[];
  warnings: ImportLine[];
};
export type MarkdownImport = {
  title: string | null;
  meta: { severity?: string; service?: string; tags?: string[] };
  fields: Record<string, unknown>;
  report: ImportReport;
};

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[*_`~[\]()]/g, '')
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+/, '') // "2. Impact", "ii. Impact"
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

// Each group names one idea; a heading in a group goes to the template's field or section whose label is in it,
// the earlier phrase first.
const SYNONYMS: string[][] = [
  ['summary', 'overview', 'tl dr', 'tldr', 'executive summary', 'incident summary', 'abstract', 'description', 'what happened'],
  [
    'impact',
    'customer impact',
    'user impact',
    'impact on users',
    'business impact',
    'blast radius',
    'symptoms',
    'what was affected',
    'affected services',
    'scope',
  ],
  ['root causes', 'root cause', 'causes', 'cause', 'root cause analysis', 'rca', 'contributing factors', 'why it happened', 'analysis'],
  ['trigger', 'triggers', 'what triggered it', 'proximate cause', 'triggering event'],
  ['resolution', 'mitigation', 'recovery', 'fix', 'how it was fixed', 'how we fixed it', 'remediation', 'resolution and recovery'],
  ['detection', 'how it was detected', 'how we found out', 'discovery', 'alerting'],
  [
    'next steps',
    'action items',
    'actions',
    'follow ups',
    'follow up',
    'follow up actions',
    'followups',
    'corrective actions',
    'preventive actions',
    'action plan',
    'todo',
    'tasks',
    'launch blockers',
    'what we are doing about it',
    'what we re doing about it',
    'prevention',
    'preventing recurrence',
    'going forward',
    'remediation items',
  ],
  ['lessons learned', 'lessons', 'learnings', 'takeaways', 'retrospective'],
  ['what went well', 'went well', 'things that went well'],
  ['what went wrong', 'went wrong', 'things that went wrong', 'what went poorly'],
  ['where we got lucky', 'got lucky', 'lucky'],
  [
    'timeline',
    'events',
    'event timeline',
    'incident timeline',
    'timeline of events',
    'chronology',
    'sequence of events',
    'updates',
    'status updates',
  ],
  ['links', 'supporting information', 'references', 'related links', 'resources', 'chat references', 'design docs and dashboards'],
  ['notes', 'supporting notes', 'appendix', 'additional notes'],
  ['rca team members', 'authors', 'team', 'participants', 'responders', 'people involved', 'owners'],
  ['time issue started', 'incident start', 'started', 'start', 'start time', 'started at', 'began'],
  ['time issue stopped', 'incident end', 'ended', 'end', 'end time', 'ended at', 'resolved at'],
  ['time issue detected optional', 'detected at', 'detected', 'detection time'],
  ['date', 'date issue occurred', 'incident date', 'occurred on'],
  ['reference id', 'incident id', 'ticket', 'incident number', 'reference'],
];
const META: Record<string, 'severity' | 'service' | 'tags' | 'ignore'> = {
  severity: 'severity',
  sev: 'severity',
  priority: 'severity',
  service: 'service',
  services: 'service',
  system: 'service',
  tags: 'tags',
  labels: 'tags',
  status: 'ignore',
  template: 'ignore',
  author: 'ignore',
  created: 'ignore',
  updated: 'ignore',
  published: 'ignore',
  'published by': 'ignore',
  fact: 'ignore',
};
const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'for',
  'we',
  'it',
  'was',
  'is',
  'what',
  'how',
  'issue',
  'time',
]);
const ONE_LINE: FieldKind[] = ['date', 'datetime', 'select'];

/** `derived`: a field written out but not read back (computed, …): its heading and value are passed over. */
type Target = { section: Template['sections'][number]; field: Field | undefined; derived?: string };

function targets(template: Pick<Template, 'sections'>) {
  const fields = template.sections.flatMap((section) => section.fields.map((field) => ({ section, field })));
  const settable = (f: Field) => FIELD_MARKDOWN[f.type].fromMarkdown !== null;
  const firstProse = (s: Target['section']) =>
    s.fields.find((f) => f.type === 'richtext') ?? (s.fields.length === 1 && settable(s.fields[0]) ? s.fields[0] : undefined);
  const bySection = (s: Target['section']): Target => ({
    section: s,
    field: s.fields.length === 1 && settable(s.fields[0]) ? s.fields[0] : firstProse(s),
  });

  /** A heading's place: its exact field or section, then a synonym. */
  function match(text: string, current: Target | undefined): { t: Target; how: 'exact' | 'synonym' } | undefined {
    const n = norm(text);
    if (!n) return undefined;
    const inCurrent = current?.section.fields.find((f) => norm(f.label) === n && settable(f));
    if (inCurrent) return { t: { section: current!.section, field: inCurrent }, how: 'exact' };
    const s = template.sections.find((x) => norm(x.title) === n);
    if (s) return { t: bySection(s), how: 'exact' };
    const f = fields.find((x) => norm(x.field.label) === n && settable(x.field));
    if (f) return { t: f, how: 'exact' };
    const d = current?.section.fields.find((x) => norm(x.label) === n) ?? fields.find((x) => norm(x.field.label) === n)?.field;
    if (d)
      return {
        t: {
          section: current?.section.fields.includes(d) ? current.section : fields.find((x) => x.field === d)!.section,
          field: undefined,
          derived: d.label,
        },
        how: 'exact',
      };
    for (const group of SYNONYMS) {
      if (!group.includes(n)) continue;
      for (const phrase of group) {
        const ff = fields.find((x) => norm(x.field.label) === phrase && settable(x.field));
        if (ff) return { t: ff, how: 'synonym' };
        const ss = template.sections.find((x) => norm(x.title) === phrase);
        if (ss) return { t: bySection(ss), how: 'synonym' };
      }
    }
    return undefined;
  }

  /** The field sharing most words with an unknown heading, else the first rich-text field. */
  function nearest(text: string): Target | undefined {
    const words = norm(text)
      .split(' ')
      .filter((w) => w.length > 2 && !STOP.has(w));
    let best: { t: Target; score: number } | undefined;
    for (const t of fields) {
      if (t.field.type !== 'richtext') continue;
      const own = new Set(
        norm(`${t.field.label} ${t.section.title} ${t.field.help ?? ''}`)
          .split(' ')
          .map((w) => w.replace(/s$/, '')),
      );
      const score = words.filter((w) => own.has(w.replace(/s$/, ''))).length;
      if (score > (best?.score ?? 0)) best = { t, score };
    }
    return best?.t ?? fields.find((t) => t.field.type === 'richtext');
  }
  return { match, nearest, fields };
}

/** Read Markdown into a template's raw field values, reporting where each heading went and every line not taken. */
export function importMarkdown(template: Pick<Template, 'sections'>, md: string): MarkdownImport {
  const { match, nearest, fields } = targets(template);
  const actionsTarget = (near: Target | undefined): Target | undefined =>
    (near?.section.fields.some((f) => f.type === 'actions')
      ? { section: near.section, field: near.section.fields.find((f) => f.type === 'actions') }
      : undefined) ?? fields.find((t) => t.field.type === 'actions');
  const report: ImportReport = { headings: [], filled: [], unparsed: [], warnings: [] };
  const bodies = new Map<string, { line: number; text: string }[]>();
  const meta: MarkdownImport['meta'] = {};
  let title: string | null = null;
  let current: Target | undefined;
  let _currentLevel = 0;
  let enteredExactly = false;
  // Our own export (it opens with the facts table) is read by its structure: in a rich-text field, only a heading
  // naming a section or field exactly ends it. Elsewhere common names and loose key lines count as well.
  const ours = /^\| Fact \| Value \|$/m.test(md);
  let inFence = false;
  const lines = setextToAtx(md.replace(/\r\n?/g, '\n').split('\n'));

  const push = (t: Target | undefined, line: number, text: string) => {
    if (t?.derived) return;
    if (!t?.field)
      return void (
        text.trim() &&
        report.unparsed.push({
          line,
          text,
          reason: t ? `under "${t.section.title}", which has no field for loose text` : 'before any heading that names a section',
        })
      );
    const b = bodies.get(t.field.key) ?? [];
    bodies.set(t.field.key, b);
    b.push({ line, text });
  };
  /** `Key: value`, `**Key:** value` or a two-cell table row naming a field or a document fact. */
  const keyValue = (key: string, value: string, line: number): boolean => {
    const m = META[norm(key)];
    if (m) {
      if (m === 'severity') {
        const sev = /^(?:sev|p)?\s*-?\s*([1-5])\b/i.exec(value.trim());
        if (sev) meta.severity = SEVERITIES[Number(sev[1]) - 1];
        else report.unparsed.push({ line, text: value, reason: `not a severity (${SEVERITIES.join(', ')})` });
      } else if (m === 'service') meta.service = value.trim();
      else if (m === 'tags')
        meta.tags = value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      return true;
    }
    const hit = match(key, current);
    if (!hit?.t.field) return false;
    current = hit.t;
    enteredExactly = false;
    report.headings.push({ line, heading: key, section: hit.t.section.title, field: hit.t.field.label, how: hit.how });
    if (value.trim()) push(current, line, value.trim());
    return true;
  };

  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence;
    const h = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (h) {
      const level = h[1].length;
      if (title === null && level === 1 && !current) {
        title = h[2].trim();
        report.headings.push({ line: n, heading: h[2], section: null, field: null, how: 'title' });
        continue;
      }
      const bare = h[2].replace(/\s*\(([^)]*)\)\s*/g, ' ').trim() || h[2];
      const hit = match(h[2], current) ?? match(bare, current);
      if (hit && !(ours && current?.field?.type === 'richtext' && enteredExactly && hit.how === 'synonym')) {
        current = hit.t;
        _currentLevel = level;
        enteredExactly = hit.how === 'exact';
        const note = /\(([^)]*\btimes?\b[^)]*)\)/i.exec(h[2]);
        if (note && hit.t.field?.type === 'timeline') push(current, n, note[1]);
        report.headings.push({
          line: n,
          heading: h[2],
          section: hit.t.section.title,
          field: hit.t.field?.label ?? hit.t.derived ?? null,
          how: hit.t.derived ? 'derived' : hit.how,
        });
        continue;
      }
      if (current?.field?.type === 'richtext') {
        // A heading of the text itself (or one we do not know) stays in the rich text it interrupts.
        report.headings.push({ line: n, heading: h[2], section: current.section.title, field: current.field.label, how: 'kept' });
        push(current, n, raw);
        continue;
      }
      const near = nearest(h[2]);
      report.headings.push({
        line: n,
        heading: h[2],
        section: near?.section.title ?? null,
        field: near?.field?.label ?? null,
        how: near ? 'nearest' : 'none',
      });
      current = near;
      _currentLevel = level;
      enteredExactly = false;
      if (near) push(near, n, `${'#'.repeat(Math.max(level, 3))} ${h[2]}`);
      continue;
    }
    // In our export, 'Impact: …' inside rich text is the writer's prose, not a key line.
    if (!inFence && !(ours && current?.field?.type === 'richtext' && enteredExactly)) {
      const bold = /^\s*(?:[-*]\s+)?\*\*([^*]{1,60}?):?\*\*:?\s*(.*)$/.exec(raw);
      if (bold && keyValue(bold[1], bold[2], n)) continue;
      const plain = /^([A-Za-z][A-Za-z /'-]{1,40}):\s+(.+)$/.exec(raw);
      if (plain && (META[norm(plain[1])] || match(plain[1], current)?.t.field) && keyValue(plain[1], plain[2], n)) continue;
      const cells = !current && tableCells(raw);
      if (cells) {
        if (isTableSeparator(raw) || (cells.length >= 2 && norm(cells[0]) === 'fact')) continue;
        if (cells.length === 2 && keyValue(cells[0], cells[1], n)) continue;
      }
    }
    const task =
      !inFence && current?.field?.type !== 'actions' && /^\s*[-*+]\s+\[[ xX]\]\s+/.test(raw) ? actionsTarget(current) : undefined;
    if (task) {
      report.warnings.push({ line: n, text: raw.trim(), reason: `a task list item: taken as an item of ${task.field!.label}` });
      push(task, n, raw);
      continue;
    }
    push(current, n, raw);
  }

  // Simple kinds first: their dates give the timeline a day for time-only lines.
  const out: Record<string, unknown> = {};
  const timelines: Field[] = [];
  for (const { section, field } of fields) {
    const body = bodies.get(field.key);
    if (!body?.some((l) => l.text.trim())) continue;
    if (field.type === 'timeline') {
      timelines.push(field);
      continue;
    }
    let lines = body;
    const linksField =
      field.type === 'richtext' && section.fields.find((f) => f.type === 'links' && !bodies.get(f.key)?.some((l) => l.text.trim()));
    if (linksField && body.every((l) => !l.text.trim() || /^\s*[-*+]\s+(\[[^\]]*\]\(\S+\)|<?https?:\/\/\S+>?)\s*$/.test(l.text))) {
      bodies.set(linksField.key, body);
      bodies.delete(field.key);
      fields.push({ section, field: linksField }); // read in its turn below
      continue;
    }
    if (ONE_LINE.includes(field.type)) {
      const filled = body.filter((l) => l.text.trim());
      lines = filled.slice(0, 1);
      for (const l of filled.slice(1)) report.unparsed.push({ line: l.line, text: l.text, reason: `${field.label} takes one value` });
    }
    const text =
      field.type === 'text'
        ? lines
            .map((l) => l.text.trim())
            .filter(Boolean)
            .join(' ')
        : lines
            .map((l) => l.text)
            .join('\n')
            .trim();
    const read = (FIELD_MARKDOWN[field.type] as unknown as KindMarkdown<FieldKind>).fromMarkdown as
      | ((f: FieldOf<FieldKind>, body: string) => unknown)
      | null;
    if (!read || !text) continue;
    const value = read(field as FieldOf<FieldKind>, text);
    const checked = parseFieldValues(template as Template, { [field.key]: value });
    if (!checked.ok) {
      report.unparsed.push({ line: lines[0].line, text: lines[0].text.trim(), reason: `${field.label}: ${checked.issues[0].message}` });
      continue;
    }
    out[field.key] = value;
    report.filled.push({ field: field.label, label: field.label, section: section.title });
  }
  const day = dayOf(
    out,
    fields.map((t) => t.field),
  );
  for (const field of timelines) {
    const entries = readTimeline(bodies.get(field.key)!, day, report);
    if (!entries.length) continue;
    out[field.key] = entries;
    report.filled.push({ field: field.label, label: field.label, section: fields.find((t) => t.field === field)!.section.title });
  }
  report.unparsed.sort((a, b) => a.line - b.line);
  return { title, meta, fields: out, report };
}

/** The incident's day (YYYY-MM-DD) from the first date or start time read, for timeline lines with a time only. */
function dayOf(values: Record<string, unknown>, fields: Field[]): string | undefined {
  for (const f of fields) {
    const v = values[f.key];
    if (typeof v !== 'string') continue;
    if (f.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    if (f.type === 'datetime') {
      const d = /^\d{4}-\d{2}-\d{2}/.exec(v)?.[0];
      if (d) return d;
    }
  }
  return undefined;
}

const ZONE_NOTE = /\b(?:all\s+)?times?\s+(?:are\s+)?(?:shown\s+)?(?:in\s+)?\(?([A-Z]{2,5}|[A-Za-z]+\/[A-Za-z_]+)\)?/;

/** Timeline rows (table or list) → entries through the paste parser; its warnings and unparsed lines keep their line numbers. */
function readTimeline(body: { line: number; text: string }[], assumeDate: string | undefined, report: ImportReport) {
  const paste: { line: number; text: string; marker?: string }[] = [];
  let zone: string | undefined;
  let cols: { time: number; date: number; marker: number } | undefined;
  for (const [i, l] of body.entries()) {
    const text = l.text.replace(/\*\*|__/g, '');
    if (!text.trim()) continue;
    const cells = tableCells(text);
    if (cells) {
      if (isTableSeparator(text)) continue;
      if (body[i + 1] && isTableSeparator(body[i + 1].text)) {
        const heads = cells.map(norm);
        const time = heads.findIndex((c) => /\b(time|when|timestamp)\b/.test(c));
        cols = {
          time: Math.max(time, 0),
          date: heads.findIndex((c) => c === 'date' || c === 'day'),
          marker: heads.indexOf('marker'),
        };
        const z = /\(([^)]+)\)/.exec(cells[cols.time] ?? '')?.[1];
        if (z) zone = z;
        continue;
      }
      const c = cols ?? { time: 0, date: -1, marker: -1 };
      const at = [c.date >= 0 ? cells[c.date] : '', cells[c.time] ?? ''].filter(Boolean).join(' ');
      const marker = c.marker >= 0 ? cells[c.marker] : undefined;
      const rest = cells.filter((_x, k) => k !== c.time && k !== c.date && k !== c.marker && cells[k]).join(' — ');
      paste.push({
        line: l.line,
        text: `${at} ${rest}`,
        marker: marker && (TIMELINE_MARKERS as readonly string[]).includes(marker) ? marker : undefined,
      });
      continue;
    }
    const z = ZONE_NOTE.exec(text);
    if (z && !/\d{1,2}:\d{2}/.test(text)) {
      zone = z[1];
      // What is left ('2015-10-21' of '2015-10-21 (all times UTC)') may still be a date divider.
      const rest = text.replace(/\(?[^()]*\btimes?\b[^()]*\)?/i, '').trim();
      if (rest) paste.push({ line: l.line, text: rest });
      continue;
    }
    paste.push({ line: l.line, text });
  }
  // No day known from the facts: the first date written in the timeline is the day of its time-only lines.
  const day = assumeDate ?? paste.map((p) => /^\s*(?:[-*+•]\s+)?(\d{4}-\d{2}-\d{2})\b/.exec(p.text)?.[1]).find(Boolean);
  const parsed = parseTimelinePaste(paste.map((p) => p.text).join('\n'), { assumeDate: day, assumeZone: zone });
  for (const u of parsed.unparsed) report.unparsed.push({ line: paste[u.line - 1]?.line ?? u.line, text: u.text, reason: u.reason });
  return parsed.entries.map((e) => {
    const src = paste[e.line - 1];
    for (const w of e.warnings) report.warnings.push({ line: src?.line ?? e.line, text: e.text, reason: w });
    const tagged = /^\[(detected|mitigated|resolved)\]\s*(.*)$/s.exec(e.text);
    const marker = src?.marker ?? tagged?.[1];
    return { at: e.at, text: tagged ? tagged[2] : e.text, ...(marker ? { marker } : {}) };
  });
}

/** `Title\n====` and `Title\n----` headings as `# Title` / `## Title`, the underline left blank so line numbers hold. */
function setextToAtx(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1];
    if (!prev.trim() || /^\s*([-*+>|#]|\d+[.)])/.test(prev) || !/^\s{0,3}(=+|-{2,})\s*$/.test(out[i])) continue;
    if (i >= 2 && out[i - 2].trim() && !/^#/.test(out[i - 2])) continue; // a paragraph's last line: '---' is a rule there
    out[i - 1] = `${out[i].trim().startsWith('=') ? '#' : '##'} ${prev.trim()}`;
    out[i] = '';
  }
  return out;
}
