/** The same content as the PDF, as print HTML, for the headless-Chromium baseline in bench/pdf.ts. */
import type { Field } from '../../templates/schema';
import type { DocumentView } from '../../app/models/types';
import { formatDuration, formatUtc } from '../../app/pdf/format';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
type Pm = {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type?: string; attrs?: Record<string, unknown> }[];
  content?: Pm[];
};

function inline(n: Pm): string {
  if (n.type === 'hardBreak') return '<br>';
  let h = esc(n.text);
  for (const m of n.marks ?? []) {
    if (m.type === 'bold') h = `<b>${h}</b>`;
    else if (m.type === 'italic') h = `<i>${h}</i>`;
    else if (m.type === 'code') h = `<code>${h}</code>`;
    else if (m.type === 'link') h = `<a href="${esc(m.attrs?.href)}">${h}</a>`;
  }
  return h;
}
function block(n: Pm): string {
  const c = (n.content ?? []).map(block).join('');
  switch (n.type) {
    case 'doc':
      return c;
    case 'paragraph':
      return `<p>${(n.content ?? []).map(inline).join('')}</p>`;
    case 'heading':
      return `<h${Number(n.attrs?.level ?? 1) + 2}>${(n.content ?? []).map(inline).join('')}</h${Number(n.attrs?.level ?? 1) + 2}>`;
    case 'bulletList':
      return `<ul>${c}</ul>`;
    case 'orderedList':
      return `<ol start="${Number(n.attrs?.start ?? 1)}">${c}</ol>`;
    case 'listItem':
      return `<li>${c}</li>`;
    case 'codeBlock':
      return `<pre>${esc((n.content ?? []).map((x) => x.text).join(''))}</pre>`;
    case 'blockquote':
      return `<blockquote>${c}</blockquote>`;
    case 'horizontalRule':
      return '<hr>';
    default:
      return (n.content ?? []).map(inline).join('');
  }
}

function fact(f: Field, d: DocumentView): string {
  const v = d.fields[f.key];
  switch (f.type) {
    case 'datetime':
      return esc(formatUtc(v as string));
    case 'people':
      return esc(((v as string[]) ?? []).join(', '));
    case 'links':
      return ((v as { url: string; label?: string }[]) ?? [])
        .map((l) => `${l.label ? esc(l.label) + ': ' : ''}<a href="${esc(l.url)}">${esc(l.url)}</a>`)
        .join('<br>');
    case 'computed':
      return esc(formatDuration(d.computed[f.output]));
    case 'richtext':
      return block(v as Pm);
    default:
      return esc(v ?? '—');
  }
}

function body(f: Field, d: DocumentView): string {
  const v = d.fields[f.key];
  if (f.type === 'richtext') return block((v as Pm) ?? {});
  if (f.type === 'timeline') {
    const rows = ((v as { at: string; text: string; marker?: string }[]) ?? [])
      .map((e) => `<tr><td>${esc(formatUtc(e.at))}</td><td><b>${esc(e.marker ?? '')}</b></td><td>${esc(e.text)}</td></tr>`)
      .join('');
    return `<table><thead><tr><th>Time (UTC)</th><th>Marker</th><th>Event</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  if (f.type === 'actions') {
    const rows = d.actionItems
      .filter((a) => a.fieldKey === f.key)
      .map(
        (a) =>
          `<tr><td>${esc(a.title)}<br><a href="${esc(a.url)}">${esc(a.url)}</a></td><td>${esc(a.kind)}</td><td>${esc(a.owner)}</td><td>${esc(a.dueDate)}</td><td>${esc(a.status)}</td></tr>`,
      )
      .join('');
    return `<table><thead><tr><th>Action item</th><th>Kind</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  return `<p>${fact(f, d)}</p>`;
}

export function documentHtml(d: DocumentView, _exportedAt: Date): string {
  let n = 0;
  const sections = d.template.sections.map((s) => {
    if (s.layout === 'header')
      return `<table class="facts">${s.fields.map((f) => `<tr><th>${esc(f.label)}</th><td>${fact(f, d)}</td></tr>`).join('')}</table>`;
    n += 1;
    return `<h2>${n}. ${esc(s.title)}</h2>${s.fields.map((f) => body(f, d)).join('')}`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(d.title)}</title><style>
  @page { size: A4; margin: 40px 44px 56px; }
  body { font-family: 'Noto Sans', sans-serif; font-size: 9.5pt; line-height: 1.35; color: #1a1a1a; }
  h1 { font-size: 18pt; margin: 0 0 6px; } h2 { font-size: 13pt; } .meta { color: #5c5c5c; font-size: 9pt; }
  table { width: 100%; border-collapse: collapse; font-size: 8.5pt; } th, td { text-align: left; vertical-align: top; border-bottom: 0.5pt solid #c8c8c8; padding: 2px 6px 2px 0; }
  thead { display: table-header-group; } tr { break-inside: avoid; } thead th { background: #eef0f3; }
  .facts th { width: 34%; } pre { background: #f4f4f4; padding: 5px; font-size: 8.5pt; white-space: pre-wrap; } blockquote { border-left: 2px solid #c8c8c8; margin-left: 0; padding-left: 8px; }
  </style></head><body>
  <h1>${esc(d.title)}</h1>
  <div class="meta"><b>Kind:</b> ${esc(d.kind.toUpperCase())} <b>Status:</b> ${esc(d.status)} <b>Severity:</b> ${esc(d.severity)} <b>Service:</b> ${esc(d.service)}</div>
  <div class="meta"><b>Template:</b> ${esc(d.template.key)} v${d.template.version} <b>Document:</b> ${esc(d.id)} <b>Version:</b> ${d.version}</div>
  <hr>${sections.join('')}
  </body></html>`;
}

export const CHROMIUM_FOOTER = (d: DocumentView, exportedAt: Date) =>
  `<div style="font-size:7px;width:100%;margin:0 44px;color:#5c5c5c;display:flex;justify-content:space-between"><span>Kaizen | document ${esc(d.id)} | version ${d.version} | exported ${esc(formatUtc(exportedAt.toISOString()))}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
