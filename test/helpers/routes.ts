import fs from 'node:fs';
import path from 'node:path';

/** The route files of the app; tests derive their URL lists from these, so a new route is covered without anyone adding it. */
export const ROUTES_DIR = path.resolve('app/routes');
/** Route files as Remix's flat-routes convention sees them (a folder counts once, by its name). */
export function routeFiles(): string[] {
  return fs
    .readdirSync(ROUTES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() || /\.(tsx?|jsx?)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** `docs.$id_.edit.tsx` → `/docs/:id/edit`, `docs.$id[.pdf].ts` → `/docs/:id.pdf`, `api.v1.$.ts` → `/api/v1/*`. */
export function urlPattern(file: string): string {
  const name = file.replace(/\.(tsx?|jsx?)$/, '');
  const segments: string[] = [];
  let cur = '';
  let escaped = false;
  for (const ch of name) {
    if (ch === '[') escaped = true;
    else if (ch === ']') escaped = false;
    else if (ch === '.' && !escaped) {
      segments.push(cur);
      cur = '';
    } else cur += escaped ? `\u0000${ch}` : ch;
  }
  segments.push(cur);
  const parts = segments
    .map((s) => {
      const raw = s.replace(/\u0000/g, '');
      if (s === '_index') return '';
      if (s.startsWith('_')) return ''; // pathless layout
      const t = s.endsWith('_') ? s.slice(0, -1) : s;
      if (t === '$') return '*';
      if (t.startsWith('$'))
        return `:${t.slice(1).replace(/\u0000/g, '')}`.replace(/^(:[A-Za-z]+)(.*)$/, (_, p, rest) => `${p}${rest.replace(/\u0000/g, '')}`);
      return t.replace(/\u0000/g, '') || raw;
    })
    .filter((s) => s !== '');
  return `/${parts.join('/')}`;
}
