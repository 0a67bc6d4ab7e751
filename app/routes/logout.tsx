import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { endSession, requireFormSession } from '~/lib/auth.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireFormSession(request.clone(), context, 'viewer');
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request, context) } });
}
