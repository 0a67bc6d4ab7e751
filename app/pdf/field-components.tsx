/**
 * The PDF layer of the field-kind registry: each kind's react-pdf components (app/fields/<kind>/pdf.tsx). Server
 * only in practice (react-pdf never ships to the browser: only the PDF routes and the worker import this).
 */
import type { ReactNode } from 'react';
import type { Field } from '../../templates/schema';
import type { FieldKind, FieldOf, FieldSource, FieldValueOf } from '~/fields/kind';
import { valueOf } from '~/fields/text';
import { actionsPdf } from '~/fields/actions/pdf';
import { checklistPdf } from '~/fields/checklist/pdf';
import { computedPdf } from '~/fields/computed/pdf';
import { datePdf } from '~/fields/date/pdf';
import { datetimePdf } from '~/fields/datetime/pdf';
import { linksPdf } from '~/fields/links/pdf';
import { peoplePdf } from '~/fields/people/pdf';
import { richtextPdf } from '~/fields/richtext/pdf';
import { selectPdf } from '~/fields/select/pdf';
import { textPdf } from '~/fields/text/pdf';
import { timelinePdf } from '~/fields/timeline/pdf';
import { factorsPdf } from '~/fields/factors/pdf';
import { tablePdfKind } from '~/fields/table/pdf';

type PdfProps<K extends FieldKind> = { field: FieldOf<K>; value: FieldValueOf<K> | undefined };

export type KindPdf<K extends FieldKind> = {
  /** The value in a facts row (a header section). */
  Fact: (props: PdfProps<K>) => ReactNode;
  /** The value in a body section. */
  Block: (props: PdfProps<K>) => ReactNode;
  /** The fact is text runs, nested in the facts row's one Text node (fewer layout nodes), not views. */
  inline: boolean;
  /** A facts row holding it may always break across pages (rich text can be long whatever its JSON size). */
  splitsFactRow?: boolean;
  /** Every row it draws (table rows, list items) fits a page; see rowsFitPages in document.tsx. */
  rowsFit?: (field: FieldOf<K>, value: FieldValueOf<K>, inHeader: boolean) => boolean;
};

export const FIELD_PDF = {
  text: textPdf,
  richtext: richtextPdf,
  datetime: datetimePdf,
  date: datePdf,
  select: selectPdf,
  people: peoplePdf,
  links: linksPdf,
  timeline: timelinePdf,
  checklist: checklistPdf,
  actions: actionsPdf,
  computed: computedPdf,
  factors: factorsPdf,
  table: tablePdfKind,
} satisfies { [K in FieldKind]: KindPdf<K> };

export const pdfOf = <K extends FieldKind>(field: FieldOf<K>) => FIELD_PDF[field.type as K] as unknown as KindPdf<K>;

/** Inline value for the facts table (label | value rows). */
export function FactValue({ field, doc }: { field: Field; doc: FieldSource }): ReactNode {
  const { Fact } = pdfOf(field);
  return <Fact field={field} value={valueOf(field, doc)} />;
}

/** Block value for a body section. */
export function FieldBlock({ field, doc }: { field: Field; doc: FieldSource }): ReactNode {
  const { Block } = pdfOf(field);
  return <Block field={field} value={valueOf(field, doc)} />;
}

/** Whether every row the field draws fits a page (its kind decides; a field without rows always fits). */
export function fieldRowsFit(field: Field, doc: FieldSource, inHeader: boolean): boolean {
  const { rowsFit } = pdfOf(field);
  const v = valueOf(field, doc);
  return !rowsFit || v === undefined || rowsFit(field, v, inHeader);
}
