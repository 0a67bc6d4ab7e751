import { describe, expect, it } from 'vitest';
import { diffLines, diffTexts } from '~/lib/diff';

const show = (before: string, after: string) =>
  diffLines(before, after).map((l) => `${l.op === 'same' ? ' ' : l.op === 'add' ? '+' : '-'}${l.text}`);

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

describe('word highlighting', () => {
  it('marks only the words that changed inside a changed line, on both sides', () => {
    const [del, add] = diffLines('The deploy on Monday failed on host a', 'The deploy on Tuesday failed on host b');
    const marked = (l: typeof del, op: string) => (l.words ?? []).filter((w) => w.op === op).map((w) => w.text);
    expect(marked(del, 'del')).toEqual(['Monday', 'a']);
    expect(marked(add, 'add')).toEqual(['Tuesday', 'b']);
    // The pieces put back together are the whole line.
    expect((del.words ?? []).map((w) => w.text).join('')).toBe(del.text);
    expect((add.words ?? []).map((w) => w.text).join('')).toBe(add.text);
  });

  it('leaves lines that share no word unmarked (the whole line is the change)', () => {
    expect(diffLines('alpha beta', 'gamma delta')).toEqual([
      { op: 'del', text: 'alpha beta' },
      { op: 'add', text: 'gamma delta' },
    ]);
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
      {
        op: 'del',
        text: 'No DLQ',
        words: [
          { op: 'same', text: 'No ' },
          { op: 'del', text: 'DLQ' },
        ],
      },
      {
        op: 'add',
        text: 'No dead-letter queue',
        words: [
          { op: 'same', text: 'No ' },
          { op: 'add', text: 'dead-letter queue' },
        ],
      },
      { op: 'add', text: '- retries unbounded' },
    ]);
    expect(d[1].lines).toEqual([{ op: 'del', text: 'old' }]);
  });
});
