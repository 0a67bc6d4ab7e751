import type { ReactNode } from 'react';
import { Document, Link, Page, Text, View } from '@react-pdf/renderer';
import type { DocumentView } from '~/models/types';
import { ACTION_KINDS } from '../../db/enums';
import { factMinutes, roleInstant } from '../../templates/roles';
import { PDF_TONES, PdfStackedColumns } from '~/pdf/charts';
import { type PdfDocument, lastChangeOf } from '~/pdf/content';
import { DocHeader, DocumentBody, LaunchCertificate, fontModeForDocs } from '~/pdf/document';
import { prepareFonts } from '~/pdf/fonts';
import { formatDuration, formatUtc } from '~/pdf/format';
import { monthSeries } from '~/lib/time';
import { cleanText } from '~/pdf/sanitize';
import { PageFooter, renderWithFooter, useSupportedPathMeta } from '~/pdf/stamp';
import { FontModeContext, pageStyleFor, s } from '~/pdf/styles';

/** `asOf`: the time of the latest change among the documents, by default. */
export type DigestOptions = { title: string; period: string; asOf?: Date };

const SEVERITY_ORDER = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];

export function digestStats(docs: DocumentView[]) {
  const bySeverity = new Map<string, number>();
  for (const sev of SEVERITY_ORDER) bySeverity.set(sev, 0);
  let impact = 0;
  let actions = 0;
  let done = 0;
  for (const d of docs) {
    const key = d.severity ?? 'No severity';
    bySeverity.set(key, (bySeverity.get(key) ?? 0) + 1);
    impact += factMinutes(d.template, d.computed, 'impact') ?? 0;
    for (const a of d.actionItems) {
      if (a.status === 'wont_do') continue;
      actions += 1;
      if (a.status === 'done') done += 1;
    }
  }
  return {
    bySeverity: [...bySeverity.entries()],
    impactMinutes: impact,
    actions,
    done,
    completion: actions ? Math.round((done / actions) * 100) : null,
  };
}

function Cover({ docs, opts }: { docs: DocumentView[]; opts: DigestOptions }) {
  const st = digestStats(docs);
  return (
    <View>
      <Text style={s.title}>{cleanText(opts.title)}</Text>
      <Text style={s.meta}>{cleanText(opts.period)}</Text>
      <View style={s.headerRule} />
      <View style={s.facts}>
        <View style={s.factRow}>
          <Text style={s.factLabel}>Documents</Text>
          <Text style={s.factValue}>{String(docs.length)}</Text>
        </View>
        {st.bySeverity.map(([sev, n]) => (
          <View key={sev} style={s.factRow}>
            <Text style={s.factLabel}>{sev}</Text>
            <Text style={s.factValue}>{String(n)}</Text>
          </View>
        ))}
        <View style={s.factRow}>
          <Text style={s.factLabel}>Total impact</Text>
          <Text style={s.factValue}>{`${formatDuration(st.impactMinutes)} (${st.impactMinutes} minutes)`}</Text>
        </View>
        <View style={s.factRow}>
          <Text style={s.factLabel}>Action items completed</Text>
          <Text style={s.factValue}>{st.actions ? `${st.done} of ${st.actions} (${st.completion}%)` : 'No action items'}</Text>
        </View>
      </View>
      <Text style={s.h2}>Contents</Text>
      {docs.map((d, i) => {
        const impact = factMinutes(d.template, d.computed, 'impact');
        return (
          <Text key={d.id} style={s.p}>
            <Link src={`#doc-${i + 1}`} style={s.link}>{`${i + 1}. ${cleanText(d.title)}`}</Link>
            {`  ${[d.severity, d.service ? cleanText(d.service) : null, impact != null ? formatDuration(impact) : null].filter(Boolean).join(' · ')}`}
          </Text>
        );
      })}
    </View>
  );
}

/** Over three years of months, columns are quarters, so they stay readable on a page. */
const MAX_MONTH_COLUMNS = 36;

/**
 * The numbers behind the digest's charts: its incidents by month (every month from the first to the last, empty
 * ones included; quarters over three years) and severity, and its action items by kind and state.
 */
export function digestTrends(docs: DocumentView[]) {
  const starts = docs
    .filter((d) => d.kind === 'rca')
    .map((d) => ({ month: roleInstant(d.template, d.fields, 'start')?.slice(0, 7) ?? null, severity: d.severity ?? 'No severity' }))
    .filter((x): x is { month: string; severity: string } => x.month !== null);
  let periods: string[] = [];
  let periodOf = (month: string) => month;
  if (starts.length) {
    const sorted = starts.map((x) => x.month).sort();
    periods = monthSeries(sorted[0], sorted[sorted.length - 1]);
    if (periods.length > MAX_MONTH_COLUMNS) {
      periodOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
      periods = [...new Set(periods.map(periodOf))];
    }
  }
  const severities = [...SEVERITY_ORDER, 'No severity'].filter((sev) => starts.some((x) => x.severity === sev));
  const incidents = severities.map((sev) => ({
    label: sev,
    values: periods.map((p) => starts.filter((x) => x.severity === sev && periodOf(x.month) === p).length),
  }));
  const items = docs.flatMap((d) => d.actionItems);
  const states = [
    { label: 'Done', match: (st: string) => st === 'done' },
    { label: 'Open or in progress', match: (st: string) => st === 'open' || st === 'in_progress' },
    { label: "Won't do", match: (st: string) => st === 'wont_do' },
  ];
  const kinds = ACTION_KINDS.filter((k) => items.some((a) => a.kind === k));
  const actions = states.map((st) => ({
    label: st.label,
    values: kinds.map((k) => items.filter((a) => a.kind === k && st.match(a.status)).length),
  }));
  return { periods, quarters: periods[0]?.includes('Q') ?? false, incidents, kinds: [...kinds], actions };
}

/** Charts of the digest's incidents and action items, each with its numbers, on a page of their own. */
function Trends({ docs }: { docs: DocumentView[] }) {
  const t = digestTrends(docs);
  if (!t.periods.length && !t.kinds.length) return null;
  const sevTone: Record<string, string> = Object.fromEntries([...SEVERITY_ORDER, 'No severity'].map((sev, i) => [sev, PDF_TONES[i]]));
  return (
    <View break>
      <Text style={s.h2}>Trends</Text>
      {t.periods.length ? (
        <PdfStackedColumns
          caption={`Incidents by ${t.quarters ? 'quarter' : 'month'} and severity`}
          head={t.quarters ? 'Quarter' : 'Month'}
          labels={t.periods}
          series={t.incidents.map((x) => ({ ...x, color: sevTone[x.label] }))}
        />
      ) : null}
      {t.kinds.length ? (
        <PdfStackedColumns
          caption="Action items by kind and state"
          head="Kind"
          labels={t.kinds}
          series={t.actions.map((x, i) => ({ ...x, color: [PDF_TONES[3], PDF_TONES[1], PDF_TONES[5]][i] }))}
        />
      ) : null}
    </View>
  );
}

/** The digest's Document, with the supported path's metadata when it renders (a component: it reads a context). */
function DigestDocument({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Document title={title} creator="Kaizen" producer="Kaizen" {...useSupportedPathMeta()}>
      {children}
    </Document>
  );
}

/** A leadership digest: a cover (period, counts by severity, total impact, action-item completion), contents, then every document. */
export async function renderDigestPdf(docs: PdfDocument[], opts: DigestOptions): Promise<Buffer> {
  await prepareFonts();
  const asOf = opts.asOf ?? lastChangeOf(docs);
  const mode = fontModeForDocs(docs, `${opts.title}${opts.period}`);
  const tags = [...new Set(docs.flatMap((d) => d.tags))];
  return renderWithFooter(
    <DigestDocument title={cleanText(opts.title)}>
      <FontModeContext.Provider value={mode}>
        <Page size="A4" style={pageStyleFor(mode)}>
          <Cover docs={docs} opts={opts} />
          <Trends docs={docs} />
          {docs.map((d, i) => (
            <View key={d.id} id={`doc-${i + 1}`} break>
              <LaunchCertificate doc={d} />
              <DocHeader doc={d} />
              <DocumentBody doc={d} />
            </View>
          ))}
          <PageFooter />
        </Page>
      </FontModeContext.Provider>
    </DigestDocument>,
    `Kaizen  |  ${opts.title}  |  ${opts.period}  |  as of ${formatUtc(asOf.toISOString())}`,
    {
      title: opts.title,
      author: 'Kaizen',
      subject: `Digest ${opts.period}: ${docs.length} documents`,
      keywords: tags,
      createdAt: asOf,
    },
  );
}
