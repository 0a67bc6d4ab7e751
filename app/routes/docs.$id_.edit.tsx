import { listFactorCategories } from '~/models/factor-category.server';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useEffect, useRef } from 'react';
import { useLiveDocument, type LiveSession, type LiveState } from '~/collab/client';
import { liveUserOf } from '~/collab/names';
import { useLiveFields } from '~/collab/fields';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { requireFormSession, requireSession } from '~/lib/auth.server';
import { z } from 'zod';
import { formFailure, orThrowPage, parseIntent } from '~/lib/route.server';
import { documentToFormValues, formToFields, mergeChoices, pasteRequest, type FormValues } from '~/lib/document-form';
import { getDocument, readinessIssues } from '~/models/document.server';
import { saveDocumentEdit } from '~/models/document-edit.server';
import { templateFields } from '../../templates/schema';
import { parseTimelinePaste } from '~/lib/timeline-paste';
import { datetimeWarnings } from '~/lib/fields.server';
import { TemplateFormSections, type FormContext } from '~/components/field-inputs';
import { MergeChoice } from '~/components/merge-choice';
import { CsrfInput } from '~/components/csrf';
import { accountLabel, readersOf } from '~/models/accounts.server';
import { fieldsOfKind } from '~/fields/text';
import type { DocumentView } from '~/models/types';
import { SeveritySelect } from '~/components/severity-select';
import { NO_SUCH_DOCUMENT, RouteErrorBoundary, errorTitle } from '~/components/route-error';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? errorTitle(error) : data ? `Edit ${data.doc.title} · Kaizen` : 'Edit · Kaizen' },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'editor');
  const doc = await orThrowPage(getDocument(context.db, { actor, id: params.id ?? '' }));
  if (doc.status === 'published' || doc.status === 'archived') throw redirect(`/docs/${doc.id}`);
  // ?missing=in_review|published: a refused transition sent the author here; show every issue next to its field.
  const target = new URL(request.url).searchParams.get('missing');
  const missing = target === 'in_review' || target === 'published' ? { to: target, issues: readinessIssues(doc) } : null;
  // Sign-offs a content change would make stale (the model decides which are current).
  const renewals = doc.kind === 'checklist' ? doc.signoffs.filter((s) => !s.stale).length : 0;
  // The factor vocabulary, only for a template with a factors field (its boxes).
  const factorCategories = templateFields(doc.template).some((f) => f.type === 'factors')
    ? await listFactorCategories(context.db)
    : undefined;
  // Accounts an action row's owner can name (offered as suggestions; other text stays possible).
  const owners = fieldsOfKind(doc.template, 'actions').length
    ? (await readersOf(context.db, doc)).map((u) => ({ label: accountLabel(u), email: u.email }))
    : [];
  const live = context.config.collab ? { user: liveUserOf(actor) } : null;
  return { doc, values: documentToFormValues(doc.template, doc), missing, renewals, factorCategories, owners, live };
}

const META_LABELS: Record<string, string> = { title: 'Title', severity: 'Severity', service: 'Service', tags: 'Tags' };

/**
 * The forms of this page: save, and (without JavaScript) turn a pasted timeline into proposals.
 * The template's fields are read by the field kinds' form parsers; this names the rest.
 */
function editIntents() {
  const common = {
    version: z.coerce.number().int().positive(),
    title: z.string().default(''),
    severity: z.string().default(''),
    service: z.string().default(''),
    tags: z.string().default(''),
  };
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('save'), ...common }),
    z.object({ intent: z.literal('paste-timeline'), ...common }),
  ]);
}

/** A form value that is a positive integer, else undefined. */
function positiveInt(v: FormDataEntryValue | null): number | undefined {
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  return n > 0 ? n : undefined;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, form } = await requireFormSession(request, context, 'editor');
  const id = params.id ?? '';
  const input = parseIntent(form, editIntents, 'save');
  const current = await orThrowPage(getDocument(context.db, { actor, id }));
  const template = current.template;
  const { values, raw, actionRows } = formToFields(template, form);
  const meta = { title: input.title, severity: input.severity, service: input.service, tags: input.tags };
  const { version } = input;
  if (input.intent === 'paste-timeline') {
    // Without JavaScript: turn the paste into proposals for review; nothing is saved yet.
    const req = pasteRequest(template, form);
    const parsed = req ? parseTimelinePaste(req.text, { assumeDate: req.date, assumeZone: req.zone }) : { entries: [], unparsed: [] };
    return { ok: true as const, kind: 'paste' as const, values, meta, version, paste: req ? { ...req, ...parsed } : undefined };
  }
  const loadedVersion = positiveInt(form.get('loadedVersion'));
  let outcome: Awaited<ReturnType<typeof saveDocumentEdit>>;
  try {
    outcome = await saveDocumentEdit(context.db, {
      actor,
      id,
      current,
      form: {
        version,
        meta,
        raw,
        actionRows,
        ...mergeChoices(form),
        live: form.get('live') === '1',
        loadedVersion,
      },
    });
  } catch (e) {
    return formFailure(e, { values, meta, version });
  }
  if (outcome.kind === 'merge') {
    const labels: Record<string, string> = { ...META_LABELS, ...Object.fromEntries(templateFields(template).map((f) => [f.key, f.label])) };
    const changed = Object.entries(outcome.outcomes).filter(([k, o]) => o !== 'same' && o !== 'conflict' && labels[k]);
    return data(
      {
        ok: false as const,
        kind: 'merge' as const,
        values: outcome.values,
        meta: outcome.meta,
        version: outcome.current.version,
        baseVersion: outcome.baseVersion,
        theirs: outcome.current,
        merged: changed.map(([k, o]) => ({ key: k, label: labels[k], from: o as 'mine' | 'theirs' | 'both' })),
        conflicts: outcome.conflicts.map((k) => ({ key: k, label: labels[k] ?? k })),
        unresolved: outcome.unresolved,
      },
      { status: 409 },
    );
  }
  const warnings = datetimeWarnings(template, raw);
  // A time-zone warning and the saved confirmation are both shown.
  // A live page whose edits a pause already saved (a fold since it was loaded): what it shows is saved, in that version.
  const foldedLive = outcome.kind === 'unchanged' && form.get('live') === '1' && !!loadedVersion && outcome.doc.version > loadedVersion;
  const next = new URLSearchParams(outcome.kind === 'saved' || foldedLive ? { saved: String(outcome.doc.version) } : { unchanged: '1' });
  if (Object.keys(warnings).length) next.set('warnings', JSON.stringify(warnings));
  // People editing live take the saved version in now (and the page's next save is over it, not a conflict).
  if (outcome.kind === 'saved') await context.collab?.foldNow(id, actor);
  const missing = new URL(request.url).searchParams.get('missing');
  if (missing) next.set('missing', missing);
  return redirect(`/docs/${id}/edit?${next.toString()}`);
}

type MergeData = {
  kind: 'merge';
  values: FormValues;
  meta: Record<string, string>;
  version: number;
  baseVersion: number;
  theirs: DocumentView;
  merged: { key: string; label: string; from: 'mine' | 'theirs' | 'both' }[];
  conflicts: { key: string; label: string }[];
  unresolved: string[];
};
type FailureData = {
  ok: false;
  code: string;
  message: string;
  errors: Record<string, string>;
  values: FormValues;
  meta: Record<string, string>;
  version: number;
};

const FROM_TEXT = { mine: 'your change', theirs: 'their change', both: 'changes from both of you' } as const;

export default function EditDocument() {
  const { doc, values: loaded, missing, renewals, factorCategories, owners, live: liveConfig } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | (
        | MergeData
        | FailureData
        | { ok: true; kind: 'paste'; values: FormValues; meta: Record<string, string>; version: number; paste?: never }
      )
    | undefined;
  const nav = useNavigation();
  const busy = nav.state === 'submitting' && nav.formData?.get('intent') !== 'paste-timeline';
  const merge = result && 'kind' in result && result.kind === 'merge' ? (result as MergeData) : null;
  const failed = result && !merge && 'ok' in result && !result.ok ? (result as FailureData) : null;
  const pasted =
    result && 'ok' in result && result.ok
      ? (result as unknown as { values: FormValues; meta: Record<string, string>; version: number; paste?: FormContext['paste'] })
      : null;
  const values = merge?.values ?? failed?.values ?? pasted?.values ?? loaded;
  const meta = merge?.meta ??
    failed?.meta ??
    pasted?.meta ?? { title: doc.title, severity: doc.severity ?? '', service: doc.service ?? '', tags: doc.tags.join(', ') };
  const errors = failed?.errors ?? (missing && !pasted && !merge ? issuesByPathClient(missing.issues) : {});
  // The form carries the version its values start from: the merge base of the next save. A refused
  // save keeps the version it was started from; the merge page moves it to the version it merged with.
  const version = merge?.version ?? failed?.version ?? pasted?.version ?? doc.version;
  const [params] = useSearchParams();
  let warnings: Record<string, string[]> = {};
  try {
    warnings = params.get('warnings') ? JSON.parse(params.get('warnings')!) : {};
  } catch {
    warnings = {};
  }
  const quiet = failed || merge;
  // Live co-editing: off on the merge page and the paste review (those are the plain form); a refused save stays live
  // (what was typed is in the form and the live document, and the next save is over the newest version).
  const formRef = useRef<HTMLFormElement>(null);
  const live = useLiveDocument({ enabled: !!liveConfig && !merge && !pasted, documentId: doc.id, user: liveConfig?.user ?? null });
  // The server lets this connection watch only (its rights changed): nothing here can be changed or saved.
  const watching = !!live.session?.readOnly;
  const liveValues = useLiveFields({ live: live.session, template: doc.template, form: formRef, loaded: values, baseVersion: doc.version });
  // While live, the form saves over the newest version folded from the live document (see decision 028).
  const postedVersion = live.session && liveValues.version && liveValues.version > version ? liveValues.version : version;
  // With JavaScript the page stays where Save was pressed: bring the merge notice into view.
  const mergeNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!merge) return;
    mergeNotice.current?.scrollIntoView({ block: 'start' });
    mergeNotice.current?.focus({ preventScroll: true });
  }, [merge]);
  const metaConflict = (key: string, label: string, node: React.ReactNode, theirs: string) =>
    merge?.conflicts.some((c) => c.key === key) ? (
      <MergeChoice
        fieldKey={key}
        label={label}
        version={merge.version}
        missing={merge.unresolved.includes(key)}
        theirs={theirs || <span className="muted">Not filled in</span>}
      >
        {node}
      </MergeChoice>
    ) : (
      node
    );
  return (
    <>
      <div className="toolbar">
        <h1 style={{ flex: 1 }}>Edit: {doc.title}</h1>
        <Link to={`/docs/${doc.id}`} className="button secondary">
          View
        </Link>
      </div>
      {params.get('saved') && !quiet ? (
        <p className="banner ok" role="status">
          Saved as version {doc.version}.
        </p>
      ) : null}
      {params.get('unchanged') && !quiet ? (
        <p className="banner ok" role="status">
          Nothing changed, so nothing was saved (still version {doc.version}).
        </p>
      ) : null}
      {Object.keys(warnings).length && !quiet ? (
        <p className="banner warn" role="status">
          Check the times marked below: {Object.values(warnings).flat().length === 1 ? 'one was' : 'some were'} read with a warning.
        </p>
      ) : null}
      {missing && !quiet ? (
        missing.issues.length ? (
          <div className="banner error" role="alert">
            <p>
              <strong>
                {missing.issues.length} {missing.issues.length === 1 ? 'thing is' : 'things are'} missing before this can be{' '}
                {missing.to === 'published' ? 'published' : 'sent for review'}.
              </strong>{' '}
              Each is marked next to its field below:
            </p>
            <ul>
              {missing.issues.map((i) => (
                <li key={i.path.join('.')}>
                  <a href={`#${i.path[0] === 'title' ? 'title' : `field-${i.path[1]}`}`}>{i.message}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="banner ok" role="status">
            Nothing is missing now. <Link to={`/docs/${doc.id}`}>Go back to the document</Link> to submit it.
          </p>
        )
      ) : null}
      {failed ? (
        <div className="banner error" role="alert">
          <p>
            <strong>Not saved.</strong> {failed.message}
          </p>
          {failed.code === 'invalid' ? <p>Fix the fields marked below; everything you typed is still in the form.</p> : null}
        </div>
      ) : null}
      {merge ? (
        <div className="banner warn" role="alert" aria-label="Merge" ref={mergeNotice} tabIndex={-1}>
          <p>
            {merge.baseVersion === merge.version ? (
              <strong>Not saved yet: action items of this document changed while you were editing.</strong>
            ) : (
              <>
                <strong>Not saved yet: this document changed while you were editing</strong> (you started from version {merge.baseVersion}
                {';'}
                it is now at version {merge.version}).
              </>
            )}{' '}
            Your changes and theirs are merged below.
          </p>
          {merge.merged.length ? (
            <>
              <p>Merged automatically:</p>
              <ul className="merged-fields">
                {merge.merged.map((m) => (
                  <li key={m.key}>
                    {m.label}: {FROM_TEXT[m.from]}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {merge.conflicts.length ? (
            <p>
              Changed by both of you: {merge.conflicts.map((c) => c.label).join(', ')}. Choose theirs or yours for{' '}
              {merge.conflicts.length === 1 ? 'it' : 'each'} below (you can edit yours), then save.
            </p>
          ) : (
            <p>Check the merged document below, then save it as version {merge.version + 1}.</p>
          )}
          <p>
            Or{' '}
            <Link to={`/docs/${doc.id}/edit`} reloadDocument>
              discard your changes and load version {merge.version}
            </Link>
            .
          </p>
        </div>
      ) : null}
      {live.session ? <LiveBanner live={live} session={live.session} /> : null}
      {renewals > 0 ? (
        <p className="banner warn" role="note">
          This review has current sign-offs: if you change its content, {renewals} {renewals === 1 ? 'sign-off' : 'sign-offs'} will need
          renewing.
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate ref={formRef}>
        <fieldset disabled={watching} className="plain-fieldset stack">
          {/* The first submit button is what Enter in a field presses: make it Save, not "Propose entries". */}
          <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
            Save
          </button>
          <CsrfInput />
          <input type="hidden" name="version" value={postedVersion} />
          {live.session && !watching ? (
            <>
              <input type="hidden" name="live" value="1" />
              <input type="hidden" name="loadedVersion" value={doc.version} />
            </>
          ) : null}
          <div className="card stack">
            {metaConflict(
              'title',
              'Title',
              <div>
                <label htmlFor="title">Title</label>
                <input
                  id="title"
                  name="title"
                  defaultValue={meta.title}
                  maxLength={300}
                  aria-invalid={!!errors.title}
                  aria-describedby={errors.title ? 'title-error' : undefined}
                />
                {errors.title ? (
                  <p className="field-error" id="title-error">
                    {errors.title}
                  </p>
                ) : null}
              </div>,
              merge?.theirs.title ?? '',
            )}
            {/* Keyed by version, as the fields below: after a save the page shows what was stored, not what its inputs
                held (a live page's severity, service and tags are not live; a stale one must not be posted again). */}
            <div className="row">
              {metaConflict(
                'severity',
                'Severity',
                <SeveritySelect key={`severity-${version}`} defaultValue={meta.severity} />,
                merge?.theirs.severity ?? '',
              )}
              {metaConflict(
                'service',
                'Service',
                <div>
                  <label htmlFor="service">Service</label>
                  <input key={`service-${version}`} id="service" name="service" defaultValue={meta.service} />
                </div>,
                merge?.theirs.service ?? '',
              )}
              {metaConflict(
                'tags',
                'Tags',
                <div>
                  <label htmlFor="tags">Tags</label>
                  <input
                    key={`tags-${version}`}
                    id="tags"
                    name="tags"
                    defaultValue={meta.tags}
                    placeholder="comma, separated"
                    aria-invalid={!!errors.tags}
                  />
                  {errors.tags ? <p className="field-error">{errors.tags}</p> : null}
                </div>,
                merge?.theirs.tags.join(', ') ?? '',
              )}
            </div>
          </div>
          <TemplateFormSections
            key={`${version}-${merge ? 'merge' : 'edit'}`}
            template={doc.template}
            values={values}
            errors={errors}
            warnings={quiet ? undefined : warnings}
            paste={pasted?.paste}
            factorCategories={factorCategories}
            mentionsUrl={`/docs/${doc.id}/mentions`}
            owners={owners}
            live={live.session ?? undefined}
            liveValues={live.session ? liveValues : undefined}
            merge={merge ? { conflicts: merge.conflicts.map((c) => c.key), unresolved: merge.unresolved, theirs: merge.theirs } : undefined}
          />
          {watching ? null : (
            <div className="toolbar">
              <button type="submit" name="intent" value="save" disabled={busy}>
                {busy ? 'Saving…' : merge ? 'Save merged version' : 'Save'}
              </button>
              <span className="muted">
                {merge
                  ? `Saving over version ${version}.`
                  : live.session
                    ? `Live at version ${postedVersion}: Save makes a version now, with severity, service, tags and action items.`
                    : `Editing version ${version}.`}{' '}
                Times are stored and shown in UTC.
              </span>
            </div>
          )}
        </fieldset>
      </Form>
    </>
  );
}

/**
 * Who is here and what live editing means for this page. Announced politely to screen readers as people come and go.
 * Shown only once connected: without JavaScript, or when the socket cannot connect, the page is the plain form.
 */
function LiveBanner({ live, session }: { live: LiveState; session: LiveSession }) {
  return (
    <section className="banner live-banner" aria-labelledby="editing-now">
      <p>
        {session.readOnly ? (
          <strong>You are watching: edits appear as people make them; you cannot change anything here.</strong>
        ) : (
          <>
            <strong>Live editing.</strong> What you type is shared with everyone on this page as you type, and saved as a new version when
            editing pauses. Severity, service, tags and action items are saved with Save, as before.
          </>
        )}
      </p>
      {live.status === 'reconnecting' ? (
        <p role="status">Connection lost; reconnecting. What you type is kept and sent when the connection is back.</p>
      ) : null}
      <h2 id="editing-now" className="live-banner__title">
        Editing now
      </h2>
      <ul className="live-people" aria-live="polite" data-testid="editing-now">
        {live.people.map((p) => (
          <li key={p.id}>
            <span className="live-people__dot" style={{ backgroundColor: p.color }} aria-hidden="true" />
            {p.name}
            {p.self ? ' (you)' : ''}
            {p.watching ? ' (watching)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `{ "fields.timeline": "message" }` from model issues (issuesByPath lives in a server module). */
function issuesByPathClient(issues: { path: (string | number)[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.join('.')] ??= i.message;
  return out;
}

export function ErrorBoundary() {
  return <RouteErrorBoundary notFound={NO_SUCH_DOCUMENT} />;
}
