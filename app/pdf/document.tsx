import { Fragment } from 'react';
import { Document, Page, Text, View } from '@react-pdf/renderer';
import type { Section } from '../../templates/schema';
import type { DocumentView } from '../models/types';
import { FactValue, FieldBlock, SignoffsTable, keepRow } from './fields';
import { isEmptyRichText, listItemsFit, plainText } from './richtext';
import { STATUS_LABELS } from './format';
import { cleanText } from './sanitize';
import { FontModeContext, type FontMode, fontModeFor, pageStyleFor, s } from './styles';

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

/** Field types whose fact value is inline text (TextValue, LinksValue). */
const INLINE_FACTS = new Set(['text', 'datetime', 'date', 'select', 'people', 'links', 'computed']);

/** A header-layout section: the classic RCA facts table. */
export function FactsSection({ section, doc }: { section: Section; doc: DocumentView }) {
  return (
    <View style={s.facts}>
      {section.fields.map((f) => (
        <View key={f.key} style={s.factRow} wrap={!(f.type !== 'richtext' && keepRow(JSON.stringify(doc.fields[f.key] ?? '')))}>
          <Text style={s.factLabel}>{cleanText(f.label)}</Text>
          {INLINE_FACTS.has(f.type) ? (
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
          {labelled ? <Text style={s.h3} minPresenceAhead={64}>{cleanText(f.label)}</Text> : null}
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
  const asList = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  for (const section of doc.template.sections) {
    for (const f of section.fields) {
      const v = doc.fields[f.key];
      if (f.type === 'richtext') {
        if (!listItemsFit(v)) return false;
        if (section.layout === 'header' && !isEmptyRichText(v)) {
          const text = plainText(v as never);
          if (text.length >= 600 || text.split('\n').length >= 24) return false;
        }
      } else if (section.layout === 'header' && !keepRow(JSON.stringify(v ?? ''))) return false;
      if (f.type === 'timeline' && asList(v).some((e) => !keepRow(e?.text))) return false;
      if (f.type === 'checklist') {
        const answers = (v && typeof v === 'object' ? v : {}) as Record<string, { note?: unknown } | undefined>;
        if (f.items.some((item) => !keepRow(item.label, answers[item.key]?.note))) return false;
      }
    }
  }
  if (doc.actionItems.some((a) => !keepRow(a.title, a.url, a.owner))) return false;
  if (doc.signoffs.some((so) => !keepRow(so.comment, so.signerLabel, so.role))) return false;
  return true;
}

export function DocumentPdf({ doc }: { doc: DocumentView }) {
  const mode = fontModeForDocs([doc]);
  const onePass = rowsFitPages(doc);
  return (
    <Document title={cleanText(doc.title)} author={doc.authorName ?? undefined} creator="Kaizen" producer="Kaizen">
      <FontModeContext.Provider value={mode}>
        <Page size="A4" style={pageStyleFor(mode)} {...(onePass ? { experimentalPagination: true } : {})}>
          <DocHeader doc={doc} />
          <DocumentBody doc={doc} />
        </Page>
      </FontModeContext.Provider>
    </Document>
  );
}
