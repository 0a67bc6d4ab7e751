/**
 * The contributing-factor vocabulary (app/lib/factor-categories.ts): everyone reads it, admins add categories,
 * describe them and retire them. A document may name only categories the vocabulary holds; one it already names
 * stays valid after the category is retired.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { documents, factorCategories } from '../../db/schema';
import { FACTOR_CATEGORY_PATTERN, FACTOR_CATEGORY_RULE, type FactorCategory, normalizeCategory } from '~/lib/factor-categories';
import { HttpError, conflict, forbidden, notFound, validationError, type IssueItem } from '~/lib/errors.server';
import { safeText } from '~/lib/safe-text';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export const CategoryNameSchema = z
  .string({ message: 'give the category a name' })
  .transform(normalizeCategory)
  .pipe(z.string().min(1, 'give the category a name').regex(FACTOR_CATEGORY_PATTERN, FACTOR_CATEGORY_RULE));

export const CreateFactorCategorySchema = z.object({
  name: CategoryNameSchema,
  description: safeText().trim().max(300, 'keep the description under 300 characters').default(''),
});

export const UpdateFactorCategorySchema = z
  .object({
    description: safeText().trim().max(300, 'keep the description under 300 characters').optional(),
    retired: z.boolean().optional(),
  })
  .strict();

/** The vocabulary in its order; with `uses`, how many documents name each category. */
export async function listFactorCategories(db: Tx, opts: { uses?: boolean } = {}): Promise<FactorCategory[]> {
  const rows = await (db as Database)
    .select({
      name: factorCategories.name,
      description: factorCategories.description,
      retiredAt: factorCategories.retiredAt,
      ...(opts.uses
        ? {
            uses: sql<number>`(select count(*)::int from ${documents} where ${documents.factorCategories} @> array[${factorCategories.name}]::text[])`,
          }
        : {}),
    })
    .from(factorCategories)
    .orderBy(asc(factorCategories.position), asc(factorCategories.name));
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    retired: r.retiredAt !== null,
    ...('uses' in r ? { uses: Number(r.uses) } : {}),
  }));
}

export async function createFactorCategory(db: Database, opts: { actor: Actor; input: unknown }): Promise<FactorCategory> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins edit the factor categories.');
  const r = CreateFactorCategorySchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { name, description } = r.data;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(factorCategories)
      .values({ name, description, position: sql`(select coalesce(max(position), -1) + 1 from factor_categories)` })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw conflict(`There is already a category "${name}". Describe it or bring it back from retirement instead.`, undefined, {
        issues: [{ path: ['name'], message: 'already in the vocabulary' }],
      });
    await recordAudit(tx, { actor: opts.actor, action: 'factor_category.created', targetType: 'factor_category', targetId: name });
    return { name, description, retired: false };
  });
}

export async function updateFactorCategory(db: Database, opts: { actor: Actor; name: string; input: unknown }): Promise<FactorCategory> {
  if (opts.actor.role !== 'admin') throw forbidden('Only admins edit the factor categories.');
  const r = UpdateFactorCategorySchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const name = normalizeCategory(opts.name);
  return db.transaction(async (tx) => {
    const set: Partial<typeof factorCategories.$inferInsert> = {};
    if (r.data.description !== undefined) set.description = r.data.description;
    if (r.data.retired !== undefined) set.retiredAt = r.data.retired ? new Date() : null;
    const [row] = Object.keys(set).length
      ? await tx.update(factorCategories).set(set).where(sql`${factorCategories.name} = ${name}`).returning()
      : await tx.select().from(factorCategories).where(sql`${factorCategories.name} = ${name}`);
    if (!row) throw notFound(`There is no category "${name}".`);
    if (Object.keys(set).length)
      await recordAudit(tx, {
        actor: opts.actor,
        action: 'factor_category.updated',
        targetType: 'factor_category',
        targetId: name,
        details: { ...r.data },
      });
    return { name: row.name, description: row.description, retired: row.retiredAt !== null };
  });
}

/**
 * Refuse categories a save adds that the vocabulary lacks or has retired (400 naming each factor). Categories the
 * document already had stay valid, so a save after a retirement still goes through. No query when none is new.
 */
export async function checkNewFactorCategories(
  tx: Tx,
  fields: Record<string, unknown>,
  before: Record<string, unknown> | null,
  factorKeys: string[],
): Promise<void> {
  const had = new Set(factorKeys.flatMap((k) => namesIn(before?.[k])));
  const added = factorKeys.flatMap((k) =>
    entriesIn(fields[k]).flatMap(({ i, categories }) => categories.filter((c) => !had.has(c)).map((c) => ({ k, i, c }))),
  );
  if (!added.length) return;
  const known = await (tx as Database)
    .select({ name: factorCategories.name, retiredAt: factorCategories.retiredAt })
    .from(factorCategories)
    .where(inArray(factorCategories.name, [...new Set(added.map((a) => a.c))]));
  const state = new Map(known.map((k) => [k.name, k.retiredAt]));
  const issues: IssueItem[] = added
    .filter((a) => !state.has(a.c) || state.get(a.c) !== null)
    .map((a) => ({
      path: ['fields', a.k, a.i, 'categories'],
      message: state.has(a.c)
        ? `"${a.c}" is retired: pick another category`
        : `"${a.c}" is not a factor category: pick one from the list, or ask an admin to add it (Admin → Factor categories)`,
    }));
  if (issues.length)
    throw new HttpError(400, 'invalid', `Some values are not valid (${issues[0].path.join('.')}): ${issues[0].message}`, issues);
}

function entriesIn(v: unknown): { i: number; categories: string[] }[] {
  if (!Array.isArray(v)) return [];
  return v.map((f, i) => ({
    i,
    categories: Array.isArray(f?.categories) ? f.categories.filter((c: unknown): c is string => typeof c === 'string') : [],
  }));
}
const namesIn = (v: unknown) => entriesIn(v).flatMap((e) => e.categories);
