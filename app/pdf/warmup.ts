import type { DocumentView } from '~/models/types';

/** A tiny document touching every font (Latin, Arabic, CJK, Korean, mono) so a worker's first real render is warm. */
export function warmupDocument(): DocumentView {
  return {
    id: 'warmup',
    version: 1,
    contentVersion: 1,
    kind: 'rca',
    status: 'draft',
    template: {
      key: 'warmup',
      version: 1,
      kind: 'rca',
      title: 'Warm-up',
      description: '',
      rules: [],
      sections: [
        { key: 'h', title: 'Facts', layout: 'header', fields: [{ key: 'a', type: 'text', label: 'A', required: false, multiline: false }] },
        {
          key: 'b',
          title: 'Body',
          layout: 'body',
          fields: [
            { key: 'r', type: 'richtext', label: 'Body', required: false },
            { key: 't', type: 'timeline', label: 'Timeline', required: false },
          ],
        },
      ],
    },
    title: 'Warm-up',
    severity: null,
    service: null,
    tags: [],
    fields: {
      a: 'Ünïcode Ελληνικά Кириллица',
      r: {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'ok العربية 中文 한국어 ' },
              { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
              { type: 'text', text: ' mono', marks: [{ type: 'code' }] },
              { type: 'text', text: ' it', marks: [{ type: 'italic' }] },
            ],
          },
        ],
      },
      t: [{ at: '2020-01-01T00:00:00Z', text: 'x', marker: 'detected' }],
    },
    computed: {},
    actionItems: [],
    signoffs: [],
    authorId: null,
    authorName: null,
    createdAt: '2020-01-01T00:00:00Z',
    updatedAt: '2020-01-01T00:00:00Z',
    publishedAt: null,
    publishedBy: null,
    decision: null,
  };
}

/**
 * A Latin-only document of a few pages (standard fonts, one-pass pagination: the path most documents take), rendered
 * a few times at worker start so the JIT has compiled that path before the first real export.
 */
export function warmupLatinDocument(): DocumentView {
  const base = warmupDocument();
  const sentence = 'The primary database stopped accepting writes after the volume filled; replication had stalled. ';
  const para = (i: number) => ({
    type: 'paragraph',
    content: [
      { type: 'text', text: sentence.repeat(4) },
      { type: 'text', text: `step ${i}`, marks: [{ type: 'bold' }] },
      { type: 'text', text: ' pg_basebackup', marks: [{ type: 'code' }] },
    ],
  });
  const list = { type: 'bulletList', content: [1, 2, 3].map((i) => ({ type: 'listItem', content: [para(i)] })) };
  return {
    ...base,
    id: 'warmup-latin',
    title: 'Warm-up (Latin)',
    fields: {
      a: 'Latin — only',
      r: {
        type: 'doc',
        content: [
          ...Array.from({ length: 12 }, (_, i) => para(i)),
          list,
          { type: 'codeBlock', content: [{ type: 'text', text: 'SELECT 1;' }] },
        ],
      },
      t: Array.from({ length: 40 }, (_, i) => ({
        at: '2020-01-01T00:00:00Z',
        text: `Event ${i} happened on the primary`,
        ...(i === 3 ? { marker: 'detected' } : {}),
      })),
    },
  };
}
