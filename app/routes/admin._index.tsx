import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { count, isNull } from 'drizzle-orm';
import { requireSession } from '~/lib/auth.server';
import { apiTokens, auditEvents, templates, users } from '../../db/schema';

export const meta: MetaFunction = () => [{ title: 'Admin · Kaizen' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSession(request, context, 'admin');
  const db = context.db;
  const n = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]?.n ?? 0);
  const [userCount, tokenCount, templateCount, eventCount] = await Promise.all([
    n(db.select({ n: count() }).from(users)),
    n(db.select({ n: count() }).from(apiTokens).where(isNull(apiTokens.revokedAt))),
    n(db.select({ n: count() }).from(templates)),
    n(db.select({ n: count() }).from(auditEvents)),
  ]);
  return { userCount, tokenCount, templateCount, eventCount };
}

export default function AdminIndex() {
  const d = useLoaderData<typeof loader>();
  const cards = [
    { to: '/admin/users', title: 'Users', text: `${d.userCount} accounts: add people, change roles, disable accounts.` },
    { to: '/admin/tokens', title: 'API tokens', text: `${d.tokenCount} active tokens: create (shown once), see last use, revoke.` },
    { to: '/admin/templates', title: 'Templates', text: `${d.templateCount} template versions: add a custom template or a new version.` },
    { to: '/admin/audit', title: 'Audit log', text: `${d.eventCount} events: sign-ins, account and token changes, document changes.` },
  ];
  return (
    <>
      <h1>Admin</h1>
      {cards.map((c) => (
        <section className="card" key={c.to}>
          <h2>
            <Link to={c.to}>{c.title}</Link>
          </h2>
          <p className="muted">{c.text}</p>
        </section>
      ))}
    </>
  );
}
