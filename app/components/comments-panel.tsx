import { Form, Link } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { CsrfInput } from '~/components/csrf';
import { formatUtc } from '~/lib/time';
import type { CommentView, ThreadView } from '~/models/comment.server';

export type CommentsPanelProps = {
  documentId: string;
  threads: ThreadView[];
  sections: { key: string; label: string }[];
  /** Why the reader may not comment, or null when they may. */
  refusal: string | null;
  /** Who may resolve: editors, or a thread's author. */
  canResolveAll: boolean;
  meId: string;
  /** Where the forms come back to: the read view or the comments page. */
  from: 'document' | 'comments';
  result?: { ok: boolean; message: string; errors?: Record<string, string>; values?: Record<string, string> } | null;
};

/** A comment's text with @mentions of known accounts emphasised; built as React text nodes, never as HTML. */
function CommentBody({ c }: { c: CommentView }) {
  if (!c.mentions.length) return <p className="comment-body">{c.body}</p>;
  const known = new Set(c.mentions);
  const parts = c.body.split(/(@[A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g);
  return (
    <p className="comment-body">
      {parts.map((p, i) => {
        const handle = p.startsWith('@') ? p.slice(1).replace(/[.]+$/, '').toLowerCase() : '';
        const isMention = handle && [...known].some((k) => k === handle || k.split('@')[0] === handle);
        return isMention ? (
          <strong key={i} className="mention">
            {p}
          </strong>
        ) : (
          <span key={i}>{p}</span>
        );
      })}
    </p>
  );
}

function Meta({ c }: { c: CommentView }) {
  return (
    <div className="muted comment-meta">
      {c.authorLabel} · <time dateTime={c.createdAt}>{formatUtc(c.createdAt)}</time>
    </div>
  );
}

/** Suggest accounts while an @handle is being typed (JavaScript only; without it, type the e-mail address). */
function useMentionSuggestions(documentId: string, textarea: React.RefObject<HTMLTextAreaElement | null>) {
  const [items, setItems] = useState<{ handle: string; name: string }[]>([]);
  const [query, setQuery] = useState<string | null>(null);
  useEffect(() => {
    if (query === null) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    fetch(`/docs/${encodeURIComponent(documentId)}/mentions?q=${encodeURIComponent(query)}`, { signal: ctl.signal })
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((d: { items: { handle: string; name: string }[] }) => setItems(d.items))
      .catch(() => undefined);
    return () => ctl.abort();
  }, [documentId, query]);
  const onInput = () => {
    const el = textarea.current;
    if (!el) return;
    const before = el.value.slice(0, el.selectionStart ?? el.value.length);
    const m = /(?:^|\s)@([A-Za-z0-9._%+@-]*)$/.exec(before);
    setQuery(m ? m[1] : null);
  };
  const choose = (handle: string) => {
    const el = textarea.current;
    if (!el) return;
    const at = el.selectionStart ?? el.value.length;
    const before = el.value.slice(0, at).replace(/@([A-Za-z0-9._%+@-]*)$/, `@${handle} `);
    el.value = before + el.value.slice(at);
    el.focus();
    el.setSelectionRange(before.length, before.length);
    setQuery(null);
  };
  return { items, onInput, choose };
}

function CommentForm({
  documentId,
  sections,
  parentId,
  from,
  values,
  errors,
}: {
  documentId: string;
  sections: { key: string; label: string }[];
  parentId?: string;
  from: CommentsPanelProps['from'];
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const quoteRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLSelectElement>(null);
  const { items, onInput, choose } = useMentionSuggestions(documentId, ref);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const idBase = parentId ? `reply-${parentId}` : 'new-comment';
  const mine = values && (values.parentId ?? '') === (parentId ?? '');
  const quoteSelection = () => {
    const sel = window.getSelection();
    const text = sel?.toString().trim() ?? '';
    const node = sel?.anchorNode;
    const el = node ? (node.nodeType === 1 ? (node as Element) : node.parentElement) : null;
    const key = el?.closest('[data-field]')?.getAttribute('data-field');
    if (quoteRef.current) quoteRef.current.value = text.slice(0, 1000);
    if (key && sectionRef.current) sectionRef.current.value = key;
    ref.current?.focus();
  };
  return (
    <Form method="post" action={`/docs/${documentId}/comments`} className="comment-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="from" value={from} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {parentId ? null : (
        <div className="row">
          <label>
            Section
            <select name="fieldKey" ref={sectionRef} defaultValue={mine ? values?.fieldKey : ''} aria-invalid={!!errors?.fieldKey}>
              <option value="">The whole document</option>
              {sections.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Quoted passage (optional)
            <input name="quote" ref={quoteRef} defaultValue={mine ? values?.quote : ''} maxLength={1000} aria-invalid={!!errors?.quote} />
          </label>
          {hydrated ? (
            <button type="button" className="secondary" onClick={quoteSelection}>
              Quote selected text
            </button>
          ) : null}
        </div>
      )}
      {mine && (errors?.fieldKey || errors?.quote) ? (
        <p className="field-error" role="alert">
          {errors?.fieldKey ?? errors?.quote}
        </p>
      ) : null}
      <label htmlFor={`${idBase}-body`}>{parentId ? 'Reply' : 'Comment'}</label>
      <textarea
        id={`${idBase}-body`}
        name="body"
        ref={ref}
        rows={parentId ? 2 : 3}
        maxLength={5000}
        defaultValue={mine ? values?.body : ''}
        aria-describedby={`${idBase}-hint`}
        aria-invalid={!!(mine && errors?.body)}
        onInput={onInput}
      />
      <p id={`${idBase}-hint`} className="muted">
        Mention someone with @ and their e-mail address (e.g. @ada@example.com, or @ada when only one account starts so); they are told in
        their inbox.
      </p>
      {items.length ? (
        <ul className="mention-suggestions" aria-label="People you can mention">
          {items.map((s) => (
            <li key={s.handle}>
              <button type="button" className="link-button" onClick={() => choose(s.handle)}>
                {s.name} ({s.handle})
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {mine && errors?.body ? (
        <p className="field-error" role="alert">
          {errors.body}
        </p>
      ) : null}
      <button type="submit">{parentId ? 'Reply' : 'Comment'}</button>
    </Form>
  );
}

const ANCHOR_NOTE: Record<ThreadView['anchor'], string> = {
  document: 'On the whole document',
  section: 'On',
  passage: 'On a passage of',
  changed: 'The passage this was about has since changed, in',
};

/** Review comments on a document: threads by section or passage, replies, resolve and reopen. */
export function CommentsPanel({ documentId, threads, sections, refusal, canResolveAll, meId, from, result }: CommentsPanelProps) {
  const open = threads.filter((t) => !t.resolvedAt);
  const resolved = threads.filter((t) => t.resolvedAt);
  return (
    <section className="card comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">
        Comments ({open.length} open{resolved.length ? `, ${resolved.length} resolved` : ''})
      </h2>
      {result ? (
        <p className={result.ok ? 'banner ok' : 'banner error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {threads.length === 0 ? <p className="muted">No comments yet.</p> : null}
      {[...open, ...resolved].map((t) => (
        <article
          key={t.id}
          id={`thread-${t.id}`}
          className={`thread${t.resolvedAt ? ' resolved' : ''}`}
          aria-label={`Comment by ${t.authorLabel}`}
        >
          <div className="muted thread-anchor">
            {ANCHOR_NOTE[t.anchor]} {t.sectionLabel ? <strong>{t.sectionLabel}</strong> : null}
            {t.resolvedAt ? <> · resolved by {t.resolvedBy}</> : null}
          </div>
          {t.quote ? <blockquote className={t.anchor === 'changed' ? 'quote changed' : 'quote'}>{t.quote}</blockquote> : null}
          <div id={`c-${t.id}`}>
            <Meta c={t} />
            <CommentBody c={t} />
          </div>
          {t.replies.map((r) => (
            <div key={r.id} id={`c-${r.id}`} className="reply">
              <Meta c={r} />
              <CommentBody c={r} />
            </div>
          ))}
          <div className="thread-actions">
            {canResolveAll || t.authorId === meId ? (
              <Form method="post" action={`/docs/${documentId}/comments`}>
                <CsrfInput />
                <input type="hidden" name="intent" value="resolve" />
                <input type="hidden" name="from" value={from} />
                <input type="hidden" name="id" value={t.id} />
                <input type="hidden" name="version" value={t.version} />
                <input type="hidden" name="resolved" value={t.resolvedAt ? 'false' : 'true'} />
                <button type="submit" className="secondary">
                  {t.resolvedAt ? 'Reopen' : 'Resolve'}
                </button>
              </Form>
            ) : null}
          </div>
          {!refusal && !t.resolvedAt ? (
            <details>
              <summary>Reply</summary>
              <CommentForm
                documentId={documentId}
                sections={sections}
                parentId={t.id}
                from={from}
                values={result?.values}
                errors={result?.ok ? undefined : result?.errors}
              />
            </details>
          ) : null}
        </article>
      ))}
      {refusal ? (
        <p className="muted">{refusal}</p>
      ) : (
        <CommentForm
          documentId={documentId}
          sections={sections}
          from={from}
          values={result?.values}
          errors={result?.ok ? undefined : result?.errors}
        />
      )}
      {from === 'document' && threads.length > 0 ? (
        <p>
          <Link to={`/docs/${documentId}/comments`}>All comments on one page</Link>
        </p>
      ) : null}
    </section>
  );
}
