import type { DocumentView } from '../models/types';

/** A tiny document touching every font (Latin, Arabic, CJK, Korean, mono) so a worker's first real render is warm. */
export function warmupDocument(): DocumentView {
  return {
    id: 'warmup',
    version: 1,
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
        { key: 'b', title: 'Body', layout: 'body', fields: [{ key: 'r', type: 'richtext', label: 'Body', required: false }, { key: 't', type: 'timeline', label: 'Timeline', required: false }] },
      ],
    },
    title: 'Warm-up',
    severity: null,
    service: null,
    tags: [],
    fields: {
      a: 'Ünïcode Ελληνικά Кириллица',
      r: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ok العربية 中文 한국어 ' }, { type: 'text', text: 'bold', marks: [{ type: 'bold' }] }, { type: 'text', text: ' mono', marks: [{ type: 'code' }] }, { type: 'text', text: ' it', marks: [{ type: 'italic' }] }] }] },
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
  };
}
