import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocumentPdf } from '../../app/pdf/render.server';
import { fontModeFor, isWinAnsi } from '../../app/pdf/styles';
import { baseDocument, code, doc, p, t, templateByKey } from '../fixtures/pdf-documents';
import { pdfText, squash } from './helpers';

const exportedAt = new Date('2016-06-18T09:00:00Z');

function pdfFonts(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `kaizen-pdffonts-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdffonts', [file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('font mode: standard PDF fonts for WinAnsi-only documents, Noto otherwise', () => {
  it('classifies text', () => {
    expect(isWinAnsi('Café — “quoted” – • … € ™ © ½ ÿ Œ\n\t')).toBe(true);
    expect(fontModeFor('plain ASCII')).toBe('standard');
    expect(fontModeFor('Ελληνικά')).toBe('noto');
    expect(fontModeFor('Žluťoučký')).toBe('noto');
    expect(fontModeFor('→')).toBe('noto');
    expect(fontModeFor('تعطلت')).toBe('shaped');
  });

  it('a Latin-1 document uses Helvetica and Courier, nothing embedded, and every character comes back', async () => {
    const tpl = templateByKey('blameless-rca');
    const sample = 'Café façade Øresund straße — “quoted” ‘single’ – • … € ™ © ® ½ ¿ ÿ Œ œ Š ž ƒ ‰ † ‡';
    const d = baseDocument(tpl, {
      title: 'Größe of the outage — “WAL”',
      fields: { symptoms: doc(p(t(sample)), code('SELECT * FROM pg_replication_slots; -- naïve')) },
    });
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/Helvetica/);
    expect(fonts).toMatch(/Courier/);
    expect(fonts).not.toMatch(/Noto/);
    const text = squash(pdfText(pdf));
    expect(text).toContain(squash(sample));
    expect(text).toContain('Größe of the outage — “WAL”');
    expect(text).toContain('SELECT * FROM pg_replication_slots; -- naïve');
  });

  it('one character outside WinAnsi anywhere switches the whole document to the embedded Noto fonts', async () => {
    const tpl = templateByKey('blameless-rca');
    const d = baseDocument(tpl, { title: 'Latin title', fields: { symptoms: doc(p(t('mostly Latin, one Greek word: Ελληνικά'))) } });
    const pdf = await renderDocumentPdf(d, { asOf: exportedAt });
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/NotoSans/);
    // body text is Noto; Helvetica (not embedded) is at most the stamped footer's font
    expect((fonts.match(/^Helvetica/gm) ?? []).length).toBeLessThanOrEqual(1);
    expect(fonts).toMatch(/NotoSans-Bold/);
    expect(squash(pdfText(pdf))).toContain('mostly Latin, one Greek word: Ελληνικά');
  });
});
