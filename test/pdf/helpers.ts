import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let n = 0;
function withFile<T>(pdf: Buffer, f: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `kaizen-pdf-test-${process.pid}-${n++}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return f(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** pdftotext output (layout mode keeps table rows on one line), bidi embedding marks removed. */
export function pdfText(pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): string {
  return withFile(pdf, (file) =>
    execFileSync('pdftotext', [mode === 'layout' ? '-layout' : '-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  ).replace(/[\u202a-\u202e\u200e\u200f]/g, '');
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Asserts each string occurs, in order; returns the ones that are missing or out of order. */
export function missingInOrder(text: string, expected: string[]): string[] {
  const hay = squash(text);
  const bad: string[] = [];
  let at = 0;
  for (const e of expected) {
    const i = hay.indexOf(squash(e), at);
    if (i < 0) bad.push(hay.includes(squash(e)) ? `${e} (out of order)` : e);
    else at = i + squash(e).length;
  }
  return bad;
}
