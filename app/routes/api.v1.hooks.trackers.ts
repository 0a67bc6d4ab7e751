import type { ActionFunctionArgs } from '@remix-run/node';
import { clientIp } from '~/lib/auth.server';
import { api, methodNotAllowed } from '~/lib/route.server';
import { setActionItemStatusByUrl } from '~/models/action-item-change.server';
import { authenticateInboundHook, hookActor, parseJsonBody, readRawBody } from '~/models/inbound-hook.server';

// A tracker reports an issue's status (a signed call, API.md "Webhooks in"): the action items linked to that
// issue URL take it, so status flows both ways (Kaizen reports action_item.done out).

export const loader = () =>
  api(async () => {
    throw methodNotAllowed(['POST']);
  });

export const action = ({ request, context }: ActionFunctionArgs) =>
  api(async () => {
    if (request.method !== 'POST') throw methodNotAllowed(['POST']);
    const body = await readRawBody(request);
    const hook = await authenticateInboundHook(context.db, {
      request,
      body,
      purpose: 'trackers',
      sessionSecret: context.config.sessionSecret,
      ip: clientIp(request, context),
    });
    const result = await setActionItemStatusByUrl(context.db, { actor: hookActor(hook), input: parseJsonBody(request, body) });
    return { url: result.url, status: result.status, updated: result.updated, unchanged: result.unchanged };
  });
