import { Fragment } from 'react';
import { Document, Page, Text, View } from '@react-pdf/renderer';
import type { Section } from '../../templates/schema';
import type { DocumentView } from '~/models/types';
import type { PdfDocument, PdfLink } from '~/pdf/content';
import { SignoffsTable, keepRow } from '~/pdf/fields';
import { FactValue, FieldBlock, fieldRowsFit, pdfOf } from '~/pdf/field-components';
import { answerLabel, answerPasses, checklistGates } from '~/fields/checklist/text';
import { DECISION_LABELS, STATUS_LABELS, formatUtc } from '~/pdf/format';
import { cleanText } from '~/pdf/sanitize';
import { PageFooter, useSupportedPath, useSupportedPathMeta } from '~/pdf/stamp';
import { FontModeContext, type FontMode, fontModeFor, pageStyleFor, pct, s } from '~/pdf/styles';

export function DocHeader({ doc }: { doc: DocumentView }) {
  const t = doc.template;
  return (
    <View>
      <Text style={s.title}>{cleanText(doc.title) || 'Untitled'}</Text>
      <Text style={s.meta}>
        <Text style={s.metaLabel}>Kind: </Text>
        {`${doc.kind.toUpperCase()}    `}
        <Text style={s.metaLabel}>Status: </Text>
        {`${STATUS_LABELS[doc.status] ?? doc.status}    `}
        <Text style={s.metaLabel}>Severity: </Text>
        {`${doc.severity ?? '—'}    `}
        <Text style={s.metaLabel}>Service: </Text>
        {cleanText(doc.service) || '—'}
      </Text>
      <Text style={s.meta}>
        <Text style={s.metaLabel}>Template: </Text>
        {`${t.key} v${t.version}    `}
        <Text style={s.metaLabel}>Document: </Text>
        {`${doc.id}    `}
        <Text style={s.metaLabel}>Version: </Text>
        {String(doc.version)}
      </Text>
      {doc.authorName || doc.tags.length ? (
        <Text style={s.meta}>
          {doc.authorName ? <Text style={s.metaLabel}>Author: </Text> : null}
          {doc.authorName ? `${cleanText(doc.authorName)}    ` : ''}
          {doc.tags.length ? <Text style={s.metaLabel}>Tags: </Text> : null}
          {doc.tags.map(cleanText).join(', ')}
        </Text>
      ) : null}
      <View style={s.headerRule} />
    </View>
  );
}

/** A header-layout section: the classic RCA facts table. */
export function FactsSection({ section, doc }: { section: Section; doc: DocumentView }) {
  return (
    <View style={s.facts}>
      {section.fields.map((f) => (
        <View key={f.key} style={s.factRow} wrap={!(!pdfOf(f).splitsFactRow && keepRow(JSON.stringify(doc.fields[f.key] ?? '')))}>
          <Text style={s.factLabel}>{cleanText(f.label)}</Text>
          {pdfOf(f).inline ? (
            // One text node for the value (its runs nested) instead of a view around one: fewer layout nodes.
            <Text style={s.factValue}>
              <FactValue field={f} doc={doc} />
            </Text>
          ) : (
            <View style={s.factValue}>
              <FactValue field={f} doc={doc} />
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

/** A body section: a numbered heading, then each field (with its label when it differs from the section title). */
export function BodySection({ section, doc, n }: { section: Section; doc: DocumentView; n: number }) {
  const labelled = section.fields.length > 1 || section.fields[0].label !== section.title;
  return (
    <>
      <Text style={s.h2} minPresenceAhead={64}>{`${n}. ${cleanText(section.title)}`}</Text>
      {section.fields.map((f) => (
        <Fragment key={f.key}>
          {labelled ? (
            <Text style={s.h3} minPresenceAhead={64}>
              {cleanText(f.label)}
            </Text>
          ) : null}
          <FieldBlock field={f} doc={doc} />
        </Fragment>
      ))}
    </>
  );
}

/** Template sections in order; header sections as facts tables, body sections numbered; sign-offs last. */
export function DocumentBody({ doc, numberPrefix = '' }: { doc: DocumentView; numberPrefix?: string }) {
  let n = 0;
  const parts = doc.template.sections.map((section) => {
    if (section.layout === 'header') return <FactsSection key={section.key} section={section} doc={doc} />;
    n += 1;
    return <BodySection key={section.key} section={section} doc={doc} n={n} />;
  });
  return (
    <>
      {parts}
      {doc.signoffs.length ? (
        <>
          <Text style={s.h2} minPresenceAhead={64}>{`${numberPrefix}${n + 1}. Sign-offs`}</Text>
          <SignoffsTable signoffs={doc.signoffs} />
        </>
      ) : null}
    </>
  );
}

/**
 * The font mode for these documents (see fontModeFor), from all their text at once: the whole view (title, fields,
 * template labels, action items, sign-offs, tags, …) after the same clean-up as the rendered text, plus any extra text
 * the caller draws. The fixed labels of the components are WinAnsi.
 */
export function fontModeForDocs(docs: DocumentView[], extra = ''): FontMode {
  return fontModeFor(cleanText(`${extra}${JSON.stringify(docs)}`));
}

/**
 * True when every row of the document (table rows, facts rows, list items) is either kept whole (`wrap={false}`) or
 * clearly shorter than a page. react-pdf's newer pagination engine (`experimentalPagination`) packs the first-pass
 * layout into pages in one pass, where the default one lays the rest of the document out again after every page break
 * (~30% of this render), but it does not split a row across pages: a row taller than a page would be clipped. Such
 * documents keep the default engine, which splits rows cell by cell.
 */
export function rowsFitPages(doc: DocumentView): boolean {
  for (const section of doc.template.sections) {
    const header = section.layout === 'header';
    for (const f of section.fields) {
      if (header && !pdfOf(f).splitsFactRow && !keepRow(JSON.stringify(doc.fields[f.key] ?? ''))) return false;
      if (!fieldRowsFit(f, doc, header)) return false;
    }
  }
  if (doc.actionItems.some((a) => !keepRow(a.title, a.url, a.owner))) return false;
  if (doc.signoffs.some((so) => !keepRow(so.comment, so.signerLabel, so.role))) return false;
  return true;
}

const cert = {
  box: { borderWidth: 1.5, borderColor: '#1a1a1a', padding: 10, marginBottom: 14 },
  decision: { fontSize: 16, fontWeight: 700, marginBottom: 4 },
  role: { ...s.cell, width: pct(17) },
  who: { ...s.cell, width: pct(17) },
  dec: { ...s.cell, width: pct(10) },
  ver: { ...s.cell, width: pct(8) },
  time: { ...s.cell, width: pct(19) },
  comment: { width: pct(27) },
  gate: { ...s.cell, width: pct(50) },
  answer: { ...s.cell, width: pct(12) },
  note: { width: pct(36) },
  wq: { ...s.cell, width: pct(24) },
  wa: { ...s.cell, width: pct(8) },
  wwhy: { ...s.cell, width: pct(42) },
  wby: { width: pct(26) },
};

/**
 * A decided launch review (Go or No-Go) opens with its certificate: the decision and its reasons, every role's
 * sign-off (who, version, time, comment) and the gates with their answers.
 */
export function LaunchCertificate({ doc }: { doc: PdfDocument }) {
  const d = doc.decision;
  if (!d || d.state === 'pending') return null;
  const gates = checklistGates(doc.template, doc);
  const waived = d.waivers ?? [];
  const waiverOf = (field: string, item: string) => waived.find((w) => w.field === field && w.item === item) ?? null;
  const current = doc.signoffs.filter((so) => !so.stale);
  const unsigned = (doc.template.signoffRoles ?? []).filter((role) => !current.some((so) => so.role === role));
  return (
    <View style={cert.box} wrap={false}>
      <Text style={s.h3}>Launch certificate</Text>
      <Text style={d.state === 'no_go' ? [cert.decision, s.bad] : cert.decision}>{`Decision: ${DECISION_LABELS[d.state] ?? d.state}`}</Text>
      {d.reasons.map((r, i) => (
        <Text key={i} style={s.p}>{`• ${cleanText(r)}`}</Text>
      ))}
      <Text style={s.h3}>Sign-offs</Text>
      {current.length || unsigned.length ? (
        <View style={s.table}>
          <View style={s.headRow}>
            <Text style={cert.role}>Role</Text>
            <Text style={cert.who}>Signed by</Text>
            <Text style={cert.dec}>Decision</Text>
            <Text style={cert.ver}>Version</Text>
            <Text style={cert.time}>Signed at</Text>
            <Text style={cert.comment}>Comment</Text>
          </View>
          {current.map((so) => (
            <View key={so.id} style={s.row}>
              <Text style={cert.role}>{cleanText(so.role)}</Text>
              <Text style={cert.who}>{cleanText(so.signerLabel)}</Text>
              <Text style={so.decision === 'no_go' ? [cert.dec, s.bad] : [cert.dec, s.bold]}>
                {DECISION_LABELS[so.decision] ?? so.decision}
              </Text>
              <Text style={cert.ver}>{`v${so.documentVersion}`}</Text>
              <Text style={cert.time}>{formatUtc(so.createdAt)}</Text>
              <Text style={cert.comment}>{cleanText(so.comment) || '—'}</Text>
            </View>
          ))}
          {unsigned.map((role) => (
            <View key={role} style={s.row}>
              <Text style={cert.role}>{cleanText(role)}</Text>
              <Text style={[cert.who, s.empty]}>No current sign-off</Text>
              <Text style={cert.dec}>—</Text>
              <Text style={cert.ver}>—</Text>
              <Text style={cert.time}>—</Text>
              <Text style={cert.comment}>—</Text>
            </View>
          ))}
        </View>
      ) : (
        <Text style={s.empty}>No current sign-offs.</Text>
      )}
      {gates.length ? (
        <>
          <Text style={s.h3}>Gates</Text>
          <View style={s.table}>
            <View style={s.headRow}>
              <Text style={cert.gate}>Gate</Text>
              <Text style={cert.answer}>Answer</Text>
              <Text style={cert.note}>Note</Text>
            </View>
            {gates.map(({ field, item, answer }) => {
              const passes = answerPasses(item, answer?.answer);
              const waiver = passes ? null : waiverOf(field.key, item.key);
              return (
                <View key={`${field.key}.${item.key}`} style={s.row}>
                  <Text style={cert.gate}>{cleanText(item.label)}</Text>
                  <Text style={passes || waiver ? cert.answer : [cert.answer, s.bad]}>
                    {`${answer?.answer ? answerLabel(answer.answer) : 'Not answered'}${waiver ? ' (waived)' : ''}`}
                  </Text>
                  <Text style={cert.note}>{cleanText(answer?.note) || '—'}</Text>
                </View>
              );
            })}
          </View>
        </>
      ) : null}
      {waived.length ? (
        <>
          <Text style={s.h3}>Waivers in force</Text>
          <View style={s.table}>
            <View style={s.headRow}>
              <Text style={cert.wq}>Question</Text>
              <Text style={cert.wa}>Answer</Text>
              <Text style={cert.wwhy}>Reason and risk accepted</Text>
              <Text style={cert.wby}>Approved by, until</Text>
            </View>
            {waived.map((w) => (
              <View key={`${w.field}.${w.item}`} style={s.row}>
                <Text style={cert.wq}>{cleanText(w.question)}</Text>
                <Text style={[cert.wa, s.bad]}>{answerLabel(w.answer)}</Text>
                <Text style={cert.wwhy}>{`${cleanText(w.reason) || '—'}\nRisk accepted: ${cleanText(w.risk) || '—'}`}</Text>
                <Text style={cert.wby}>{`${cleanText(w.approvedBy)} as ${cleanText(w.role)}\nuntil ${w.expiresOn} (UTC)`}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </View>
  );
}

/** The launch meetings held on a decided review (with its certificate): when, who attended, the decision recorded. */
function LaunchMeetings({ doc }: { doc: PdfDocument }) {
  const meetings = doc.meetings ?? [];
  if (!meetings.length || !doc.decision || doc.decision.state === 'pending') return null;
  return (
    <View wrap={false}>
      <Text style={s.h3}>Launch meetings</Text>
      {meetings.map((m, i) => (
        <Text key={i} style={s.p}>
          {`• ${formatUtc(m.startedAt)} to ${formatUtc(m.endedAt)}: ${DECISION_LABELS[m.decision] ?? m.decision}, ${m.discussed} discussed. Attendees: ${m.attendees.map(cleanText).join(', ')}`}
        </Text>
      ))}
    </View>
  );
}

/** Published documents linked to this one, each in this document's words ("Caused by launch: …"). */
function LinkedDocuments({ links }: { links: PdfLink[] }) {
  if (!links.length) return null;
  return (
    <View>
      <Text style={s.h2} minPresenceAhead={48}>
        Linked documents
      </Text>
      {links.map((l, i) => (
        <Text key={i} style={s.p}>{`${cleanText(l.label)}: ${cleanText(l.title)}`}</Text>
      ))}
    </View>
  );
}

export function DocumentPdf({ doc }: { doc: PdfDocument }) {
  const mode = fontModeForDocs([doc]);
  const supported = useSupportedPath();
  const onePass = !supported && rowsFitPages(doc);
  const meta = useSupportedPathMeta();
  return (
    <Document title={cleanText(doc.title)} author={doc.authorName ?? undefined} creator="Kaizen" producer="Kaizen" {...meta}>
      <FontModeContext.Provider value={mode}>
        <Page size="A4" style={pageStyleFor(mode)} {...(onePass ? { experimentalPagination: true } : {})}>
          <PageFooter />
          <LaunchCertificate doc={doc} />
          <LaunchMeetings doc={doc} />
          <DocHeader doc={doc} />
          <DocumentBody doc={doc} />
          <LinkedDocuments links={doc.links ?? []} />
        </Page>
      </FontModeContext.Provider>
    </Document>
  );
}
