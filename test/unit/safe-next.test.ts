import { describe, expect, it } from 'vitest';
import { safeNext } from '../../app/lib/safe-next';

describe('safeNext: only same-origin paths survive', () => {
  const kept: [string, string][] = [
    ['/', '/'],
    ['/docs', '/docs'],
    ['/docs?q=a%20b&status=draft', '/docs?q=a%20b&status=draft'],
    ['/docs/123/edit#field-title', '/docs/123/edit#field-title'],
    ['/a/../docs', '/docs'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], // an encoded slash stays a path segment here
    ['/%5Cevil.example', '/%5Cevil.example'],
  ];
  for (const [input, want] of kept) it(`keeps ${JSON.stringify(input)}`, () => expect(safeNext(input)).toBe(want));

  const refused = [
    null,
    undefined,
    '',
    42,
    '//evil.example',
    '//evil.example/a',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example/a',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\r/evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/ /evil.example',
    '/\u0000/evil.example',
    '/\u000b/evil.example',
    '/\u00a0/evil.example',
    '/\u2028/evil.example',
    '/\ud800',
    '/.//evil.example',
    '/./\\evil.example',
    '/a/..//evil.example',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    '/javascript:alert(1)'.slice(1),
    'data:text/html,<script>alert(1)</script>',
    'http://evil.example/',
    'https://evil.example',
    'https:evil.example',
    'evil.example',
    'docs',
    '?next=//evil',
    '#x',
    '/' + 'a'.repeat(5000),
  ];
  for (const input of refused) it(`sends ${JSON.stringify(input)} to /`, () => expect(safeNext(input)).toBe('/'));

  it('never returns anything a browser would resolve off-site', () => {
    const nasty = ['/', '\\', '\t', '\n', '\r', '\u0000', '%2f', '%5c', '%09', '.', '..', 'evil.example', ':', '@', ' ', 'javascript:'];
    for (const a of nasty)
      for (const b of nasty)
        for (const c of nasty) {
          const out = safeNext(`/${a}${b}${c}`);
          expect(new URL(out, 'https://kaizen.example').origin, JSON.stringify(`/${a}${b}${c}`)).toBe('https://kaizen.example');
          expect(out.startsWith('/') && !out.startsWith('//') && !/[\\\s\u0000-\u001f]/.test(out), JSON.stringify(out)).toBe(true);
        }
  });
});
