/**
 * Turns the demo library's data (db/demo/rcas.ts, launches.ts) into documents through the same model calls a
 * person's edits go through: every review is validated, derived and audited as if typed in.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../client';
import { createDocument, getDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { addToReadingList, createReadingList, recordRead } from '../../app/models/reading.server';
import { createUser, toActor } from '../../app/models/user.server';
import type { Actor } from '../../app/models/types';
import type { DemoRca } from './rcas';
import type { DemoLaunch } from './launches';

const at = (start: string, minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
const day = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * 86_400_000).toISOString().slice(0, 10);

/** The review's fields in the built-in template it names (the blameless RCA unless it says otherwise). */
export function rcaFields(r: DemoRca): Record<string, unknown> {
  const [detected, mitigated, resolved] = r.minutes;
  const timeline = [
    { at: r.start, text: r.events[0] },
    { at: at(r.start, detected), text: r.events[1], marker: 'detected' },
    { at: at(r.start, mitigated), text: r.events[2], marker: 'mitigated' },
    { at: at(r.start, resolved), text: r.events[3], marker: 'resolved' },
  ];
  const factors = r.factors.map(([text, categories]) => ({ text, categories }));
  const actions = r.actions.map(([title, kind, owner, dueDate, status]) => ({ title, kind, owner, dueDate, status }));
  if (r.template === 'google-sre-postmortem')
    return {
      date: day(r.start),
      authors: r.team,
      startedAt: r.start,
      endedAt: at(r.start, resolved),
      summary: r.symptoms,
      impact: `${r.affected}. ${r.environment}.`,
      rootCauses: r.rootCause,
      factors,
      trigger: r.events[0],
      resolution: r.events[3],
      detection: r.events[1],
      actionItems: actions,
      wentWrong: r.whatHappened,
      timeline,
      supportingLinks: [{ url: `https://tracker.example.com/${r.ref}`, label: r.ref }],
    };
  return {
    environment: r.environment,
    affected: r.affected,
    team: r.team,
    referenceId: r.ref,
    occurredOn: day(r.start),
    rcaCompletedOn: day(r.start, 4),
    startedAt: r.start,
    detectedAt: at(r.start, detected),
    endedAt: at(r.start, resolved),
    timeline,
    symptoms: r.symptoms,
    whatHappened: r.whatHappened,
    rootCause: r.rootCause,
    factors,
    nextSteps: actions,
  };
}

export type DemoPeople = { author: Actor; reviewer: Actor; signers: Record<string, Actor> };

/** One editor per sign-off role (one person signs for one role); they have random passwords and never sign in. */
export async function createSigners(db: Database, roles: string[]): Promise<Record<string, Actor>> {
  const out: Record<string, Actor> = {};
  const names = ['Ana Souza', 'Kenji Watanabe', 'Priya Raman', 'Lena Fischer'];
  for (const [i, role] of roles.entries()) {
    const user = await createUser(db, {
      email: `${role.toLowerCase().replace(/[^a-z]+/g, '-')}@kaizen.local`,
      name: names[i % names.length],
      role: 'editor',
      password: randomBytes(24).toString('base64url'),
    });
    out[role] = toActor(user, 'system');
  }
  return out;
}

async function publish(db: Database, people: DemoPeople, id: string, version: number) {
  const r = await transitionDocument(db, { actor: people.author, id, input: { to: 'in_review', version } });
  return transitionDocument(db, { actor: people.reviewer, id, input: { to: 'published', version: r.version } });
}

/** Every demo RCA, published; returns their ids by key. */
export async function createDemoRcas(db: Database, people: DemoPeople, rcas: DemoRca[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const r of rcas) {
    const doc = await createDocument(db, {
      actor: people.author,
      input: {
        template: r.template ?? 'blameless-rca',
        title: r.title,
        severity: r.severity,
        service: r.service,
        tags: r.tags,
        fields: rcaFields(r),
      },
    });
    await publish(db, people, doc.id, doc.version);
    ids[r.key] = doc.id;
  }
  return ids;
}

/**
 * The links a reviewer opens for the questions the Go/No-Go asks evidence for (v2): the feature's dashboard, its
 * load-test report and its runbook, checked three days before launch (never after today), so older launches show
 * evidence that has gone stale since.
 */
function demoEvidence(l: DemoLaunch, key: string, answer: string) {
  const slug = l.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const checkedOn = new Date(Math.min(Date.parse(l.launchAt) - 3 * 86_400_000, Date.now())).toISOString().slice(0, 10);
  const links: Record<string, { label: string; url: string }> = {
    testedEnough: { label: 'Load test report', url: `https://ci.example.com/load-tests/${slug}` },
    monitoring: { label: `${l.service} dashboard`, url: `https://grafana.example.com/d/${l.service}-${slug}` },
    onOffSwitches: { label: 'Runbook: turn it off', url: `https://wiki.example.com/runbooks/${slug}` },
  };
  const link = links[key];
  return link && answer === 'yes' ? { evidence: [{ ...link, checkedOn }] } : {};
}

/** Every demo launch review: decided ones are signed and published, one without sign-offs stays a draft. */
export async function createDemoLaunches(db: Database, people: DemoPeople, launches: DemoLaunch[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const l of launches) {
    const doc = await createDocument(db, {
      actor: people.author,
      input: {
        template: 'etsy-go-no-go',
        title: l.title,
        service: l.service,
        tags: l.tags,
        fields: {
          launchAt: l.launchAt,
          launchers: l.launchers,
          feature: l.feature,
          checks: Object.fromEntries(
            Object.entries(l.checks).map(([k, [answer, note]]) => [k, { answer, note, ...demoEvidence(l, k, answer) }]),
          ),
          ...(l.contingency ? { contingency: l.contingency } : {}),
          ...(l.plan
            ? { contingencyRows: l.plan.map(([risk, response, owner, onOff]) => ({ risk, response, owner, switch: onOff })) }
            : {}),
          blockers: l.blockers.map(([title, owner, dueDate, status]) => ({ title, kind: 'launch blocker', owner, dueDate, status })),
        },
      },
    });
    ids[l.key] = doc.id;
    if (!l.signoffs.length) continue;
    await transitionDocument(db, { actor: people.author, id: doc.id, input: { to: 'in_review', version: doc.version } });
    for (const [role, decision, comment] of l.signoffs)
      await createSignoff(db, { actor: people.signers[role], documentId: doc.id, input: { role, decision, comment } });
    const signed = await getDocument(db, { actor: people.author, id: doc.id });
    await transitionDocument(db, { actor: people.reviewer, id: doc.id, input: { to: 'published', version: signed.version } });
  }
  return ids;
}

/** "Read before your first on-call": a curated list, with a few reads so read counts show. */
export async function createDemoReadingList(db: Database, curator: Actor, readers: Actor[], documentIds: string[]) {
  const { id } = await createReadingList(db, {
    actor: curator,
    input: {
      title: 'Read before your first on-call',
      description: 'Five incidents that taught us how failover, config pushes, alerting and certificates really fail.',
    },
  });
  for (const documentId of documentIds) await addToReadingList(db, { actor: curator, id, input: { document: documentId } });
  for (const [i, reader] of readers.entries())
    for (const documentId of documentIds.slice(0, documentIds.length - i)) await recordRead(db, reader, documentId);
  return id;
}
