import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, orThrowPage } from '~/lib/route.server';
import { documentToFormValues, formToFields, pasteRequest, type FormValues } from '~/lib/document-form';
import { getDocument, readinessIssues, updateDocument } from '~/models/document.server';
import { parseTimelinePaste } from '~/lib/timeline-paste';
import { datetimeWarnings } from '~/lib/fields.server';
import { TemplateFormSections } from '~/components/field-inputs';
import { CsrfInput } from '~/components/csrf';
import { DocumentBody } from '~/components/document-view';
import { SeveritySelect } from '~/components/severity-select';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.doc.title} · Kaizen` : 'Edit · Kaizen' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'editor');
  const doc = await orThrowPage(getDocument(context.db, { actor, id: params.id ?? '' }));
  if (doc.status === 'published' || doc.status === 'archived') throw redirect(`/docs/${doc.id}`);
  // ?missing=in_review|published: a refused transition sent the author here; show every issue next to its field.
  const target = new URL(request.url).searchParams.get('missing');
  const missing = target === 'in_review' || target === 'published' ? { to: target, issues: readinessIssues(doc) } : null;
  return { doc, values: documentToFormValues(doc.template, doc), missing };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const id = params.id ?? '';
  const current = await orThrowPage(getDocument(context.db, { actor, id }));
  const template = current.template;
  const { values, raw } = formToFields(template, form);
  const meta = { title: String(form.get('title') ?? ''), severity: String(form.get('severity') ?? ''), service: String(form.get('service') ?? ''), tags: String(form.get('tags') ?? '') };
  const version = Number(form.get('version'));
  if (form.get('intent') === 'paste-timeline') {
    // Without JavaScript: turn the paste into proposals for review; nothing is saved yet.
    const req = pasteRequest(template, form);
    const parsed = req ? parseTimelinePaste(req.text, { assumeDate: req.date, assumeZone: req.zone }) : { entries: [], unparsed: [] };
    return { ok: true as const, kind: 'paste' as const, values, meta, version, paste: req ? { ...req, ...parsed } : undefined };
  }
  try {
    await updateDocument(context.db, { actor, id, input: { version, ...meta, fields: raw } });
  } catch (e) {
    return formFailure(e, { values, meta, version });
  }
  const warnings = datetimeWarnings(template, raw);
  const next = new URLSearchParams(Object.keys(warnings).length ? { warnings: JSON.stringify(warnings) } : { saved: '1' });
  const missing = new URL(request.url).searchParams.get('missing');
  if (missing) next.set('missing', missing);
  return redirect(`/docs/${id}/edit?${next.toString()}`);
}

export default function EditDocument() {
  const { doc, values: loaded } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state === 'submitting' && nav.formData?.get('intent') !== 'paste-timeline';
  const { missing } = useLoaderData<typeof loader>();
  const failed = result && !result.ok ? (result as typeof result & { values: FormValues; meta: Record<string, string>; version: number }) : null;
  const pasted = result && result.ok && 'kind' in result ? result : null;
  const values = failed?.values ?? pasted?.values ?? loaded;
  const meta = failed?.meta ?? pasted?.meta ?? { title: doc.title, severity: doc.severity ?? '', service: doc.service ?? '', tags: doc.tags.join(', ') };
  const errors = failed?.errors ?? (missing && !pasted ? issuesByPathClient(missing.issues) : {});
  const conflict = failed?.code === 'conflict' ? (failed.conflict as typeof doc | undefined) : undefined;
  // After a conflict the form carries the newer version: saving again is a deliberate choice to keep these values.
  const version = conflict ? conflict.version : doc.version;
  const [params] = useSearchParams();
  let warnings: Record<string, string[]> = {};
  try {
    warnings = params.get('warnings') ? JSON.parse(params.get('warnings')!) : {};
  } catch {
    warnings = {};
  }
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Edit: {doc.title}</h1>
        <Link to={`/docs/${doc.id}`} className="button secondary">
          View
        </Link>
      </div>
      {params.get('saved') && !failed ? (
        <p className="banner ok" role="status">
          Saved as version {doc.version}.
        </p>
      ) : null}
      {missing && !failed ? (
        missing.issues.length ? (
          <div className="banner error" role="alert">
            <p>
              <strong>
                {missing.issues.length} {missing.issues.length === 1 ? 'thing is' : 'things are'} missing before this can be {missing.to === 'published' ? 'published' : 'sent for review'}.
              </strong>{' '}
              Each is marked next to its field below:
            </p>
            <ul>
              {missing.issues.map((i) => (
                <li key={i.path.join('.')}>
                  <a href={`#${i.path[0] === 'title' ? 'title' : `field-${i.path[1]}`}`}>{i.message}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="banner ok" role="status">
            Nothing is missing now. <Link to={`/docs/${doc.id}`}>Go back to the document</Link> to submit it.
          </p>
        )
      ) : null}
      {failed ? (
        <div className={`banner ${conflict ? 'warn' : 'error'}`} role="alert">
          <p>
            <strong>{conflict ? 'Not saved: this document changed while you were editing.' : 'Not saved.'}</strong> {failed.message}
          </p>
          {failed.code === 'invalid' ? <p>Fix the fields marked below; everything you typed is still in the form.</p> : null}
          {conflict ? (
            <p>
              Your text is still in the form below. The newer version {conflict.version} is shown underneath. Save again to replace it with yours, or{' '}
              <Link to={`/docs/${doc.id}/edit`} reloadDocument>
                discard your changes and load version {conflict.version}
              </Link>
              .
            </p>
          ) : null}
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate>
        {/* The first submit button is what Enter in a field presses: make it Save, not "Propose entries". */}
        <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
          Save
        </button>
        <CsrfInput />
        <input type="hidden" name="version" value={version} />
        <div className="card stack">
          <div>
            <label htmlFor="title">Title</label>
            <input id="title" name="title" defaultValue={meta.title} maxLength={300} aria-invalid={!!errors.title} aria-describedby={errors.title ? 'title-error' : undefined} />
            {errors.title ? (
              <p className="field-error" id="title-error">
                {errors.title}
              </p>
            ) : null}
          </div>
          <div className="row">
            <SeveritySelect defaultValue={meta.severity} />
            <div>
              <label htmlFor="service">Service</label>
              <input id="service" name="service" defaultValue={meta.service} />
            </div>
            <div>
              <label htmlFor="tags">Tags</label>
              <input id="tags" name="tags" defaultValue={meta.tags} placeholder="comma, separated" aria-invalid={!!errors.tags} />
              {errors.tags ? <p className="field-error">{errors.tags}</p> : null}
            </div>
          </div>
        </div>
        <TemplateFormSections key={version} template={doc.template} values={values} errors={errors} warnings={warnings} paste={pasted?.paste} />
        <div className="toolbar">
          <button type="submit" name="intent" value="save" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <span className="muted">Editing version {version}. Times are stored and shown in UTC.</span>
        </div>
      </Form>
      {conflict ? (
        <section className="card" aria-label="Newer version">
          <h2>The newer version {conflict.version}</h2>
          <DocumentBody doc={conflict} />
        </section>
      ) : null}
    </>
  );
}

/** `{ "fields.timeline": "message" }` from model issues (issuesByPath lives in a server module). */
function issuesByPathClient(issues: { path: (string | number)[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.join('.')] ??= i.message;
  return out;
}
