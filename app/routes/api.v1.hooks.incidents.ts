import type { ActionFunctionArgs } from '@remix-run/node';
import { clientIp } from '~/lib/auth.server';
import { HttpError, validationError } from '~/lib/errors.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { authenticateInboundHook, parseJsonBody, readRawBody } from '~/models/inbound-hook.server';
import { INCIDENT_FORMATS, parseIncidentAlert, type IncidentFormat } from '~/models/incident-alert';
import { openIncidentDraft } from '~/models/incident-intake.server';

// An alerting tool opens an incident: a signed call (API.md, "Webhooks in") creates a draft RCA, or answers
// the draft an earlier call with the same incident key created. `?format=` picks the payload shape.

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['POST']);
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['POST']);
    const body = await readRawBody(request);
    const ip = clientIp(request, context);
    const hook = await authenticateInboundHook(context.db, {
      request,
      body,
      purpose: 'incidents',
      sessionSecret: context.config.sessionSecret,
      ip,
    });
    const format = (new URL(request.url).searchParams.get('format') ?? 'generic') as IncidentFormat;
    if (!INCIDENT_FORMATS.includes(format))
      throw new HttpError(400, 'invalid', `Unknown format; use one of ${INCIDENT_FORMATS.join(', ')}.`, [
        { path: ['format'], message: `use one of ${INCIDENT_FORMATS.join(', ')}` },
      ]);
    const parsed = parseIncidentAlert(format, parseJsonBody(request, body));
    if (!parsed.ok) throw validationError(parsed.error);
    const opened = await openIncidentDraft(context.db, { hook, alert: parsed.alert, ip });
    return Response.json(opened, { status: opened.created ? 201 : 200, headers: { 'Cache-Control': 'no-store' } });
  });
