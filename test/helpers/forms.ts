/** The edit form as a browser without JavaScript posts it, read from a page's HTML. */
export const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
export const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : null;
};

/**
 * What a browser without JavaScript would post from the edit form in this HTML: inputs (checked
 * boxes and radios only), textareas and each select's selected option. `edit` changes or adds values.
 */
export function formOf(html: string, edit: Record<string, string | null> = {}): URLSearchParams {
  const start = html.lastIndexOf('<form', html.indexOf('name="version"'));
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name) continue;
    if (tag.startsWith('<input')) {
      const type = attr(tag, 'type') ?? 'text';
      if (type === 'submit') continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked=""/.test(tag)) continue;
      out.push([name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    } else if (tag.startsWith('<textarea')) out.push([name, decode(m[1]).replace(/^\n/, '')]);
    else {
      const options = [...m[2].matchAll(/(<option\b[^>]*>)([^<]*)<\/option>/g)];
      const sel = options.find((o) => /\sselected=""/.test(o[1])) ?? options[0];
      out.push([name, sel ? (attr(sel[1], 'value') ?? decode(sel[2])) : '']);
    }
  }
  const body = new URLSearchParams();
  for (const [k, v] of out) if (!(k in edit)) body.append(k, v);
  for (const [k, v] of Object.entries(edit)) if (v !== null) body.append(k, v);
  body.set('intent', 'save');
  return body;
}
