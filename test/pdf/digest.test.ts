import { describe, expect, it } from 'vitest';
import { digestStats, renderDigestPdf } from '../../app/pdf/digest.server';
import { action, filledDocument, templateByKey } from '../fixtures/pdf-documents';
import { longRcaDocument } from '../fixtures/pdf-long-rca';
import { missingInOrder, pdfInfo, pdfText } from './helpers';

describe('leadership digest', () => {
  const a = {
    ...filledDocument(templateByKey('blameless-rca')).doc,
    id: 'doc_a',
    title: 'Payments outage',
    severity: 'SEV1' as const,
    computed: { impactMinutes: 90 },
  };
  const b = { ...longRcaDocument(), id: 'doc_b', severity: 'SEV2' as const };
  const c = {
    ...filledDocument(templateByKey('google-sre-postmortem')).doc,
    id: 'doc_c',
    title: 'Search latency',
    severity: 'SEV2' as const,
    computed: { impactMinutes: 30 },
    actionItems: [action('actionItems', 1, { status: 'done' }), action('actionItems', 2, { status: 'wont_do' })],
  };

  it('counts severities, impact and action-item completion', () => {
    const st = digestStats([a, b, c]);
    expect(Object.fromEntries(st.bySeverity)).toMatchObject({ SEV1: 1, SEV2: 2, SEV3: 0 });
    expect(st.impactMinutes).toBe(90 + 1480 + 30);
    expect(st.actions).toBe(a.actionItems.length + b.actionItems.length + 1);
  });

  it('renders a cover, contents and every document', async () => {
    const pdf = await renderDigestPdf([a, b, c], { title: 'Incident digest', period: 'June 2016', asOf: new Date('2016-07-01T08:00:00Z') });
    const text = pdfText(pdf);
    expect(
      missingInOrder(text, [
        'Incident digest',
        'June 2016',
        'Documents',
        '3',
        'SEV1',
        '1',
        'SEV2',
        '2',
        'Total impact',
        '26:40 hours (1600 minutes)',
        'Action items completed',
        'Contents',
        '1. Payments outage',
        '2. Checkout outage: primary database ran out of WAL space',
        '3. Search latency',
        'Payments outage',
        'Checkout outage: primary database ran out of WAL space',
        'Search latency',
      ]),
    ).toEqual([]);
    const info = pdfInfo(pdf);
    expect(info.Title).toBe('Incident digest');
    const pages = Number(info.Pages);
    expect(text).toContain(`page ${pages} of ${pages}`);
  }, 60_000);
});
