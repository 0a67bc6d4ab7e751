import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { endSession, requireFormSession } from '~/lib/auth.server';
import { parseIntent } from '~/lib/route.server';

export async function loader() {
  return redirect('/');
}

function signOutIntents() {
  return z.discriminatedUnion('intent', [z.object({ intent: z.literal('sign-out') })]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await requireFormSession(request.clone(), context, 'viewer');
  parseIntent(form, signOutIntents, 'sign-out');
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request, context) } });
}
