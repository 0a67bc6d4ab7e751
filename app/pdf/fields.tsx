import { Link, Text, View } from '@react-pdf/renderer';
import type { FieldOf, ActionItemValue, ChecklistAnswers } from '~/fields/kind';
import { answerLabel, answerPasses, answeredByText, evidenceAge, utcToday } from '~/fields/checklist/text';
import type { ChecklistEvidence, FactorValue, LinkValue, SignoffView, TimelineEntry } from '~/models/types';
import { ACTION_STATUS_LABELS, DECISION_LABELS, MARKER_LABELS, formatUtc } from '~/pdf/format';
import { safeHref } from '~/pdf/richtext';
import { cleanText } from '~/pdf/sanitize';
import { pct, s } from '~/pdf/styles';

/** Parts the field kinds' PDF components (app/fields/<kind>/pdf.tsx, mapped in field-components.tsx) draw with. */

export const EMPTY = '—';

/**
 * Rows stay on one page (wrap={false}) unless they are long: a row taller than a page would otherwise be clipped.
 */
export const keepRow = (...texts: unknown[]) => texts.reduce<number>((n, t) => n + (typeof t === 'string' ? t.length : 0), 0) < 600;
export const Empty = () => <Text style={s.empty}>{EMPTY}</Text>;

export function TextValue({ value }: { value: unknown }) {
  const t = cleanText(value);
  return t.trim() ? <Text>{t}</Text> : <Empty />;
}

export function LinksValue({ links }: { links: LinkValue[] }) {
  if (!links.length) return <Empty />;
  return (
    <Text>
      {links.map((l, i) => {
        const href = safeHref(l.url);
        const url = cleanText(l.url);
        const label = l.label ? cleanText(l.label) : '';
        return (
          <Text key={i}>
            {i > 0 ? '\n' : ''}
            {label ? `${label}: ` : ''}
            {href ? (
              <Link src={href} style={s.link}>
                {url}
              </Link>
            ) : (
              url
            )}
          </Text>
        );
      })}
    </Text>
  );
}

const tw = {
  time: { ...s.cell, width: 118 },
  marker: { ...s.cell, width: 62 },
  event: { flex: 1 },
};

/** The timeline as a table whose header row repeats on every page. */
export function TimelineTable({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <Empty />;
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        <Text style={tw.time}>Time (UTC)</Text>
        <Text style={tw.marker}>Marker</Text>
        <Text style={tw.event}>Event</Text>
      </View>
      {entries.map((e, i) => (
        <View key={i} style={s.row} wrap={!keepRow(e?.text)}>
          <Text style={tw.time}>{formatUtc(e?.at)}</Text>
          <Text style={e?.marker ? [tw.marker, s.bold] : tw.marker}>
            {e?.marker ? (MARKER_LABELS[e.marker] ?? cleanText(e.marker)) : ''}
          </Text>
          <Text style={tw.event}>{cleanText(e?.text)}</Text>
        </View>
      ))}
    </View>
  );
}

const fw = {
  text: { ...s.cell, flex: 1 },
  categories: { width: 150 },
};

/** A table field's rows under its column labels, the header row repeated on every page; columns share the width. */
export function RowsTable({ columns, rows }: { columns: { key: string; label: string }[]; rows: Record<string, string>[] }) {
  if (!rows.length) return <Empty />;
  const col = { ...s.cell, flex: 1 };
  const last = { flex: 1 };
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        {columns.map((c, i) => (
          <Text key={c.key} style={i === columns.length - 1 ? last : col}>
            {cleanText(c.label)}
          </Text>
        ))}
      </View>
      {rows.map((r, n) => (
        <View key={n} style={s.row} wrap={!keepRow(...columns.map((c) => r[c.key]))}>
          {columns.map((c, i) => (
            <Text key={c.key} style={i === columns.length - 1 ? last : col}>
              {cleanText(r[c.key]) || '—'}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/** Contributing factors as a table (statement, categories) whose header row repeats on every page. */
export function FactorsTable({ factors }: { factors: FactorValue[] }) {
  if (!factors.length) return <Empty />;
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        <Text style={fw.text}>Contributing factor</Text>
        <Text style={fw.categories}>Categories</Text>
      </View>
      {factors.map((f, i) => (
        <View key={i} style={s.row} wrap={!keepRow(f?.text)}>
          <Text style={fw.text}>{cleanText(f?.text)}</Text>
          <Text style={fw.categories}>{cleanText((f?.categories ?? []).join(', '))}</Text>
        </View>
      ))}
    </View>
  );
}

const cw = {
  q: { ...s.cell, width: pct(42) },
  gate: { ...s.cell, width: pct(13) },
  a: { ...s.cell, width: pct(9) },
  note: { width: pct(36) },
};

/** Evidence as the PDF prints it under the note: label, address, the day it was checked, and STALE when too old. */
function evidenceLines(field: FieldOf<'checklist'>, evidence: ChecklistEvidence[] | undefined, today: string): string[] {
  return (evidence ?? []).map((ev) => {
    const age = evidenceAge(field, ev, today);
    return `Evidence: ${cleanText(ev.label)} — ${cleanText(ev.url)} (checked ${ev.checkedOn}${age.stale ? `, STALE: ${age.days} days old` : ''})`;
  });
}

export function ChecklistTable({
  field,
  answers,
  today = utcToday(),
}: {
  field: FieldOf<'checklist'>;
  answers: ChecklistAnswers;
  today?: string;
}) {
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        <Text style={cw.q}>Question</Text>
        <Text style={cw.gate}>Gate</Text>
        <Text style={cw.a}>Answer</Text>
        <Text style={cw.note}>Note and evidence</Text>
      </View>
      {field.items.map((item, i) => {
        const a = answers[item.key];
        const answer = a?.answer ? answerLabel(a.answer) : EMPTY;
        const unmet = item.gate && !answerPasses(item, a?.answer);
        const by = answeredByText(a);
        const evidence = evidenceLines(field, a?.evidence, today);
        const note = [cleanText(a?.note), ...evidence].filter(Boolean).join('\n');
        return (
          <View key={item.key} style={s.row} wrap={!keepRow(item.label, note)}>
            <Text style={cw.q}>{`${i + 1}. ${cleanText(item.label)}`}</Text>
            <Text style={cw.gate}>
              {item.gate ? unmet ? <Text style={s.bad}>Gate: not met</Text> : 'Gate: met' : item.required ? 'Required' : ''}
            </Text>
            <View style={cw.a}>
              <Text style={a?.answer && a.answer !== 'notyet' && !answerPasses(item, a.answer) ? s.bold : undefined}>{answer}</Text>
            </View>
            <View style={cw.note}>
              {note ? <Text>{note}</Text> : null}
              {by ? <Text style={s.small}>{cleanText(by)}</Text> : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}

const aw = {
  title: { ...s.cell, width: pct(37) },
  kind: { ...s.cell, width: pct(13) },
  owner: { ...s.cell, width: pct(26) },
  due: { ...s.cell, width: pct(13) },
  status: { width: pct(11) },
};

export function ActionsTable({ items }: { items: ActionItemValue[] }) {
  if (!items.length) return <Empty />;
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        <Text style={aw.title}>Action item</Text>
        <Text style={aw.kind}>Kind</Text>
        <Text style={aw.owner}>Owner</Text>
        <Text style={aw.due}>Due</Text>
        <Text style={aw.status}>Status</Text>
      </View>
      {items.map((a) => {
        const href = safeHref(a.url);
        return (
          <View key={a.id ?? a.title} style={s.row} wrap={!keepRow(a.title, a.url, a.owner)}>
            <Text style={aw.title}>
              {cleanText(a.title)}
              {a.url ? '\n' : ''}
              {a.url ? (
                href ? (
                  <Link src={href} style={s.link}>
                    {cleanText(a.url)}
                  </Link>
                ) : (
                  cleanText(a.url)
                )
              ) : (
                ''
              )}
            </Text>
            <Text style={aw.kind}>{cleanText(a.kind)}</Text>
            <Text style={aw.owner}>{a.owner ? cleanText(a.owner) : EMPTY}</Text>
            <Text style={aw.due}>{a.dueDate ?? EMPTY}</Text>
            <Text style={aw.status}>{ACTION_STATUS_LABELS[a.status] ?? a.status}</Text>
          </View>
        );
      })}
    </View>
  );
}

const sw = {
  signer: { ...s.cell, width: pct(19) },
  role: { ...s.cell, width: pct(18) },
  decision: { ...s.cell, width: pct(10) },
  comment: { ...s.cell, width: pct(31) },
  version: { ...s.cell, width: pct(10) },
  stale: { width: pct(12) },
};

export function SignoffsTable({ signoffs }: { signoffs: SignoffView[] }) {
  return (
    <View style={s.table}>
      <View style={s.headRow} fixed>
        <Text style={sw.signer}>Signer</Text>
        <Text style={sw.role}>Role</Text>
        <Text style={sw.decision}>Decision</Text>
        <Text style={sw.comment}>Comment</Text>
        <Text style={sw.version}>Version</Text>
        <Text style={sw.stale}>Current?</Text>
      </View>
      {signoffs.map((so) => (
        <View key={so.id} style={s.row} wrap={!keepRow(so.comment, so.signerLabel, so.role)}>
          <Text style={sw.signer}>{cleanText(so.signerLabel)}</Text>
          <Text style={sw.role}>{cleanText(so.role)}</Text>
          <Text style={so.decision === 'no_go' ? [sw.decision, s.bad] : [sw.decision, s.bold]}>
            {DECISION_LABELS[so.decision] ?? so.decision}
          </Text>
          <Text style={sw.comment}>{cleanText(so.comment) || EMPTY}</Text>
          <Text style={sw.version}>{`v${so.documentVersion}`}</Text>
          <Text style={sw.stale}>{so.stale ? 'Stale' : 'Current'}</Text>
        </View>
      ))}
    </View>
  );
}
