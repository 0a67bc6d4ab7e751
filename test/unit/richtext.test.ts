import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { Editor, getSchema, type JSONContent } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { richTextExtensions, getSharedRichTextSchema, isSafeLinkHref } from '~/lib/richtext/extensions';
import { docToMarkdown, markdownToDoc, emptyRichTextDoc, type RichTextDoc } from '~/lib/richtext/markdown';
import { getRichTextSchema, isEmptyRichText, parseRichText } from '~/lib/richtext/schema.server';
import { docToPlainText } from '~/lib/richtext/text';
import { RichTextView } from '~/components/rich-text-view';
import { RichTextEditor } from '~/components/rich-text-editor';

// ---------------------------------------------------------------- helpers
const t = (text: string, marks?: unknown[]) => (marks ? { type: 'text', text, marks } : { type: 'text', text });
const p = (...content: unknown[]) => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
const doc = (...content: unknown[]): RichTextDoc => ({ type: 'doc', content });
const link = (href: string) => ({ type: 'link', attrs: { href } });

function expectOk(input: unknown): RichTextDoc {
  const res = parseRichText(input);
  if (!res.ok) throw new Error(`expected ok, got: ${res.message}`);
  return res.doc;
}
function expectRefused(input: unknown, pattern?: RegExp): string {
  const res = parseRichText(input);
  let shown: string;
  try {
    shown = String(JSON.stringify(input)).slice(0, 200);
  } catch {
    shown = String(typeof input);
  }
  expect(res.ok, shown).toBe(false);
  if (res.ok) throw new Error('unreachable');
  expect(typeof res.message).toBe('string');
  if (pattern) expect(res.message).toMatch(pattern);
  return res.message;
}
const html = (d: unknown) => renderToStaticMarkup(createElement(RichTextView, { doc: d }));

// ---------------------------------------------------------------- schema
describe('schema', () => {
  it('contains exactly the supported nodes and marks', () => {
    const schema = getRichTextSchema();
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        'blockquote',
        'bulletList',
        'codeBlock',
        'doc',
        'hardBreak',
        'heading',
        'horizontalRule',
        'listItem',
        'orderedList',
        'paragraph',
        'text',
      ].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(['bold', 'code', 'italic', 'link']);
  });

  it('is memoised and shared with the editor module', () => {
    expect(getRichTextSchema()).toBe(getRichTextSchema());
    expect(getRichTextSchema()).toBe(getSharedRichTextSchema());
  });
});

// ---------------------------------------------------------------- markdown
describe('Markdown ↔ JSON round trip', () => {
  const cases: Record<string, string> = {
    'heading 1': '# Title',
    'heading 2..6': '## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six',
    paragraphs: 'First paragraph.\n\nSecond paragraph.',
    bold: 'Some **bold** text',
    italic: 'Some *italic* text',
    'bold + italic': '***both*** and **bold *nested* bold**',
    'inline code': 'Run `kubectl get pods` now',
    'inline code with backtick': 'Use `` a`b `` here',
    link: 'See [the runbook](https://example.com/runbook) first',
    'link with title': 'See [docs](https://example.com "The docs")',
    'relative link': 'See [incident](/incidents/42)',
    'mailto link': 'Mail [oncall](mailto:oncall@example.com)',
    'bold link': 'A [**bold link**](https://example.com) here',
    autolink: 'Go to <https://example.com>',
    'bullet list': '- one\n- two\n- three',
    'ordered list': '1. one\n2. two\n3. three',
    'ordered list with start': '3. three\n4. four',
    'nested bullet list': '- one\n  - one.a\n  - one.b\n    - deep\n- two',
    'nested ordered in bullet': '- one\n  1. first\n  2. second\n- two',
    'nested bullet in ordered': '1. one\n   - a\n   - b\n2. two',
    'list item with formatting': '- **bold** item with [link](https://example.com)',
    'code block': '```\nplain code\n  indented\n```',
    'code block with language': '```ts\nconst a: number = 1;\n```',
    'code block containing fence': '````\n```\ninner\n```\n````',
    blockquote: '> quoted text',
    'blockquote with list': '> - a\n> - b',
    'nested blockquote': '> outer\n>\n> > inner',
    'horizontal rule': 'above\n\n---\n\nbelow',
    'hard break': 'line one\\\nline two',
    'escaped markdown characters': 'not \\*bold\\* and \\[not a link\\] and 1_000',
    'html-looking text': 'a <b>tag</b> & <script>alert(1)</script>',
    'escaped autolink-looking text': 'text \\<https://example.com> here',
    'escaped entity-looking text': 'AT\\&amp;T',
    'heading-looking paragraph text': '\\# not a heading',
  };

  for (const [name, md] of Object.entries(cases)) {
    it(`${name}: Markdown → JSON → Markdown is stable`, () => {
      const d = markdownToDoc(md);
      // Valid against the editor schema.
      PMNode.fromJSON(getRichTextSchema(), d).check();
      expect(docToMarkdown(d)).toBe(md);
      // JSON → Markdown → JSON is the identity.
      expect(markdownToDoc(docToMarkdown(d))).toEqual(d);
      // And the server accepts it unchanged.
      expect(expectOk(d)).toEqual(d);
    });
  }

  it('parses nested lists into the tiptap node names', () => {
    const d = markdownToDoc('- a\n  1. b\n- c');
    expect(d).toEqual(
      doc({
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [
              p(t('a')),
              {
                type: 'orderedList',
                attrs: { start: 1, type: null },
                content: [{ type: 'listItem', content: [p(t('b'))] }],
              },
            ],
          },
          { type: 'listItem', content: [p(t('c'))] },
        ],
      }),
    );
  });

  it('maps marks and attributes to tiptap names', () => {
    const d = markdownToDoc('# H\n\n**b** *i* `c` [l](https://x.test)\n\n```sh\nls\n```');
    expect(d.content?.[0]).toEqual({ type: 'heading', attrs: { level: 1 }, content: [t('H')] });
    const para = d.content?.[1] as { content: Array<{ marks?: Array<{ type: string }> }> };
    expect(para.content.flatMap((n) => n.marks?.map((m) => m.type) ?? [])).toEqual(['bold', 'italic', 'code', 'link']);
    expect(d.content?.[2]).toEqual({ type: 'codeBlock', attrs: { language: 'sh' }, content: [t('ls')] });
  });

  it('keeps single newlines as hard breaks (textarea fallback)', () => {
    const d = markdownToDoc('line one\nline two');
    expect(d).toEqual(doc(p(t('line one'), { type: 'hardBreak' }, t('line two'))));
  });

  it('never produces HTML nodes: raw HTML stays literal text', () => {
    const d = markdownToDoc('<div onclick="x()">hi</div>\n\n<img src=x onerror=alert(1)>');
    expect(docToPlainText(d)).toBe('<div onclick="x()">hi</div>\n<img src=x onerror=alert(1)>');
    const json = JSON.stringify(d);
    expect(json).not.toMatch(/"type":"(html|image|html_block|html_inline)"/);
  });

  it('does not create images; drops unsafe links to text', () => {
    const d = markdownToDoc('![alt](https://x.test/a.png) [js](javascript:alert(1)) [d](data:text/html,hi) <javascript:alert(1)>');
    const json = JSON.stringify(d);
    expect(json).not.toContain('"image"');
    expect(json).not.toMatch(/javascript:[^)]*"\s*,\s*"target/);
    for (const href of collectHrefs(d)) expect(isSafeLinkHref(href)).toBe(true);
    expect(expectOk('[js](javascript:alert(1))')).toEqual(doc(p(t('[js](javascript:alert(1))'))));
  });

  it('empty Markdown gives the canonical empty doc', () => {
    expect(markdownToDoc('')).toEqual(emptyRichTextDoc());
    expect(markdownToDoc('  \n\n ')).toEqual(emptyRichTextDoc());
    expect(docToMarkdown(emptyRichTextDoc())).toBe('');
    expect(docToMarkdown(null)).toBe('');
  });

  it('docToMarkdown degrades to plain text for documents outside the schema', () => {
    expect(docToMarkdown(doc({ type: 'image', attrs: { src: 'x' } }, p(t('kept'))) as RichTextDoc)).toBe('kept');
  });

  it('serialises JSON built by hand (editor-shaped) to Markdown', () => {
    const d = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Impact')] },
      p(t('Users saw '), t('errors', [{ type: 'bold' }]), t(' for '), t('12 min', [{ type: 'italic' }])),
      {
        type: 'orderedList',
        attrs: { start: 1, type: null },
        content: [
          { type: 'listItem', content: [p(t('Page'))] },
          {
            type: 'listItem',
            content: [
              p(t('Rollback')),
              { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('via '), t('deploy', [{ type: 'code' }]))] }] },
            ],
          },
        ],
      },
      p(t('link', [link('https://example.com')])),
    );
    expect(docToMarkdown(d)).toBe(
      '## Impact\n\nUsers saw **errors** for *12 min*\n\n1. Page\n2. Rollback\n   - via `deploy`\n\n[link](https://example.com)',
    );
  });
});

function findText(editor: Editor, needle: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text?.includes(needle)) found = pos + node.text.indexOf(needle);
    return true;
  });
  if (found < 0) throw new Error(`text not found: ${needle}`);
  return found;
}

function collectHrefs(node: unknown, out: string[] = []): string[] {
  if (node && typeof node === 'object') {
    const n = node as { marks?: Array<{ type: string; attrs?: { href?: string } }>; content?: unknown[] };
    for (const m of n.marks ?? []) if (m.type === 'link' && m.attrs?.href) out.push(m.attrs.href);
    for (const c of n.content ?? []) collectHrefs(c, out);
  }
  return out;
}

// ---------------------------------------------------------------- parseRichText
describe('parseRichText', () => {
  const valid = doc(
    { type: 'heading', attrs: { level: 3 }, content: [t('Hello')] },
    p(t('bold', [{ type: 'bold' }]), t(' '), t('x', [link('https://example.com/a?b=c')])),
  );

  it('accepts valid JSON and returns normalised JSON', () => {
    const out = expectOk(valid);
    expect(out.content?.[0]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [t('Hello')] });
    // Link attrs are filled with the schema defaults (normalised).
    expect(collectHrefs(out)).toEqual(['https://example.com/a?b=c']);
    expect(JSON.stringify(out)).toContain('"rel":"noopener noreferrer nofollow"');
  });

  it('accepts a JSON string (as posted by the editor hidden input)', () => {
    expect(expectOk(JSON.stringify(valid))).toEqual(expectOk(valid));
    expect(expectOk('  ' + JSON.stringify(valid) + '\n')).toEqual(expectOk(valid));
  });

  it('accepts Markdown strings, and "" / null as the empty doc', () => {
    expect(expectOk('**hi**')).toEqual(doc(p(t('hi', [{ type: 'bold' }]))));
    expect(expectOk('')).toEqual(emptyRichTextDoc());
    expect(expectOk(null)).toEqual(emptyRichTextDoc());
    expect(expectOk(undefined)).toEqual(emptyRichTextDoc());
    expect(expectOk({ type: 'doc' })).toEqual(emptyRichTextDoc());
    expect(expectOk({ type: 'doc', content: [] })).toEqual(emptyRichTextDoc());
  });

  it('treats a non-JSON string starting with "{" as Markdown', () => {
    expect(expectOk('{service} was down')).toEqual(doc(p(t('{service} was down'))));
  });

  it('accepts relative and mailto links', () => {
    expectOk(doc(p(t('x', [link('/incidents/1')]))));
    expectOk(doc(p(t('x', [link('mailto:a@b.example')]))));
    expectOk(doc(p(t('x', [link('HTTPS://EXAMPLE.COM')]))));
  });

  it('normalises presentation-only link attrs', () => {
    const out = expectOk(
      doc(p(t('x', [{ type: 'link', attrs: { href: 'https://a.test', target: '_self', rel: 'opener', class: 'evil' } }]))),
    );
    expect(JSON.stringify(out)).toContain(
      '"attrs":{"href":"https://a.test","target":null,"rel":"noopener noreferrer nofollow","class":null,"title":null}',
    );
  });

  it('refuses unknown node types', () => {
    expectRefused(doc({ type: 'image', attrs: { src: 'https://x.test/a.png' } }), /node type "image"/);
    expectRefused(doc(p(t('a')), { type: 'table', content: [] }), /node type "table"/);
    expectRefused(doc({ type: 'html', text: '<script>alert(1)</script>' }), /node type/);
    expectRefused(doc({ type: '__proto__' }), /node type/);
    expectRefused(doc({ type: 'toString' }), /node type/);
  });

  it('refuses unknown marks', () => {
    expectRefused(doc(p(t('a', [{ type: 'strike' }]))), /mark type "strike"/);
    expectRefused(doc(p(t('a', [{ type: 'underline' }]))), /mark type "underline"/);
    expectRefused(doc(p(t('a', [{ type: 'textStyle', attrs: { color: 'red' } }]))), /mark type/);
  });

  it('refuses nodes in the wrong place and marks where not allowed', () => {
    expectRefused(doc(t('bare text at top level')));
    expectRefused(doc({ type: 'listItem', content: [p(t('x'))] }));
    expectRefused(doc({ type: 'bulletList', content: [p(t('x'))] }));
    expectRefused(doc({ type: 'codeBlock', content: [t('x', [{ type: 'bold' }])] }));
    expectRefused(doc(p(p(t('x')))));
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/\\evil.example',
    'ftp://example.com',
    'www.example.com',
    '',
  ])('refuses link href %j', (href) => {
    expectRefused(doc(p(t('x', [link(href)]))));
    expect(isSafeLinkHref(href)).toBe(false);
  });

  it('refuses a link with a non-string or missing href', () => {
    expectRefused(doc(p(t('x', [{ type: 'link', attrs: { href: 42 } }]))));
    expectRefused(doc(p(t('x', [{ type: 'link' }]))));
    expectRefused(doc(p(t('x', [{ type: 'link', attrs: { href: { toString: 'javascript:1' } } }]))));
  });

  it('refuses non-object garbage', () => {
    for (const garbage of [42, 0, true, false, NaN, Symbol('x'), () => 1, [], [valid], 10n]) {
      expectRefused(garbage);
    }
    expectRefused({ type: 'paragraph', content: [] }, /doc/);
    expectRefused({ content: [] });
    expectRefused('{"type":"paragraph"}');
    expectRefused('{"type":"doc","content":"nope"}');
    expectRefused(new Date());
  });

  it('refuses deep garbage', () => {
    // Wrong shapes deep inside an otherwise valid document.
    expectRefused(doc(p(t('ok')), { type: 'blockquote', content: [p({ type: 'text', text: 5 })] }));
    expectRefused(doc({ type: 'bulletList', content: [{ type: 'listItem', content: [p(null)] }] }));
    expectRefused(doc({ type: 'blockquote', content: [p(t('x', 'bold' as unknown as unknown[]))] }));
    expectRefused(doc({ type: 'blockquote', content: [p(t('x', [null]))] }));
    expectRefused(doc({ type: 'heading', attrs: { level: 9 }, content: [t('x')] }));
    expectRefused(doc({ type: 'heading', attrs: { level: { $gt: 1 } }, content: [t('x')] }));
    expectRefused(doc({ type: 'orderedList', attrs: { start: -5 }, content: [{ type: 'listItem', content: [p()] }] }));
    expectRefused(doc({ type: 'codeBlock', attrs: { language: '"><script>' }, content: [t('x')] }));
    expectRefused(doc(p({ type: 'text', text: '' })));
    expectRefused(doc(p(t('x')), 'string child'));
    // Extremely deep nesting (would blow the stack if walked naively).
    let deep: unknown = p(t('x'));
    for (let i = 0; i < 10_000; i++) deep = { type: 'blockquote', content: [deep] };
    expectRefused(doc(deep), /deep/);
    // Deep nesting of JSON in string form, too.
    expectRefused('{"type":"doc","content":[' + '{"type":"blockquote","content":['.repeat(5000) + ']}'.repeat(5000) + ']}');
    // Huge input.
    expectRefused('x'.repeat(600_000), /too large/);
  });

  it('does not let __proto__ keys pollute anything', () => {
    const payload = JSON.parse(
      '{"type":"doc","content":[{"type":"paragraph","attrs":{"__proto__":{"polluted":1}},"content":[{"type":"text","text":"x"}]}]}',
    );
    parseRichText(payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('isEmptyRichText', () => {
  it('is true for empty values', () => {
    expect(isEmptyRichText(null)).toBe(true);
    expect(isEmptyRichText(undefined)).toBe(true);
    expect(isEmptyRichText('')).toBe(true);
    expect(isEmptyRichText({ type: 'doc' })).toBe(true);
    expect(isEmptyRichText(doc())).toBe(true);
    expect(isEmptyRichText(emptyRichTextDoc())).toBe(true);
    expect(isEmptyRichText(doc(p(), p(), p(t('   '))))).toBe(true);
    expect(isEmptyRichText(doc(p({ type: 'hardBreak' })))).toBe(true);
  });
  it('is false when there is content', () => {
    expect(isEmptyRichText(doc(p(t('x'))))).toBe(false);
    expect(isEmptyRichText(doc(p(), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('a'))] }] }))).toBe(false);
    expect(isEmptyRichText(doc({ type: 'horizontalRule' }))).toBe(false);
    expect(isEmptyRichText('text')).toBe(false);
  });
});

// ---------------------------------------------------------------- plain text
describe('docToPlainText', () => {
  it('joins blocks with newlines and prefixes list items', () => {
    const d = markdownToDoc(
      '# Summary\n\nThe **API** failed.\n\n- one\n- two\n  - nested\n\n3. three\n4. four\n\n> quoted\n\n```\ncode\nblock\n```\n\nline\\\nbreak',
    );
    expect(docToPlainText(d)).toBe(
      'Summary\nThe API failed.\n- one\n- two\n  - nested\n3. three\n4. four\nquoted\ncode\nblock\nline\nbreak',
    );
  });

  it('is safe on any input', () => {
    for (const garbage of [null, undefined, 42, true, [], {}, { type: 'doc', content: 'x' }, { content: [null, 1, 'x'] }]) {
      expect(typeof docToPlainText(garbage)).toBe('string');
    }
    expect(docToPlainText(null)).toBe('');
    expect(docToPlainText(42)).toBe('');
    expect(docToPlainText({ type: 'doc', content: [{ type: 'mystery', content: [t('inner')] }] })).toBe('inner');
    let deep: unknown = p(t('x'));
    for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] };
    expect(docToPlainText(doc(deep))).toBe('');
    const cyclic: Record<string, unknown> = { type: 'doc' };
    cyclic.content = [cyclic];
    expect(typeof docToPlainText(cyclic)).toBe('string');
  });
});

// ---------------------------------------------------------------- read view
describe('RichTextView', () => {
  it('renders every supported construct as elements', () => {
    const d = markdownToDoc(
      '## Title\n\n**b** *i* `c` [l](https://example.com "T")\n\n- a\n  - b\n\n3. x\n4. y\n\n```ts\nconst x = 1 < 2;\n```\n\n> q\n\n---\n\nline\\\nbreak',
    );
    expect(html(d)).toBe(
      '<div class="rich-text">' +
        '<h2>Title</h2>' +
        '<p><strong>b</strong> <em>i</em> <code>c</code> <a href="https://example.com" rel="noopener noreferrer nofollow" title="T">l</a></p>' +
        '<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>' +
        '<ol start="3"><li><p>x</p></li><li><p>y</p></li></ol>' +
        '<pre><code class="language-ts">const x = 1 &lt; 2;</code></pre>' +
        '<blockquote><p>q</p></blockquote>' +
        '<hr/>' +
        '<p>line<br/>break</p>' +
        '</div>',
    );
  });

  it('escapes XSS payloads in text', () => {
    const out = html(doc(p(t('<script>alert(1)</script>')), p(t('<img src=x onerror=alert(1)>', [{ type: 'bold' }]))));
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Also via Markdown input.
    const out2 = html(markdownToDoc('<script>alert(1)</script> <img src=x onerror=alert(1)>'));
    expect(out2).not.toContain('<script>');
    expect(out2).not.toContain('<img');
  });

  it('never renders unsafe hrefs or attribute injection', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', '//evil.test']) {
      const out = html(doc(p(t('click', [link(href)]))));
      expect(out).toBe('<div class="rich-text"><p>click</p></div>');
    }
    const out = html(doc(p(t('x', [link('https://a.test/" onmouseover="alert(1)')]))));
    expect(out).toContain('href="https://a.test/&quot; onmouseover=&quot;alert(1)"');
    expect(html(doc({ type: 'codeBlock', attrs: { language: '"><script>' }, content: [t('x')] }))).toBe(
      '<div class="rich-text"><pre><code>x</code></pre></div>',
    );
  });

  it('renders unknown nodes as text only and ignores unknown marks', () => {
    const out = html(
      doc(
        { type: 'iframe', attrs: { src: 'https://evil.test' }, content: [t('inner text')] },
        p(t('styled', [{ type: 'textStyle', attrs: { style: 'x' } }])),
        { type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } },
      ),
    );
    expect(out).toBe('<div class="rich-text">inner text<p>styled</p></div>');
  });

  it('is safe on garbage', () => {
    for (const garbage of [null, undefined, 42, [], {}, { type: 'doc', content: [null, 1, 'x', { type: 5 }] }]) {
      expect(() => html(garbage)).not.toThrow();
    }
    expect(html(null)).toBe('<div class="rich-text"></div>');
    expect(html('plain <b>string</b>')).toBe('<div class="rich-text"><p>plain &lt;b&gt;string&lt;/b&gt;</p></div>');
    expect(html(doc({ type: 'heading', attrs: { level: 99 }, content: [t('h')] }))).toBe('<div class="rich-text"><h6>h</h6></div>');
  });
});

// ---------------------------------------------------------------- editor (server render)
describe('RichTextEditor server render', () => {
  it('renders a Markdown textarea posting under the field name (no-JS fallback)', () => {
    const d = markdownToDoc('# Impact\n\n- **API** down\n- <script>x</script>');
    const out = renderToString(
      createElement(RichTextEditor, {
        name: 'impact',
        defaultValue: d,
        label: 'Impact',
        id: 'impact-field',
        'aria-describedby': 'impact-help',
      }),
    );
    expect(out).toContain('<textarea name="impact" id="impact-field" aria-label="Impact" aria-describedby="impact-help"');
    expect(out).toContain('# Impact\n\n- **API** down\n- &lt;script&gt;x&lt;/script&gt;</textarea>');
    expect(out).not.toContain('contenteditable');
    expect(out).not.toContain('type="hidden"');
  });

  it('renders an empty textarea for null / invalid defaults', () => {
    expect(renderToString(createElement(RichTextEditor, { name: 'x', defaultValue: null }))).toMatch(
      /<textarea[^>]*name="x"[^>]*><\/textarea>/,
    );
    expect(renderToString(createElement(RichTextEditor, { name: 'x', defaultValue: 42 }))).toMatch(
      /<textarea[^>]*name="x"[^>]*><\/textarea>/,
    );
  });
});

// ---------------------------------------------------------------- real tiptap editor (headless, no DOM)
describe('tiptap Editor with the shared extensions (headless, no DOM)', () => {
  it('imports in Node and builds the same schema', () => {
    expect(typeof document).toBe('undefined');
    const schema = getSchema(richTextExtensions);
    expect(Object.keys(schema.nodes).sort()).toEqual(Object.keys(getRichTextSchema().nodes).sort());
    expect(Object.keys(schema.marks).sort()).toEqual(Object.keys(getRichTextSchema().marks).sort());
  });

  it('produces JSON the server accepts unchanged, for content made with editor commands', () => {
    const editor = new Editor({
      extensions: richTextExtensions,
      content: doc(
        p(t('Timeline')),
        { type: 'heading', attrs: { level: 2 }, content: [t('Links')] },
        p(t('runbook')),
        { type: 'codeBlock', attrs: { language: 'sh' }, content: [t('kubectl rollout undo')] },
        { type: 'blockquote', content: [p(t('quote', [{ type: 'italic' }]))] },
        { type: 'orderedList', attrs: { start: 2 }, content: [{ type: 'listItem', content: [p(t('two', [{ type: 'code' }]))] }] },
      ) as JSONContent,
    });
    try {
      // "Timeline" spans positions 1..9; "runbook" is in the third block.
      expect(editor.chain().setTextSelection({ from: 1, to: 9 }).toggleBold().run()).toBe(true);
      expect(editor.chain().setTextSelection(3).toggleBulletList().run()).toBe(true);
      const runbookFrom = editor.state.doc.textContent.length && findText(editor, 'runbook');
      expect(
        editor
          .chain()
          .setTextSelection({ from: runbookFrom, to: runbookFrom + 7 })
          .setLink({ href: 'https://example.com/rb' })
          .run(),
      ).toBe(true);
      const json = editor.getJSON();
      const res = parseRichText(json);
      expect(res.ok).toBe(true);
      if (res.ok) expect(res.doc).toEqual(json);
      // And the editor JSON survives a trip through Markdown (no-JS users editing it later).
      const md = docToMarkdown(json as RichTextDoc);
      expect(md).toContain('- **Timeline**');
      expect(md).toContain('[runbook](https://example.com/rb)');
      expect(md).toContain('```sh\nkubectl rollout undo\n```');
      expect(docToMarkdown(markdownToDoc(md))).toBe(md);
      // The posted form value (JSON string) validates too.
      expect(parseRichText(JSON.stringify(json)).ok).toBe(true);
    } finally {
      editor.destroy();
    }
  });

  it('refuses javascript: links through the editor link command', () => {
    const editor = new Editor({ extensions: richTextExtensions, content: markdownToDoc('click me') as JSONContent });
    try {
      editor.commands.selectAll();
      expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
      expect(editor.commands.setLink({ href: 'data:text/html,x' })).toBe(false);
      expect(editor.commands.setLink({ href: 'https://ok.example' })).toBe(true);
      expect(collectHrefs(editor.getJSON())).toEqual(['https://ok.example']);
    } finally {
      editor.destroy();
    }
  });

  it('editor output has no strike/underline support', () => {
    // (Without `content` tiptap parses '' as HTML, which needs a DOM; the component always passes JSON.)
    const editor = new Editor({ extensions: richTextExtensions, content: emptyRichTextDoc() as JSONContent });
    try {
      expect(editor.schema.marks.strike).toBeUndefined();
      expect(editor.schema.marks.underline).toBeUndefined();
      expect(isEmptyRichText(editor.getJSON())).toBe(true);
      expect(editor.getJSON()).toEqual(emptyRichTextDoc());
    } finally {
      editor.destroy();
    }
  });
});
