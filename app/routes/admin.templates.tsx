import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { HttpError, validationError } from '~/lib/errors.server';
import { z } from 'zod';
import { formFailure, parseIntent } from '~/lib/route.server';
import { addCustomTemplate, getTemplate, listTemplates } from '~/models/template.server';
import { TemplateSchema, type Template } from '../../templates/schema';
import { templateRoles } from '../../templates/roles';
import { TemplateFormSections } from '~/components/field-inputs';
import { CsrfInput } from '~/components/csrf';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'Templates · Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const list = await listTemplates(context.db);
  // ?from=key@version starts the editor from a stored version, with the version bumped.
  const from = /^([a-z][a-z0-9-]{1,62})@(\d{1,9})$/.exec(new URL(request.url).searchParams.get('from') ?? '');
  let start = '';
  if (from) {
    const t = await getTemplate(context.db, { key: from[1], version: Number(from[2]) }).catch(() => null);
    const latest = list.filter((l) => l.key === from[1]).reduce((m, l) => Math.max(m, l.version), 0);
    // The roles are written out (a version stored before roles existed gets the ones it was read with), so the new version declares them.
    if (t) start = JSON.stringify({ ...t, roles: templateRoles(t), key: t.key, version: latest + 1 }, null, 2);
  }
  return {
    templates: list.map((t) => ({
      key: t.key,
      version: t.version,
      kind: t.kind,
      title: t.title,
      builtIn: t.builtIn,
      sections: t.sections.length,
    })),
    start,
  };
}

function parseDefinition(text: string): Template {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', 'The definition is not valid JSON.', [
      { path: ['definition'], message: (e as Error).message },
    ]);
  }
  const r = TemplateSchema.safeParse(json);
  if (!r.success) throw validationError(r.error, ['definition']);
  return r.data;
}

/** The form of this page, sent by one of two buttons: preview the definition, or create the template. */
function templateIntents() {
  const definition = z.string().default('');
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('preview'), definition }),
    z.object({ intent: z.literal('create'), definition }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const { intent, definition } = parseIntent(form, templateIntents, 'preview');
  try {
    if (definition.length > 500_000)
      throw new HttpError(413, 'too_large', 'The definition is larger than 500 kB.', [{ path: ['definition'], message: 'too large' }]);
    const template = parseDefinition(definition);
    if (intent === 'preview')
      return {
        ok: true as const,
        intent,
        definition,
        preview: template,
        message: 'The definition is valid. The preview below shows the form it makes.',
      };
    const saved = await addCustomTemplate(context.db, { actor, definition: template, ip: clientIp(request, context) });
    return {
      ok: true as const,
      intent,
      definition: '',
      preview: saved,
      message: `Template ${saved.key} version ${saved.version} created. New documents can use it; existing documents keep their version.`,
    };
  } catch (e) {
    if (e instanceof HttpError)
      return formFailure(e, {
        intent,
        definition,
        issues: (e.issues ?? []).map((i) => `${i.path.slice(1).join('.') || 'definition'}: ${i.message}`),
      });
    throw e;
  }
}

export default function AdminTemplates() {
  const { templates, start } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failed = result && !result.ok ? (result as typeof result & { issues: string[]; definition: string }) : null;
  const definition = failed ? failed.definition : result?.ok && result.intent === 'preview' ? result.definition : start;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Templates</h1>
      {templates.length === 0 ? (
        <p className="empty">No templates are installed.</p>
      ) : (
        <TableScroll label="Templates">
          <table className="data" aria-label="Templates">
            <thead>
              <tr>
                <th>Key</th>
                <th>Version</th>
                <th>Title</th>
                <th>Kind</th>
                <th>Source</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={`${t.key}@${t.version}`}>
                  <td>
                    <code>{t.key}</code>
                  </td>
                  <td>{t.version}</td>
                  <td>{t.title}</td>
                  <td>{t.kind}</td>
                  <td>{t.builtIn ? 'built-in' : 'custom'}</td>
                  <td>{t.builtIn ? null : <Link to={`?from=${t.key}@${t.version}`}>New version from this</Link>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="card">
        <h2>Add a custom template or a new version</h2>
        <p className="help">
          Paste a JSON definition (key, version, kind <code>rca</code> or <code>checklist</code>, title, sections with typed fields). A
          stored key and version never change: to change a template, raise its version. Built-in keys are reserved.
        </p>
        {result?.ok ? (
          <p className="banner ok" role="status">
            {result.message}
          </p>
        ) : failed ? (
          <div className="banner error" role="alert">
            <p>{failed.message}</p>
          </div>
        ) : null}
        <Form method="post" className="stack" key={result?.ok && result.intent === 'create' ? result.message : 'definition'}>
          <CsrfInput />
          <label htmlFor="definition">Definition (JSON)</label>
          <textarea
            id="definition"
            name="definition"
            rows={18}
            spellCheck={false}
            defaultValue={definition}
            aria-invalid={!!failed}
            aria-describedby={failed ? 'definition-error' : undefined}
            style={{ fontFamily: 'monospace' }}
          />
          {failed?.issues.length ? (
            <ul className="field-error" id="definition-error">
              {failed.issues.slice(0, 20).map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          ) : null}
          <div className="row" style={{ justifyContent: 'flex-start' }}>
            <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
              Preview
            </button>
            <button type="submit" name="intent" value="create" disabled={busy}>
              Create template
            </button>
          </div>
        </Form>
      </section>
      {result?.ok && result.preview ? (
        <section aria-label="Preview">
          <h2>
            Preview: {result.preview.title} <span className="muted">v{result.preview.version}</span>
          </h2>
          {/* Read-only: a disabled fieldset turns off every input the form sections render. */}
          <fieldset disabled style={{ border: 'none', padding: 0 }}>
            <TemplateFormSections template={result.preview as Template} values={{}} errors={{}} />
          </fieldset>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
