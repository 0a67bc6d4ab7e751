import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../db/enums';
import { safeText } from '~/lib/safe-text';

// The payload shapes an incidents hook accepts (`?format=`), each turned into one IncidentAlert.
// Senders add fields freely; unknown ones are ignored, a missing or malformed needed one is a 400 naming it.

export const INCIDENT_FORMATS = ['generic', 'alertmanager', 'pagerduty'] as const;
export type IncidentFormat = (typeof INCIDENT_FORMATS)[number];

export type IncidentAlert = {
  key: string;
  title: string;
  service: string | null;
  severity: Severity | null;
  startedAt: string;
  link: string | null;
  text: string | null;
  source: IncidentFormat;
};

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'SEV1',
  page: 'SEV1',
  p1: 'SEV1',
  emergency: 'SEV1',
  high: 'SEV2',
  error: 'SEV2',
  major: 'SEV2',
  p2: 'SEV2',
  warning: 'SEV3',
  medium: 'SEV3',
  minor: 'SEV3',
  p3: 'SEV3',
  low: 'SEV4',
  info: 'SEV4',
  p4: 'SEV4',
  p5: 'SEV5',
  none: 'SEV5',
};

/** SEV1–SEV5 or a common alerting word (critical, error, warning, info; P1–P5); null when none fits. */
export function severityOf(v: string | null | undefined): Severity | null {
  if (!v) return null;
  const s = v.trim().toLowerCase();
  const sev = SEVERITIES.find((x) => x.toLowerCase() === s);
  return sev ?? SEVERITY_WORDS[s] ?? null;
}

/** An instant with an offset, to whole seconds in UTC (Alertmanager sends nanoseconds). */
const instant = z.iso
  .datetime({ offset: true, error: 'use an ISO-8601 time with an offset, e.g. 2026-12-04T13:50:00Z' })
  .transform((s) => new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const link = safeText()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'use a full http(s):// address');
const clip = (s: string | null | undefined, max: number) => (s ? (s.length > max ? `${s.slice(0, max - 1)}…` : s) : null);

export const GenericIncidentSchema = z.object({
  key: safeText().trim().min(1, 'give the incident key your tool uses for it').max(500),
  title: safeText().trim().min(1, 'give the incident a title').max(300),
  service: safeText().trim().max(200).optional(),
  severity: safeText()
    .refine((s) => severityOf(s) !== null, 'use SEV1–SEV5, critical, high, warning, low or info')
    .optional(),
  startedAt: instant,
  link: link.optional(),
  text: safeText().max(20_000).optional(),
});

const labels = z.record(safeText(), safeText()).default({});
export const AlertmanagerSchema = z.object({
  groupKey: safeText().min(1, 'Alertmanager sends a groupKey').max(2000),
  status: z.enum(['firing', 'resolved']),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: safeText().max(2000).optional(),
  alerts: z
    .array(z.object({ labels, annotations: labels, startsAt: instant, generatorURL: safeText().max(2000).optional() }))
    .min(1, 'Alertmanager sends at least one alert')
    .max(1000),
});

export const PagerDutySchema = z.object({
  event: z.object({
    event_type: safeText().regex(/^incident\./, 'only incident events open drafts'),
    resource_type: z.literal('incident', 'only incident events open drafts'),
    occurred_at: instant,
    data: z.object({
      id: safeText().min(1).max(200),
      incident_key: safeText().max(500).nullish(),
      title: safeText().trim().min(1).max(2000),
      html_url: safeText().max(2000).nullish(),
      created_at: instant.nullish(),
      urgency: safeText().max(20).nullish(),
      service: z.object({ summary: safeText().max(2000).nullish() }).nullish(),
      priority: z.object({ summary: safeText().max(50).nullish() }).nullish(),
      description: safeText().max(20_000).nullish(),
    }),
  }),
});

const okLink = (u: string | null | undefined) => (u && link.safeParse(u).success ? u : null);

/** The alert in a payload of `format`, or the zod error naming what is wrong. */
export function parseIncidentAlert(
  format: IncidentFormat,
  body: unknown,
): { ok: true; alert: IncidentAlert } | { ok: false; error: z.ZodError } {
  if (format === 'alertmanager') {
    const r = AlertmanagerSchema.safeParse(body);
    if (!r.success) return { ok: false, error: r.error };
    const p = r.data;
    const first = p.alerts[0];
    const name =
      p.commonAnnotations.summary ?? p.commonLabels.alertname ?? p.groupLabels.alertname ?? first.labels.alertname ?? 'Alertmanager alert';
    const text =
      p.commonAnnotations.description ??
      (p.alerts
        .map((a) => a.annotations.summary ?? a.annotations.description)
        .filter(Boolean)
        .join('\n\n') ||
        null);
    return {
      ok: true,
      alert: {
        key: p.groupKey,
        title: clip(name, 300)!,
        service: clip(p.commonLabels.service ?? p.commonLabels.job ?? null, 200),
        severity: severityOf(p.commonLabels.severity),
        startedAt: p.alerts.map((a) => a.startsAt).sort()[0],
        link: okLink(first.generatorURL) ?? okLink(p.externalURL),
        text: clip(text, 20_000),
        source: 'alertmanager',
      },
    };
  }
  if (format === 'pagerduty') {
    const r = PagerDutySchema.safeParse(body);
    if (!r.success) return { ok: false, error: r.error };
    const { event } = r.data;
    const d = event.data;
    return {
      ok: true,
      alert: {
        key: d.incident_key || d.id,
        title: clip(d.title, 300)!,
        service: clip(d.service?.summary ?? null, 200),
        severity: severityOf(d.priority?.summary) ?? (d.urgency === 'high' ? 'SEV2' : d.urgency === 'low' ? 'SEV4' : null),
        startedAt: d.created_at ?? event.occurred_at,
        link: okLink(d.html_url),
        text: d.description ?? null,
        source: 'pagerduty',
      },
    };
  }
  const r = GenericIncidentSchema.safeParse(body);
  if (!r.success) return { ok: false, error: r.error };
  const p = r.data;
  return {
    ok: true,
    alert: {
      key: p.key,
      title: p.title,
      service: p.service ?? null,
      severity: severityOf(p.severity),
      startedAt: p.startedAt,
      link: p.link ?? null,
      text: p.text ?? null,
      source: 'generic',
    },
  };
}
