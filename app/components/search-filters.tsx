import { snippetPieces } from '~/lib/search-query';

/** The labelled template picker of the document list and library filters. */
export function TemplateSelect({ templates, defaultValue }: { templates: { key: string; title: string }[]; defaultValue: string }) {
  return (
    <div>
      <label htmlFor="template">Template</label>
      <select id="template" name="template" defaultValue={defaultValue}>
        <option value="">Any</option>
        {templates.map((t) => (
          <option key={t.key} value={t.key}>
            {t.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled text filter (service, tag…) named like its query parameter. */
export function TextFilter({ name, label, defaultValue }: { name: string; label: string; defaultValue: string }) {
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} defaultValue={defaultValue} />
    </div>
  );
}

/** A search snippet's text with its hits as <mark> (React elements from offsets: stored text never becomes HTML). */
export function SnippetText({ text, marks }: { text: string; marks: [number, number][] }) {
  return <>{snippetPieces(text, marks).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}
