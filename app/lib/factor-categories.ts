/**
 * Contributing-factor categories: a shared vocabulary (table `factor_categories`, edited by admins at
 * /admin/factors). A category's name is its identity — lower case, as documents store it — so a name is never
 * renamed under the documents that use it: an admin retires it and adds another.
 */
export const FACTOR_CATEGORY_PATTERN = /^[a-z0-9][a-z0-9 /&-]{0,39}$/;
export const FACTOR_CATEGORY_RULE = 'use 1–40 lower-case letters, digits, spaces, "-", "/" or "&"';

/** A name as typed, put in its stored form (trimmed, lower case, single spaces). */
export const normalizeCategory = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The vocabulary a new installation starts with (migration 0018 inserts the same rows). */
export const DEFAULT_FACTOR_CATEGORIES: readonly { name: string; description: string }[] = [
  { name: 'change', description: 'A deploy, release or other change started or worsened it.' },
  { name: 'configuration', description: 'A setting, flag or config file was wrong or changed.' },
  { name: 'capacity', description: 'Load outgrew resources: CPU, memory, disk, connections, quotas.' },
  { name: 'dependency', description: 'A service, vendor or library we rely on failed or changed.' },
  { name: 'monitoring gap', description: 'Nothing alerted, or the alert or dashboard did not show the problem.' },
  { name: 'process', description: 'A review, hand-off or procedure was missing or did not fit.' },
  { name: 'knowledge', description: 'Knowledge was missing or hard to find: runbooks, docs, training.' },
  { name: 'automation', description: 'Automation did the wrong thing, or a manual step should have been automated.' },
  { name: 'testing', description: 'Tests or staging did not cover the case.' },
  { name: 'data', description: 'Bad, unexpected or corrupted data.' },
];

export type FactorCategory = { name: string; description: string; retired: boolean; uses?: number };
