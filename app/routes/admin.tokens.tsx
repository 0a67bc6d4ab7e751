import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { badRequest, zodIssues } from '~/lib/errors.server';
import { formFailure, pageParam, parseIntent } from '~/lib/route.server';
import { CreateApiTokenSchema, createApiToken, listApiTokens, listUsers, revokeApiToken } from '~/models/user.server';
import { CsrfInput } from '~/components/csrf';
import { FormField } from '~/components/form-field';
import { formatUtc } from '~/lib/time';
import { NumberedPager } from '~/components/pager';
import { RouteErrorBoundary, errorTitle } from '~/components/route-error';
import { TableScroll } from '~/components/table-scroll';

export const meta: MetaFunction = ({ error }) => [{ title: error ? errorTitle(error) : 'API tokens · Admin · Kaizen' }];

const PAGE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const page = pageParam(request);
  const [{ items, total }, people] = await Promise.all([
    listApiTokens(context.db, { limit: PAGE, offset: (page - 1) * PAGE }),
    listUsers(context.db, { limit: 200 }),
  ]);
  return {
    items,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    users: people.items.filter((u) => !u.disabledAt).map((u) => ({ email: u.email, role: u.role })),
  };
}

/** The forms of this page: create a token, revoke one. */
function tokenIntents() {
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('create'), email: z.string().default(''), name: z.string().default('') }),
    z.object({ intent: z.literal('revoke'), id: z.string().min(1) }),
  ]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'admin');
  const ip = clientIp(request, context);
  const input = parseIntent(form, tokenIntents);
  const { intent } = input;
  try {
    if (input.intent === 'create') {
      const values = { email: input.email, name: input.name };
      const r = CreateApiTokenSchema.safeParse(values);
      if (!r.success) return formFailure(badRequest('Check the highlighted fields.', zodIssues(r.error)), { intent, values });
      const { id, token } = await createApiToken(context.db, { ...r.data, actor, ip });
      // Shown once: only its hash is stored.
      return {
        ok: true as const,
        intent,
        message: `Token "${r.data.name}" created for ${r.data.email}. Copy it now: it is not shown again.`,
        token,
        id,
      };
    }
    await revokeApiToken(context.db, { id: input.id, actor, ip });
    return { ok: true as const, intent, message: 'Token revoked; requests with it now get 401.' };
  } catch (e) {
    return formFailure(e, { intent });
  }
}

export default function AdminTokens() {
  const { items, total, page, pages, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const errors = result && !result.ok ? result.errors : {};
  const values = (result && !result.ok ? (result as { values?: Record<string, string> }).values : undefined) ?? {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>API tokens</h1>
      {result?.ok ? (
        <div className="banner ok" role="status">
          <p>{result.message}</p>
          {'token' in result && result.token ? (
            <p>
              <code data-testid="new-token">{result.token}</code>
            </p>
          ) : null}
        </div>
      ) : result ? (
        <p className="banner error" role="alert">
          {result.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">No API tokens yet. Create one below for a CI job or a script.</p>
      ) : (
        <TableScroll label="API tokens">
          <table className="data" aria-label="API tokens">
            <thead>
              <tr>
                <th>Name</th>
                <th>User</th>
                <th>Created (UTC)</th>
                <th>Last used (UTC)</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.name || <span className="muted">(no name)</span>}
                    <div className="muted">
                      <code>{t.id}</code>
                    </div>
                  </td>
                  <td>
                    {t.userEmail} <span className="muted">({t.userRole})</span>
                  </td>
                  <td>{formatUtc(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatUtc(t.lastUsedAt) : <span className="muted">never</span>}</td>
                  <td>
                    {t.revokedAt ? (
                      `revoked ${formatUtc(t.revokedAt)}`
                    ) : (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" className="link-button" disabled={busy}>
                          Revoke
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <NumberedPager page={page} pages={pages} total={total} noun="tokens" />
      <section className="card">
        <h2>Create a token</h2>
        <Form method="post" className="stack" key={result?.ok ? result.message : 'create'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <FormField name="email" label="For user" error={errors.email}>
            <select id="email" name="email" defaultValue={values.email ?? ''} aria-invalid={!!errors.email}>
              <option value="">Choose a user…</option>
              {users.map((u) => (
                <option key={u.email} value={u.email}>
                  {u.email} ({u.role})
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            name="name"
            label="Name"
            help="What uses it, e.g. “CI deploy job”."
            defaultValue={values.name}
            maxLength={200}
            error={errors.name}
          />
          <button type="submit" disabled={busy}>
            Create token
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
