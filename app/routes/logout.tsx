import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { endSession, requireFormSession } from '~/lib/auth.server';
import { HttpError } from '~/lib/errors.server';
import { readIntent } from '~/lib/route.server';

export async function loader() {
  return redirect('/');
}

function signOutIntents() {
  return z.discriminatedUnion('intent', [z.object({ intent: z.literal('sign-out') })]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await requireFormSession(request.clone(), context, 'viewer');
  // A resource route: a malformed form is answered in the error shape (there is no page to show it on).
  const input = readIntent(form, signOutIntents, 'sign-out');
  if (input instanceof HttpError) return Response.json(input.toJSON(), { status: input.status });
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request, context) } });
}
