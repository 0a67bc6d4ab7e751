import type { DiffLine } from '~/lib/diff';

/** A line of the diff; a changed line shows which of its words changed (jsdiff, see app/lib/diff). */
export function DiffLineView({ line }: { line: DiffLine }) {
  const body = line.words
    ? line.words.map((w, i) =>
        w.op === 'same' ? (
          <span key={i}>{w.text}</span>
        ) : (
          <mark key={i} className={`diff-word-${w.op}`}>
            {w.text}
          </mark>
        ),
      )
    : line.text;
  if (line.op === 'same')
    return (
      <span className="diff-same">
        {'  '}
        {body}
        {'\n'}
      </span>
    );
  const Tag = line.op === 'add' ? 'ins' : 'del';
  return (
    <Tag className={`diff-${line.op}`}>
      {line.op === 'add' ? '+ ' : '- '}
      {body}
      {'\n'}
    </Tag>
  );
}
