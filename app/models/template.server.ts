import { createHash } from 'node:crypto';
import { and, desc, eq, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { templates } from '../../db/schema';
import { BUILT_IN_TEMPLATES, TemplateSchema, type Template } from '../../templates';
import { HttpError, notFound, validationError } from '~/lib/errors.server';
import { logger } from '~/lib/log.server';
import { recordAudit } from '~/models/audit.server';
import type { Actor } from '~/models/types';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const templateChecksum = (t: Template) => createHash('sha256').update(canonical(t)).digest('hex');

export class TemplateChangedError extends Error {
  constructor(key: string, version: number) {
    super(
      `Built-in template ${key} v${version} differs from the stored v${version}. A stored (key, version) never changes: ` +
        `bump "version" in templates/ to publish the edit as a new version.`,
    );
    this.name = 'TemplateChangedError';
  }
}

/**
 * Store built-ins that are new; fail loudly when a stored (key, version) was edited in code.
 *
 * An accepted checklist proposal stores the next version of a built-in in the database (not built-in). When code
 * later ships a built-in version with that same number, the stored one wins: documents made from it must keep
 * reading what they were made from. The code version is skipped with a warning (and `skipped` names it) until it
 * is bumped past the stored versions, folding the accepted questions in (docs/decisions/025-template-proposals.md).
 */
export async function syncBuiltInTemplates(
  db: Database,
  list: readonly Template[] = BUILT_IN_TEMPLATES,
): Promise<{ inserted: number; skipped: string[] }> {
  let inserted = 0;
  const skipped: string[] = [];
  for (const t of list) {
    const checksum = templateChecksum(t);
    const [row] = await db
      .select({ checksum: templates.checksum, builtIn: templates.builtIn })
      .from(templates)
      .where(and(eq(templates.key, t.key), eq(templates.version, t.version)));
    if (row && !row.builtIn) {
      skipped.push(`${t.key}@${t.version}`);
      logger.warn(
        { template: t.key, version: t.version },
        `Built-in template ${t.key} v${t.version} is not stored: an admin-accepted version ${t.version} exists already. ` +
          'Bump the built-in past the stored versions, with the accepted questions in it.',
      );
      continue;
    }
    if (row) {
      if (row.checksum !== checksum) throw new TemplateChangedError(t.key, t.version);
      continue;
    }
    await db
      .insert(templates)
      .values({ key: t.key, version: t.version, kind: t.kind, title: t.title, definition: t, checksum, builtIn: true })
      .onConflictDoNothing();
    inserted++;
  }
  return { inserted, skipped };
}

// A stored (key, version) never changes, so a parsed definition is kept for the life of its database handle
// (keyed per handle: tests open several databases in one process).
const parsedByDb = new WeakMap<object, Map<string, Template>>();
function cacheOf(db: object): Map<string, Template> {
  let cache = parsedByDb.get(db);
  if (!cache) parsedByDb.set(db, (cache = new Map()));
  return cache;
}
function fromRow(db: object, definition: unknown, key: string, version: number): Template {
  const cache = cacheOf(db);
  const id = `${key}@${version}`;
  let t = cache.get(id);
  if (!t) {
    t = TemplateSchema.parse(definition);
    cache.set(id, t);
  }
  return t;
}

/** A template by key, at a version (from memory once read: it never changes) or the latest one. */
export async function getTemplate(db: Database, opts: { key: string; version?: number }): Promise<Template> {
  if (opts.version !== undefined) {
    const known = cacheOf(db).get(`${opts.key}@${opts.version}`);
    if (known) return known;
  }
  const where =
    opts.version === undefined ? eq(templates.key, opts.key) : and(eq(templates.key, opts.key), eq(templates.version, opts.version));
  const [row] = await db.select().from(templates).where(where).orderBy(desc(templates.version)).limit(1);
  if (!row)
    throw notFound(opts.version === undefined ? `No template "${opts.key}".` : `No template "${opts.key}" version ${opts.version}.`);
  return fromRow(db, row.definition, row.key, row.version);
}

/**
 * Every template; with `latestOnly`, one row per key at its newest version. A stored (key, version) never changes, so
 * only the list of versions is read each time; a definition is read (and parsed) once, the first time it is listed.
 */
export async function listTemplates(db: Database, opts: { latestOnly?: boolean } = {}): Promise<Array<Template & { builtIn: boolean }>> {
  const heads = await db
    .select({ key: templates.key, version: templates.version, builtIn: templates.builtIn })
    .from(templates)
    .orderBy(templates.key, desc(templates.version));
  const seen = new Set<string>();
  const wanted = heads.filter((h) => {
    if (opts.latestOnly && seen.has(h.key)) return false;
    seen.add(h.key);
    return true;
  });
  const cache = cacheOf(db);
  const unread = wanted.filter((h) => !cache.has(`${h.key}@${h.version}`));
  if (unread.length) {
    const rows = await db
      .select({ key: templates.key, version: templates.version, definition: templates.definition })
      .from(templates)
      .where(or(...unread.map((h) => and(eq(templates.key, h.key), eq(templates.version, h.version)))));
    for (const r of rows) fromRow(db, r.definition, r.key, r.version);
  }
  return wanted.map((h) => ({ ...fromRow(db, null, h.key, h.version), builtIn: h.builtIn }));
}

/**
 * Admins add a custom template or a new version of one; an existing (key, version) is refused. Built-in keys are
 * reserved, except for `extendsBuiltIn`: an accepted proposal adds a question to a built-in's next version.
 */
export async function createCustomTemplate(
  db: Database,
  opts: { definition: unknown; createdBy: string; extendsBuiltIn?: boolean },
): Promise<Template> {
  const r = TemplateSchema.safeParse(opts.definition);
  if (!r.success) throw validationError(r.error, ['definition']);
  const t = r.data;
  const builtInKeys = new Set(BUILT_IN_TEMPLATES.map((b) => b.key));
  if (builtInKeys.has(t.key) && !opts.extendsBuiltIn)
    throw new HttpError(409, 'conflict', `"${t.key}" is a built-in template; choose another key.`);
  const inserted = await db
    .insert(templates)
    .values({
      key: t.key,
      version: t.version,
      kind: t.kind,
      title: t.title,
      definition: t,
      checksum: templateChecksum(t),
      createdBy: opts.createdBy,
    })
    .onConflictDoNothing()
    .returning({ key: templates.key });
  if (!inserted.length)
    throw new HttpError(409, 'conflict', `Template ${t.key} version ${t.version} already exists; use a higher version.`);
  return t;
}

/** An admin adds a custom template (or a new version) from the admin page: the template and its audit event in one transaction. */
export async function addCustomTemplate(
  db: Database,
  opts: { actor: Actor; definition: unknown; ip?: string | null; extendsBuiltIn?: boolean; details?: Record<string, unknown> },
): Promise<Template> {
  return db.transaction(async (tx) => {
    const t = await createCustomTemplate(tx as unknown as Database, {
      definition: opts.definition,
      createdBy: opts.actor.id,
      extendsBuiltIn: opts.extendsBuiltIn,
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'template.created',
      targetType: 'template',
      targetId: `${t.key}@${t.version}`,
      ip: opts.ip ?? null,
      details: { title: t.title, ...opts.details },
    });
    return t;
  });
}
