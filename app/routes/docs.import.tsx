import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, parseIntent } from '~/lib/route.server';
import { z } from 'zod';
import { importMarkdownDocument, previewMarkdownImport } from '~/models/document-markdown.server';
import { listTemplates } from '~/models/template.server';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Import Markdown · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'editor');
  const templates = await listTemplates(context.db, { latestOnly: true });
  return { templates: templates.map((t) => ({ key: t.key, version: t.version, title: t.title })) };
}

/** The pasted text, or the uploaded .md file's when one was chosen. */
async function markdownOf(form: FormData): Promise<string> {
  const file = form.get('file');
  if (file && typeof file !== 'string' && file.size > 0) return (await file.text()).slice(0, 500_001);
  return String(form.get('markdown') ?? '');
}

/** Preview what goes where, or create the draft; the Markdown itself is checked by the model, whose issues show by each input. */
function importIntents() {
  return z.object({ intent: z.enum(['preview', 'create']) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const { intent } = parseIntent(form, importIntents, 'preview');
  const values = { template: String(form.get('template') ?? ''), title: String(form.get('title') ?? ''), markdown: await markdownOf(form) };
  const input = { template: values.template, markdown: values.markdown, ...(values.title.trim() ? { title: values.title } : {}) };
  try {
    if (intent === 'create') {
      const { doc } = await importMarkdownDocument(context.db, { actor, input });
      return redirect(`/docs/${doc.id}/edit`);
    }
    const p = await previewMarkdownImport(context.db, { input });
    const labelOf = new Map(p.template.sections.flatMap((s) => s.fields.map((f) => [f.key, f.label] as const)));
    return {
      ok: true as const,
      values,
      preview: {
        title: p.title,
        meta: p.meta,
        report: p.report,
        fields: Object.entries(p.fields).map(([key, v]) => ({ label: labelOf.get(key) ?? key, summary: summaryOf(v) })),
      },
    };
  } catch (e) {
    return formFailure(e, { values });
  }
}

/** A short plain-text look at a raw value for the preview (rendered as text, never as HTML). */
function summaryOf(v: unknown): string {
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (Array.isArray(v))
    return `${v.length} item${v.length === 1 ? '' : 's'}: ${v
      .slice(0, 3)
      .map((x) =>
        typeof x === 'string'
          ? x
          : ((x as { title?: string; text?: string; url?: string }).title ??
            (x as { text?: string }).text ??
            (x as { url?: string }).url ??
            ''),
      )
      .join(' · ')}${v.length > 3 ? ' …' : ''}`;
  if (v && typeof v === 'object') return `${Object.keys(v).length} answered`;
  return String(v);
}

const HOW: Record<string, string> = {
  exact: 'by title',
  synonym: 'by a common name',
  nearest: 'nearest section (no match)',
  kept: 'kept in the text above',
  title: 'document title',
  derived: 'worked out by Kaizen, not read',
  none: 'nowhere',
};

export default function ImportMarkdown() {
  const { templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result as { values?: Record<string, string> } | undefined)?.values ?? {};
  const errors = (result && 'errors' in result ? result.errors : {}) as Record<string, string>;
  const preview = result && 'preview' in result ? result.preview : undefined;
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>Import Markdown</h1>
      <p className="muted">
        Paste a postmortem or upload a .md file. Headings go to the template's sections by title; preview first to see what goes where.
      </p>
      {result && 'message' in result && result.message ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack card">
        <CsrfInput />
        <div>
          <label htmlFor="template">Template</label>
          <select id="template" name="template" defaultValue={values.template || templates[0]?.key} aria-invalid={!!errors.template}>
            {templates.map((t) => (
              <option key={t.key} value={t.key}>
                {t.title} (v{t.version})
              </option>
            ))}
          </select>
          {errors.template ? <p className="field-error">{errors.template}</p> : null}
        </div>
        <div>
          <label htmlFor="title">Title (optional: the first # heading otherwise)</label>
          <input id="title" name="title" maxLength={300} defaultValue={values.title} />
        </div>
        <div>
          <label htmlFor="markdown">Markdown</label>
          <textarea id="markdown" name="markdown" rows={16} defaultValue={values.markdown} aria-invalid={!!errors.markdown} />
          {errors.markdown ? <p className="field-error">{errors.markdown}</p> : null}
        </div>
        <div>
          <label htmlFor="file">…or upload a .md file</label>
          <input id="file" name="file" type="file" accept=".md,.markdown,text/markdown,text/plain" />
        </div>
        <div className="row">
          <button type="submit" name="intent" value="preview" disabled={busy}>
            Preview
          </button>
          <button type="submit" name="intent" value="create" className="secondary" disabled={busy}>
            Create draft
          </button>
        </div>
      </Form>
      {preview ? (
        <section className="stack card" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview: {preview.title}</h2>
          {preview.meta.severity || preview.meta.service ? (
            <p>
              {preview.meta.severity ? `Severity ${preview.meta.severity}. ` : ''}
              {preview.meta.service ? `Service ${preview.meta.service}.` : ''}
            </p>
          ) : null}
          <h3>Headings</h3>
          <table>
            <thead>
              <tr>
                <th>Line</th>
                <th>Heading</th>
                <th>Goes to</th>
                <th>How</th>
              </tr>
            </thead>
            <tbody>
              {preview.report.headings.map((h) => (
                <tr key={h.line}>
                  <td>{h.line}</td>
                  <td>{h.heading}</td>
                  <td>{h.field ? `${h.section} › ${h.field}` : (h.section ?? '—')}</td>
                  <td>{HOW[h.how] ?? h.how}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Fields filled</h3>
          {preview.fields.length ? (
            <ul>
              {preview.fields.map((f) => (
                <li key={f.label}>
                  <strong>{f.label}</strong>: {f.summary}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">No field would be filled.</p>
          )}
          {preview.report.warnings.length ? (
            <>
              <h3>Warnings</h3>
              <ul>
                {preview.report.warnings.map((w, i) => (
                  <li key={i}>
                    Line {w.line}: {w.text} — {w.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>Lines not taken</h3>
          {preview.report.unparsed.length ? (
            <ul>
              {preview.report.unparsed.map((u, i) => (
                <li key={i}>
                  Line {u.line}: <code>{u.text}</code> — {u.reason}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Every line was taken.</p>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
