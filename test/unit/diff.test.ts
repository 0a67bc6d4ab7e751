import { describe, expect, it } from 'vitest';
import { diffLines, diffTexts } from '~/lib/diff';

const show = (before: string, after: string) => diffLines(before, after).map((l) => `${l.op === 'same' ? ' ' : l.op === 'add' ? '+' : '-'}${l.text}`);

describe('diffLines', () => {
  it('marks nothing when the texts are equal', () => {
    expect(show('a\nb', 'a\nb')).toEqual([' a', ' b']);
    expect(diffLines('', '')).toEqual([]);
  });

  it('shows an added, a removed and a changed line in place', () => {
    expect(show('a\nb\nc', 'a\nB\nc\nd')).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect(show('x\ny\nz', 'x\nz')).toEqual([' x', '-y', ' z']);
  });

  it('handles all-new and all-removed text', () => {
    expect(show('', 'one\ntwo')).toEqual(['+one', '+two']);
    expect(show('one', '')).toEqual(['-one']);
  });

  it('keeps the longest common run of lines (moves show as delete + add)', () => {
    expect(show('1\n2\n3\n4', '2\n3\n1\n4')).toEqual(['-1', ' 2', ' 3', '+1', ' 4']);
  });

  it('treats CRLF like LF', () => {
    expect(show('a\r\nb', 'a\nb')).toEqual([' a', ' b']);
  });

  it('stays linear on long texts with a small edit, and degrades gracefully on huge rewrites', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const edited = [...long];
    edited[10_000] = 'changed';
    const t0 = Date.now();
    const d = diffLines(long.join('\n'), edited.join('\n'));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(d.filter((l) => l.op !== 'same')).toEqual([
      { op: 'del', text: 'line 10000' },
      { op: 'add', text: 'changed' },
    ]);
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    const big = diffLines(a, b);
    expect(big.filter((l) => l.op === 'del')).toHaveLength(3000);
    expect(big.filter((l) => l.op === 'add')).toHaveLength(3000);
  });
});

describe('diffTexts', () => {
  it('lists only the fields whose text changed, with their labels', () => {
    const before = [
      { key: 'title', label: 'Title', text: 'Outage' },
      { key: 'rootCause', label: 'Root cause', text: 'No DLQ' },
      { key: 'gone', label: 'Gone', text: 'old' },
    ];
    const after = [
      { key: 'title', label: 'Title', text: 'Outage' },
      { key: 'rootCause', label: 'Root cause', text: 'No dead-letter queue\n- retries unbounded' },
    ];
    const d = diffTexts(before, after);
    expect(d.map((f) => f.key)).toEqual(['rootCause', 'gone']);
    expect(d[0]).toMatchObject({ label: 'Root cause', before: 'No DLQ', after: 'No dead-letter queue\n- retries unbounded' });
    expect(d[0].lines).toEqual([
      { op: 'del', text: 'No DLQ' },
      { op: 'add', text: 'No dead-letter queue' },
      { op: 'add', text: '- retries unbounded' },
    ]);
    expect(d[1].lines).toEqual([{ op: 'del', text: 'old' }]);
  });
});
