import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES } from '../../templates';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { splitLongWord } from '../../app/pdf/fonts';
import { cleanText } from '../../app/pdf/sanitize';
import { baseDocument, doc, emptyDocument, filledDocument, p, t, templateByKey, action } from '../fixtures/pdf-documents';
import { longRcaDocument } from '../fixtures/pdf-long-rca';
import { missingInOrder, pdfInfo, pdfText, squash } from './helpers';

const exportedAt = new Date('2016-06-18T09:00:00Z');

describe('faithfulness: every field of every built-in template comes out of pdftotext, in template order', () => {
  for (const template of BUILT_IN_TEMPLATES) {
    it(template.key, async () => {
      const { doc: d, expected } = filledDocument(template);
      const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdf);
      const header = [
        d.title,
        'RCA'.length ? d.kind.toUpperCase() : '',
        'Published',
        'SEV2',
        'checkout-api',
        `${template.key} v${template.version}`,
        d.id,
        'Version: 3',
      ];
      const missing = missingInOrder(text, [...header, ...expected]);
      if (missing.length) console.log(template.key, missing, text);
      expect(missing).toEqual([]);
      // footer on every page, metadata
      const info = pdfInfo(pdf);
      const pages = Number(info.Pages);
      for (let i = 1; i <= pages; i++) expect(text).toContain(`page ${i} of ${pages}`);
      expect(text).toContain('document doc_01HZX3K9 | version 3 | as of 2016-06-18 09:00 UTC');
      expect(info.Title).toBe(d.title);
      expect(info.Author).toBe('Ada Lovelace');
      expect(info.Subject).toContain(template.title);
      expect(info.Keywords).toContain('database');
      expect(info.Keywords).toContain('failover');
      expect(info.CreationDate).toMatch(/2016/);
    });
  }
});

describe('unicode', () => {
  const samples = {
    latin: 'Žluťoučký kůň úpěl ďábelské ódy, façade, Øresund, straße',
    greek: 'Η βάση δεδομένων δεν απαντά',
    cyrillic: 'База данных недоступна',
    arabic: 'تعطلت قاعدة البيانات الرئيسية',
    persian: 'پایگاه داده از دسترس خارج شد',
    chinese: '数据库主节点故障转移后恢复服务',
    japanese: 'データベースの障害が発生しました',
    korean: '데이터베이스 장애가 발생했습니다',
  };
  it('each script comes back from pdftotext', async () => {
    const tpl = templateByKey('google-sre-postmortem');
    const d = baseDocument(tpl, {
      title: `Unicode ${samples.greek}`,
      fields: {
        summary: doc(...Object.values(samples).map((s) => p(t(s)))),
        impact: doc(p(t(samples.arabic), t(' — '), t(samples.chinese))),
      },
    });
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const text = squash(pdfText(pdf));
    for (const [script, sample] of Object.entries(samples)) expect(text, script).toContain(sample);
    expect(pdfInfo(pdf).Title).toBe(d.title);
  });
  it('emoji are kept and set in the emoji font; symbols the text font has stay in it', async () => {
    expect(cleanText('Deploy 🚀 done ✅ 👍🏽 🇩🇪 👨‍👩‍👧 1️⃣ © ® ™')).toBe('Deploy 🚀 done ✅ 👍🏽 🇩🇪 👨‍👩‍👧 1️⃣ © ® ™');
    expect(cleanText('a\u0000b\u0007c\u0085d')).toBe('abcd');
    const tpl = templateByKey('blameless-rca');
    const d = baseDocument(tpl, {
      title: 'Rollback 🚀 done ✅',
      fields: {
        symptoms: doc(p(t('Users saw 😱 errors 👨‍👩‍👧 © Kaizen'))),
        timeline: [{ at: '2016-06-15T22:04:00Z', text: 'Paged 📟 on-call' }],
      },
    });
    const text = squash(pdfText(await renderDocumentPdf(d, { asOf: exportedAt })));
    expect(text).toContain('Rollback 🚀 done ✅');
    expect(text).toContain('Users saw 😱 errors 👨‍👩‍👧 © Kaizen');
    expect(text).toContain('Paged 📟 on-call');
  });
});

describe('technical tokens are never hyphenated', () => {
  const tokens = [
    'pg_basebackup',
    'db-primary-01.eu-west-1.internal',
    'ERR_WAL_DISK_FULL',
    'max_slot_wal_keep_size',
    'ECONNREFUSED',
    'internationalization',
    'checkout-api-7f9c8d6b5-x2k4q',
  ];
  it('words up to 30 characters stay whole', () => {
    for (const tok of tokens) expect(splitLongWord(tok)).toEqual([tok]);
  });
  it('in paragraphs, tables and the facts table', async () => {
    const tpl = templateByKey('blameless-rca');
    const sentence = tokens.map((tok) => `the ${tok} failed again and again`).join(' ');
    const d = baseDocument(tpl, {
      fields: {
        affected: sentence,
        symptoms: doc(p(t(`${sentence} ${sentence}`))),
        timeline: tokens.map((tok, i) => ({ at: `2016-06-15T22:0${i}:00Z`, text: `${sentence} ${tok}` })),
      },
      actionItems: tokens.map((tok, i) => action('nextSteps', i, { title: `Fix ${tok} so that ${tok} works` })),
    });
    const text = pdfText(await renderDocumentPdf(d, { asOf: exportedAt }), 'raw');
    const words = new Set(text.split(/\s+/).map((w) => w.replace(/^[(]|[),.;:]$/g, '')));
    for (const tok of tokens) expect(words.has(tok), tok).toBe(true);
    expect(text).not.toMatch(/pg_base-|basebac-|intern-|ERR_-/);
  });
});

describe('layout limits', () => {
  it('1,000 timeline entries: header row repeats on every page', async () => {
    const tpl = templateByKey('blameless-rca');
    const start = Date.parse('2016-06-15T00:00:00Z');
    const timeline = Array.from({ length: 1000 }, (_, i) => ({
      at: new Date(start + i * 60_000).toISOString(),
      text: `Event number ${i + 1} with some words about what happened`,
    }));
    const t0 = performance.now();
    const pdf = await renderDocumentPdf(baseDocument(tpl, { fields: { timeline } }), { asOf: exportedAt });
    const ms = performance.now() - t0;
    const text = pdfText(pdf);
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(20);
    expect(text).toContain('Event number 1 with');
    expect(text).toContain('Event number 1000 with');
    // the table header is on every page the table spans (all but the first, which starts with the facts table)
    expect((text.match(/Time \(UTC\)\s+Marker\s+Event/g) ?? []).length).toBeGreaterThanOrEqual(pages - 1);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);

  it('a 5,000-character unbroken word wraps inside the page, in a paragraph and in a table cell', async () => {
    const word = 'abcdefghij'.repeat(500);
    const tpl = templateByKey('blameless-rca');
    const d = baseDocument(tpl, {
      fields: { symptoms: doc(p(t(`before ${word} after`))), timeline: [{ at: '2016-06-15T22:04:00Z', text: word }], referenceId: word },
      actionItems: [action('nextSteps', 1, { title: word, owner: word })],
    });
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const text = pdfText(pdf, 'raw');
    // the word comes out whole in four places, apart from line and page breaks (at most one hyphen per line)
    const joined = text.replace(/-\n/g, '').replace(/\s+/g, '');
    expect((joined.match(/abcdefghij/g) ?? []).length).toBeGreaterThanOrEqual(4 * 500 - 20);
    expect(text).toContain('before');
    expect(text).toContain('after');
    // every line of the layout fits the page width (pdftotext -layout lines stay short)
    for (const line of pdfText(pdf).split('\n')) expect(line.length).toBeLessThan(200);
  }, 60_000);

  for (const template of BUILT_IN_TEMPLATES) {
    it(`all optional fields empty: ${template.key}`, async () => {
      const pdf = await renderDocumentPdf(emptyDocument(template), { asOf: exportedAt });
      const text = pdfText(pdf);
      expect(text).toContain('Empty');
      expect(text).toContain('—');
      for (const s of template.sections) expect(text).toContain(s.layout === 'header' ? s.fields[0].label : s.title);
      expect(pdfInfo(pdf).Author ?? '').toBe('');
    });
  }

  it('malformed rich text and odd values do not crash', async () => {
    const tpl = templateByKey('google-sre-postmortem');
    let deep: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 500; i++) deep = { type: i % 2 ? 'blockquote' : 'bulletList', content: [deep] };
    const d = baseDocument(tpl, {
      fields: {
        summary: {
          type: 'doc',
          content: [
            null,
            5,
            { type: 'weird', content: [{ type: 'text', text: 'kept' }] },
            deep,
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
            },
          ],
        },
        impact: 'plain string',
        authors: 'not-an-array',
        timeline: [{ at: 'garbage', text: 'bad time' }],
      },
    });
    const text = pdfText(await renderDocumentPdf(d as never, { asOf: exportedAt }));
    expect(text).toContain('kept');
    expect(text).toContain('bad time');
  });

  it('the long reference RCA renders to several pages', async () => {
    const pdf = await renderDocumentPdf(longRcaDocument(), { asOf: exportedAt });
    expect(Number(pdfInfo(pdf).Pages)).toBeGreaterThanOrEqual(5);
  });
});
