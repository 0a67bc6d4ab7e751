/**
 * Live structured fields (decision 028): the edit form's non-rich-text fields and the title, bound both ways to the
 * shared Yjs document (`fields` map, `meta.title`). A local edit is read from the form as the save would read it and
 * written to the map a moment after the last keystroke; a remote change redraws that field with the new value, but
 * not while the person is in it (it waits until they leave the field; then the later of the two edits wins).
 */
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { Template } from '../../templates/schema';
import { fieldsOf } from '~/fields/text';
import type { FormValues } from '~/lib/document-form';
import { fieldFromForm, fieldToForm } from '~/fields/forms';
import { collabFieldsOf, sameValue } from '~/collab/ydoc';
import type { LiveSession } from '~/collab/client';

/** How long after the last keystroke a field's value is sent. */
const SEND_AFTER_MS = 250;
/** The origin of this page's own writes to the shared document. */
const FORM_ORIGIN = 'kaizen-form';

export type LiveValues = { values: FormValues; revisions: Record<string, number>; version: number | null };

export function useLiveFields(opts: {
  live: LiveSession | null;
  template: Template;
  form: RefObject<HTMLFormElement | null>;
  /** The form values the page was drawn with. */
  loaded: FormValues;
  /** The version the page was loaded at: the base of everything the live document does not carry. */
  baseVersion: number;
}): LiveValues {
  const { live, template, form, baseVersion } = opts;
  const [state, setState] = useState<LiveValues>({ values: {}, revisions: {}, version: null });
  // The page's version moves when its own save redirects back here; the binding reads the newest.
  const base = useRef(baseVersion);
  base.current = baseVersion;
  // biome-ignore lint/correctness/useExhaustiveDependencies: bound once per live session (the template and the form element do not change under it)
  useEffect(() => {
    const el = form.current;
    if (!live || !el) return;
    const { ydoc } = live;
    const map = ydoc.getMap('fields');
    const meta = ydoc.getMap('meta');
    const plain = new Set(collabFieldsOf(template).plain);
    const byKey = new Map(fieldsOf(template).map((f) => [f.key, f]));
    const titleInput = () => el.querySelector<HTMLInputElement>('input[name="title"]');
    const containerOf = (key: string) => el.querySelector(`[data-field="${CSS.escape(key)}"]`);
    const keyOf = (target: EventTarget | null): string | null => {
      if (!(target instanceof Element)) return null;
      if (target === titleInput()) return 'title';
      const key = target.closest('[data-field]')?.getAttribute('data-field');
      return key && plain.has(key) ? key : null;
    };
    const focusedIn = (key: string) => {
      const active = document.activeElement;
      if (!active) return false;
      return key === 'title' ? active === titleInput() : !!containerOf(key)?.contains(active);
    };
    /** What the form's inputs of `key` hold: as shown, and as the save would send it. */
    const local = (key: string) => {
      const field = byKey.get(key);
      if (!field) return null;
      try {
        return fieldFromForm(field, new FormData(el));
      } catch {
        return null;
      }
    };
    /** The shared value of `key` as the inputs would show it; undefined when it is not a value of this field. */
    const remoteShown = (key: string): unknown => {
      const field = byKey.get(key);
      if (!field) return undefined;
      try {
        return fieldToForm(field, { fields: { [key]: map.get(key) ?? null } as Record<string, never> });
      } catch {
        return undefined;
      }
    };

    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const waiting = new Set<string>();

    const send = (key: string) => {
      clearTimeout(timers.get(key));
      timers.delete(key);
      if (live.readOnly) return;
      if (key === 'title') {
        const v = titleInput()?.value ?? '';
        if (meta.get('title') !== v) ydoc.transact(() => meta.set('title', v), FORM_ORIGIN);
        return;
      }
      const posted = local(key);
      if (!posted) return;
      if (sameValue('plain', posted.shown, remoteShown(key))) return;
      ydoc.transact(() => {
        if (posted.raw === undefined || posted.raw === null || posted.raw === '') map.delete(key);
        else map.set(key, posted.raw);
      }, FORM_ORIGIN);
    };

    const receive = (key: string) => {
      if (focusedIn(key) || timers.has(key)) {
        waiting.add(key);
        return;
      }
      waiting.delete(key);
      if (key === 'title') {
        const input = titleInput();
        const v = meta.get('title');
        if (input && typeof v === 'string' && input.value !== v) input.value = v;
        return;
      }
      const shown = remoteShown(key);
      if (shown === undefined) return;
      const posted = local(key);
      if (posted && sameValue('plain', posted.shown, shown)) return;
      setState((s) => ({
        ...s,
        values: { ...s.values, [key]: shown },
        revisions: { ...s.revisions, [key]: (s.revisions[key] ?? 0) + 1 },
      }));
    };

    const version = () => {
      const v = meta.get('version');
      const since = meta.get('since');
      // The live document moved on by folds only: a save from this page is a save over its newest version.
      if (typeof v === 'number' && typeof since === 'number' && since <= base.current && v >= base.current)
        setState((s) => (s.version === v ? s : { ...s, version: v }));
    };

    // At the start: what the live document holds that the page does not (edits not folded yet) comes in, and what was
    // typed into the page before it connected goes out.
    for (const key of plain) {
      const shown = remoteShown(key);
      const posted = local(key);
      if (!posted || shown === undefined) continue;
      if (sameValue('plain', posted.shown, shown)) continue;
      if (sameValue('plain', posted.shown, opts.loaded[key] ?? null) || live.readOnly) receive(key);
      else send(key);
    }
    receive('title');
    version();

    const onEdit = (e: Event) => {
      const key = keyOf(e.target);
      if (!key || live.readOnly) return;
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => send(key), SEND_AFTER_MS),
      );
    };
    const onLeave = (e: FocusEvent) => {
      const key = keyOf(e.target);
      if (!key || keyOf(e.relatedTarget) === key) return;
      if (timers.has(key)) send(key);
      if (waiting.has(key)) receive(key);
    };
    const onFields = (event: { transaction: { origin: unknown }; keysChanged: Set<string> }) => {
      if (event.transaction.origin === FORM_ORIGIN) return;
      for (const key of event.keysChanged) if (plain.has(key)) receive(key);
    };
    const onMeta = (event: { transaction: { origin: unknown }; keysChanged: Set<string> }) => {
      if (event.keysChanged.has('version') || event.keysChanged.has('since')) version();
      if (event.transaction.origin !== FORM_ORIGIN && event.keysChanged.has('title')) receive('title');
    };
    el.addEventListener('input', onEdit);
    el.addEventListener('change', onEdit);
    el.addEventListener('click', onEdit);
    el.addEventListener('focusout', onLeave);
    map.observe(onFields);
    meta.observe(onMeta);
    return () => {
      for (const key of [...timers.keys()]) send(key);
      el.removeEventListener('input', onEdit);
      el.removeEventListener('change', onEdit);
      el.removeEventListener('click', onEdit);
      el.removeEventListener('focusout', onLeave);
      map.unobserve(onFields);
      meta.unobserve(onMeta);
    };
  }, [live]);
  return state;
}
