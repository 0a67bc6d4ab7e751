import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { formFailure, formValues, orThrowPage, parseIntent } from '~/lib/route.server';
import { getDocument } from '~/models/document.server';
import { commentsPanelData, createComment, setThreadResolved } from '~/models/comment.server';
import { CommentsPanel } from '~/components/comments-panel';
import { NO_SUCH_DOCUMENT, RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : data ? `Comments · ${data.doc.title} · Kaizen` : 'Comments · Kaizen' },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context);
  const doc = await orThrowPage(getDocument(context.db, { actor, id: params.id ?? '' }));
  return { doc: { id: doc.id, title: doc.title, status: doc.status }, ...(await commentsPanelData(context.db, actor, doc)) };
}

function commentIntents() {
  return z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('comment'),
      from: z.enum(['document', 'comments']).default('comments'),
      body: z.string().default(''),
      fieldKey: z.string().optional(),
      quote: z.string().optional(),
      parentId: z.string().optional(),
    }),
    z.object({
      intent: z.literal('resolve'),
      from: z.enum(['document', 'comments']).default('comments'),
      id: z.string().min(1),
      version: z.coerce.number().int().positive(),
      resolved: z.enum(['true', 'false']),
    }),
  ]);
}

/** The comment forms of the read view and of this page post here; success goes back to where they came from. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'viewer');
  const id = params.id ?? '';
  const input = parseIntent(form, commentIntents);
  const back = input.from === 'document' ? `/docs/${id}` : `/docs/${id}/comments`;
  try {
    if (input.intent === 'comment') {
      const c = await createComment(context.db, {
        actor,
        documentId: id,
        input: { body: input.body, fieldKey: input.fieldKey || null, quote: input.quote || null, parentId: input.parentId || null },
      });
      return redirect(`${back}#thread-${c.parentId ?? c.id}`);
    }
    await setThreadResolved(context.db, {
      actor,
      commentId: input.id,
      input: { resolved: input.resolved === 'true', version: input.version },
    });
    return redirect(`${back}#thread-${input.id}`);
  } catch (e) {
    const values = formValues(form);
    delete values.csrf;
    return formFailure(e, { values });
  }
}

export default function CommentsPage() {
  const { doc, threads, sections, refusal, canResolveAll, meId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <article>
      <p>
        <Link to={`/docs/${doc.id}`}>← {doc.title}</Link>
      </p>
      <h1>Comments on “{doc.title}”</h1>
      <CommentsPanel
        documentId={doc.id}
        threads={threads}
        sections={sections}
        refusal={refusal}
        canResolveAll={canResolveAll}
        meId={meId}
        from="comments"
        result={
          result && !result.ok
            ? { ok: false, message: result.message, errors: result.errors, values: (result as { values?: Record<string, string> }).values }
            : null
        }
      />
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary notFound={NO_SUCH_DOCUMENT} />;
}
