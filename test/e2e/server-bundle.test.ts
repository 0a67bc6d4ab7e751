import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// The built server (`npm run build`) must not load browser-only or rarely used packages at start-up: they cost start
// time and idle memory (issue 14). The editor and the co-editing client live in `.client` modules (empty on the
// server); nodemailer is imported when the email sender starts.
describe('the server bundle', () => {
  const bundle = fs.readFileSync(new URL('../../build/index.js', import.meta.url), 'utf8');
  const staticImports = new Set([...bundle.matchAll(/^import [^;]*?from "([^"]+)"/gm)].map((m) => m[1]));

  it('imports the packages it needs at start-up', () => {
    // A parse that found nothing would pass the next test for the wrong reason.
    for (const needed of ['react-dom/server', 'drizzle-orm', '@tiptap/starter-kit']) expect(staticImports).toContain(needed);
  });

  it('does not import the browser editor, the co-editing client or nodemailer at start-up', () => {
    for (const lazy of [
      '@tiptap/react',
      '@tiptap/extension-collaboration',
      '@tiptap/extension-collaboration-caret',
      '@hocuspocus/provider',
      'nodemailer',
    ])
      expect(staticImports, lazy).not.toContain(lazy);
    expect(bundle).toContain('import("nodemailer")');
  });
});
