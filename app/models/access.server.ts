import { eq, sql, type SQL } from 'drizzle-orm';
import { actionItems, documents } from '../../db/schema';
import type { Actor } from '~/models/types';

/**
 * The one rule for who may read a document: editors and admins read every document, viewers only
 * published ones. Every query that reads documents (or rows hanging off them: action items,
 * revisions, sign-offs) puts this in its where, so a document the actor may not read is never
 * loaded and answers as "not found".
 */
export function documentAccess(actor: Actor): SQL {
  return canEdit(actor) ? sql`true` : eq(documents.status, 'published');
}

/**
 * The same rule for action items read without their document: action_items.document_status is the document's status,
 * kept by the database (migration 0029), so a count for a viewer needs no join.
 */
export function actionItemAccess(actor: Actor): SQL {
  return canEdit(actor) ? sql`true` : eq(actionItems.documentStatus, 'published');
}

/** The roles that may change documents (create, edit, transition, sign off, change action items) and read them all. */
const EDITING_ROLES: readonly Actor['role'][] = ['editor', 'admin'];

/** Who may change documents (create, edit, transition, sign off, change action items). */
export const canEdit = (actor: Actor) => EDITING_ROLES.includes(actor.role);

/**
 * documentAccess for an actor the same statement finds (the repeat PDF download reads the token's user and the
 * document in one statement): `role` is the SQL of the user's role column.
 */
export function documentAccessForRole(role: SQL): SQL {
  return sql`(${role} in (${sql.join(
    EDITING_ROLES.map((r) => sql`${r}`),
    sql`, `,
  )}) or ${eq(documents.status, 'published')})`;
}
