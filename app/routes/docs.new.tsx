import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, parseIntent } from '~/lib/route.server';
import { createDocument } from '~/models/document.server';
import { listTemplates } from '~/models/template.server';
import { CsrfInput } from '~/components/csrf';
import { SeveritySelect } from '~/components/severity-select';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'New document · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'editor');
  const templates = await listTemplates(context.db, { latestOnly: true });
  // ?template=<key> or ?kind=checklist|rca preselects a template (e.g. "New launch review" on /launches).
  const q = new URL(request.url).searchParams;
  const preselect = templates.find((t) => t.key === q.get('template')) ?? templates.find((t) => t.kind === q.get('kind')) ?? templates[0];
  return {
    templates: templates.map((t) => ({ key: t.key, version: t.version, title: t.title, description: t.description, kind: t.kind })),
    preselect: preselect?.key ?? null,
  };
}

/** The one form of this page; what is typed is checked by createDocument, whose issues show by each input. */
function newDocumentIntents() {
  const text = z.string().default('');
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('create'), template: text, title: text, severity: text, service: text }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const { intent: _, ...values } = parseIntent(form, newDocumentIntents, 'create');
  try {
    const doc = await createDocument(context.db, {
      actor,
      input: { template: values.template, title: values.title, severity: values.severity || null, service: values.service || null },
    });
    return redirect(`/docs/${doc.id}/edit`);
  } catch (e) {
    return formFailure(e, { values });
  }
}

export default function NewDocument() {
  const { templates, preselect } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result as { values?: Record<string, string> } | undefined)?.values ?? {};
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>New document</h1>
      {result?.message ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="stack card">
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <fieldset style={{ border: 'none', padding: 0 }}>
          <legend>
            <strong>Template</strong>
          </legend>
          {templates.length === 0 ? <p className="empty">No templates are installed.</p> : null}
          {templates.map((t, i) => (
            <label key={t.key} className="card" style={{ fontWeight: 'normal', cursor: 'pointer' }}>
              <input
                type="radio"
                name="template"
                value={t.key}
                defaultChecked={values.template ? values.template === t.key : preselect ? preselect === t.key : i === 0}
              />{' '}
              <strong>{t.title}</strong>{' '}
              <span className="muted">
                ({t.kind === 'rca' ? 'incident report' : 'launch checklist'}, v{t.version})
              </span>
              <div className="help">{t.description}</div>
            </label>
          ))}
          {errors.template ? <p className="field-error">{errors.template}</p> : null}
        </fieldset>
        <div>
          <label htmlFor="title">Title</label>
          <input
            id="title"
            name="title"
            required
            maxLength={300}
            defaultValue={values.title}
            aria-invalid={!!errors.title}
            aria-describedby={errors.title ? 'title-error' : undefined}
          />
          {errors.title ? (
            <p className="field-error" id="title-error">
              {errors.title}
            </p>
          ) : null}
        </div>
        <div className="row">
          <SeveritySelect defaultValue={values.severity ?? ''} />
          <div>
            <label htmlFor="service">Service</label>
            <input id="service" name="service" defaultValue={values.service} />
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create and start writing'}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
