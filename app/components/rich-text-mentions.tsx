/**
 * "@" suggestions in the rich-text editor: typing @ and the start of a name or e-mail address lists up to eight
 * accounts that may read the document (from `mentionsUrl`, the same endpoint comments use). Arrow keys move, Enter
 * or Tab picks, Escape closes; a pick writes `@email ` into the text, which the server reads when the document is
 * saved (app/models/text-mentions.server.ts). Suggestions are plain React text, never HTML.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';

type Suggestion = { handle: string; name: string };
type Query = { text: string; from: number; to: number };

const TRIGGER = /(?:^|\s)@([A-Za-z0-9._%+@-]{0,60})$/;

/** The "@…" being typed just before the caret in the current paragraph, with its range, or null. */
function queryAt(editor: Editor): Query | null {
  const { selection } = editor.state;
  if (!selection.empty) return null;
  const { $from } = selection;
  if (!$from.parent.isTextblock || $from.parent.type.spec.code) return null;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
  const m = TRIGGER.exec(before);
  if (!m) return null;
  return { text: m[1], from: $from.pos - m[1].length - 1, to: $from.pos };
}

/** Wire into the editor: returns the key handler to run first (true when it used the key) and the list to render. */
export function useMentionSuggestions(editor: Editor | null, mentionsUrl: string | undefined, listId: string) {
  const [query, setQuery] = useState<Query | null>(null);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const closedAt = useRef<number | null>(null);

  useEffect(() => {
    if (!editor || !mentionsUrl) return;
    const update = () => {
      const q = queryAt(editor);
      // Escape closes the list until the caret leaves that "@".
      if (q && closedAt.current === q.from) return setQuery(null);
      if (!q) closedAt.current = null;
      setQuery(q);
    };
    editor.on('selectionUpdate', update);
    editor.on('update', update);
    return () => {
      editor.off('selectionUpdate', update);
      editor.off('update', update);
    };
  }, [editor, mentionsUrl]);

  const text = query?.text ?? null;
  useEffect(() => {
    if (text === null || !mentionsUrl) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    fetch(`${mentionsUrl}?q=${encodeURIComponent(text)}`, { signal: ctl.signal, headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((d: { items?: Suggestion[] }) => {
        setItems(Array.isArray(d.items) ? d.items : []);
        setActive(0);
      })
      .catch(() => undefined);
    return () => ctl.abort();
  }, [text, mentionsUrl]);

  const choose = useCallback(
    (s: Suggestion) => {
      if (!editor || !query) return;
      editor.chain().focus().insertContentAt({ from: query.from, to: query.to }, `@${s.handle} `).run();
      setQuery(null);
      setItems([]);
    },
    [editor, query],
  );

  const open = query !== null && items.length > 0;
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!open) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setActive((a) => (a + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') {
      choose(items[Math.min(active, items.length - 1)]);
      return true;
    }
    if (event.key === 'Escape') {
      closedAt.current = query?.from ?? null;
      setQuery(null);
      return true;
    }
    return false;
  };

  const list = open ? (
    <div id={listId} className="mention-suggestions" role="listbox" aria-label="People you can mention">
      {items.map((s, i) => (
        <div
          key={s.handle}
          tabIndex={-1}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'mention-suggestions__active' : undefined}
          // Keep the editor's caret: pick on mouse down, before the editor loses focus.
          onMouseDown={(event) => {
            event.preventDefault();
            choose(s);
          }}
        >
          {s.name} ({s.handle})
        </div>
      ))}
    </div>
  ) : null;

  return { onKeyDown, list, open, activeId: open ? `${listId}-${Math.min(active, items.length - 1)}` : undefined };
}
