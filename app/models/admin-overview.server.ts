import { count, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiTokens, auditEvents, templateProposals, templates, users } from '../../db/schema';

/** The numbers on the admin home page: accounts, active API tokens, template versions, open template proposals, audit events. */
export async function countAdminTotals(db: Database) {
  const n = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]?.n ?? 0);
  const [userCount, tokenCount, templateCount, openProposalCount, eventCount] = await Promise.all([
    n(db.select({ n: count() }).from(users)),
    n(db.select({ n: count() }).from(apiTokens).where(isNull(apiTokens.revokedAt))),
    n(db.select({ n: count() }).from(templates)),
    n(db.select({ n: count() }).from(templateProposals).where(eq(templateProposals.status, 'open'))),
    n(db.select({ n: count() }).from(auditEvents)),
  ]);
  return { userCount, tokenCount, templateCount, openProposalCount, eventCount };
}
