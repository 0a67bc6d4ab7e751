/**
 * Rich-text form field.
 *
 * Form contract (both post under `name`, the server runs `parseRichText`):
 *  - Server render / no JavaScript / before hydration: a `<textarea name>`
 *    holding the value as Markdown → the form posts Markdown.
 *  - After mount: a tiptap editor plus `<input type="hidden" name>` whose
 *    value is `JSON.stringify(editor.getJSON())`, kept current on every
 *    change → the form posts ProseMirror JSON (a string starting with '{').
 *
 * Anything typed into the textarea before hydration is carried over into
 * the editor. Styles: `app/styles/rich-text.css` (linked by the root).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor, JSONContent } from '@tiptap/react';
import { Node as PMNode } from '@tiptap/pm/model';
import { Collaboration, CollaborationCaret, EditorContent, useEditor, useEditorState } from '~/components/tiptap-browser.client';
import { getSharedRichTextSchema, liveRichTextExtensions, richTextExtensions } from '~/lib/richtext/extensions';
import type { LiveSession } from '~/collab/client';
import { docToMarkdown, emptyRichTextDoc, markdownToDoc, type RichTextDoc } from '~/lib/richtext/markdown';
import { docToPlainText, isSafeLinkHref } from '~/lib/richtext/text';
import { useMentionSuggestions } from '~/components/rich-text-mentions';
import { useCommitEffect } from '~/lib/use-commit-effect';

export type RichTextEditorProps = {
  /** Form field name; the value is posted under this name (Markdown without JS, JSON with JS). */
  name: string;
  /** Initial value: ProseMirror JSON (normally from the DB), a Markdown string, or null. */
  defaultValue: unknown;
  /** Accessible name of the editing area (aria-label on the textarea / contenteditable). */
  label?: string;
  /** id for the textarea / contenteditable (so an external `<label htmlFor>` can point at it). */
  id?: string;
  'aria-describedby'?: string;
  /** Called with the plain text of the document on creation and on every change (client only). */
  onTextChange?: (plainText: string) => void;
  /** Extra class on the wrapper. */
  className?: string;
  /** Rows of the no-JS textarea. */
  rows?: number;
  /** Where to ask for "@" suggestions (accounts that may read the document); none on a new document. */
  mentionsUrl?: string;
  /**
   * Live co-editing (decision 028): the editor edits the shared Yjs fragment instead of its own content, and shows
   * the others' carets. The hidden input still carries the value, so Save posts what everyone sees.
   */
  live?: { session: LiveSession; fragment: string };
};

/** Turn whatever the caller passed into content the editor accepts, without losing text. */
function toEditorContent(value: unknown): RichTextDoc {
  if (value == null) return emptyRichTextDoc();
  if (typeof value === 'string') return markdownToDoc(value);
  try {
    const node = PMNode.fromJSON(getSharedRichTextSchema(), value);
    node.check();
    return node.toJSON() as RichTextDoc;
  } catch {
    // Does not fit the schema: go through Markdown (which degrades to plain text).
    return markdownToDoc(docToMarkdown(value as RichTextDoc));
  }
}

function toMarkdown(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  return docToMarkdown(value as RichTextDoc);
}

export function RichTextEditor(props: RichTextEditorProps) {
  const { name, defaultValue, label, id, onTextChange, className, rows = 8, mentionsUrl, live } = props;
  const describedBy = props['aria-describedby'];
  const initialMarkdown = useMemo(() => toMarkdown(defaultValue), [defaultValue]);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [initialContent, setInitialContent] = useState<RichTextDoc | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount; later changes of defaultValue do not reset what the user typed
  useEffect(() => {
    // Switch from the Markdown textarea to the editor once we are on the client.
    const typed = textareaRef.current?.value;
    setInitialContent(typed !== undefined && typed !== initialMarkdown ? markdownToDoc(typed) : toEditorContent(defaultValue));
  }, []);

  const wrapperClass = `rich-text-editor${className ? ` ${className}` : ''}`;
  // What was typed into the editor before it went live, and where the caret was: carried into the live editor.
  const carry = useRef<Carry>({ typed: null, focus: null });
  // Going live replaces this field's editor: from the commit that removes the old one until the new one has the focus,
  // the focus is nowhere and keys would be lost. When the person was in this field, they are held and typed into the
  // new editor once it has the focus (printable keys and Enter; a shortcut or an arrow in that moment is not).
  const held = useRef<Held | null>(null);
  const liveFragment = live && !live.session.readOnly ? live.fragment : null;
  useCommitEffect(() => {
    if (!liveFragment || !carry.current.focus) return;
    const keys: string[] = [];
    const onKey = (e: KeyboardEvent) => {
      const nowhere = !document.activeElement || document.activeElement === document.body;
      if (!nowhere || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (e.key.length !== 1 && e.key !== 'Enter') return;
      keys.push(e.key);
      e.preventDefault();
    };
    const release = () => {
      window.removeEventListener('keydown', onKey, true);
      if (held.current?.keys === keys) held.current = null;
    };
    held.current = { keys, release };
    window.addEventListener('keydown', onKey, true);
    return release;
  }, [liveFragment]);

  if (!initialContent) {
    return (
      <div className={`${wrapperClass} rich-text-editor--markdown`}>
        <textarea
          ref={textareaRef}
          name={name}
          id={id}
          aria-label={label}
          aria-describedby={describedBy}
          className="rich-text-editor__textarea"
          data-testid={`richtext-${name}-markdown`}
          rows={rows}
          defaultValue={initialMarkdown}
        />
        <p className="rich-text-editor__hint">
          Markdown supported: **bold**, *italic*, `code`, # headings, - lists, [links](https://...), &gt; quotes.
        </p>
      </div>
    );
  }

  return (
    <LiveEditor
      key={live ? `live-${live.fragment}` : 'own'}
      live={live}
      name={name}
      initialContent={initialContent}
      label={label}
      id={id}
      describedBy={describedBy}
      onTextChange={onTextChange}
      wrapperClass={wrapperClass}
      mentionsUrl={mentionsUrl}
      carry={carry}
      held={held}
    />
  );
}

/** Another person's caret in a live field: a coloured bar with their name (text, never HTML). */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = String(user.color ?? '#555');
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = String(user.color ?? '#555');
  label.textContent = String(user.name ?? 'Someone');
  caret.append(label);
  return caret;
}

const selectionOf = (editor: Editor) => ({ from: editor.state.selection.from, to: editor.state.selection.to });

/** The editor's own content (once typed into) and its selection while focused, kept for the switch to live editing. */
type Carry = { typed: JSONContent | null; focus: { from: number; to: number } | null };

/** Keys pressed while the field went live (see RichTextEditor), and how to stop holding them. */
type Held = { keys: string[]; release: () => void };

/** Type held keys into an editor at its selection: runs of characters as text, Enter as Enter. */
function typeHeld(editor: Editor, keys: string[]) {
  let text = '';
  const flush = () => {
    if (text) editor.view.dispatch(editor.state.tr.insertText(text));
    text = '';
  };
  for (const key of keys) {
    if (key !== 'Enter') {
      text += key;
      continue;
    }
    flush();
    editor.commands.keyboardShortcut('Enter');
  }
  flush();
}

function LiveEditor({
  carry,
  held,
  live,
  name,
  initialContent,
  label,
  id,
  describedBy,
  onTextChange,
  wrapperClass,
  mentionsUrl,
}: {
  carry: { current: Carry };
  held: { current: Held | null };
  live?: RichTextEditorProps['live'];
  mentionsUrl?: string;
  name: string;
  initialContent: RichTextDoc;
  label?: string;
  id?: string;
  describedBy?: string;
  onTextChange?: (plainText: string) => void;
  wrapperClass: string;
}) {
  // The value the form posts. A field going live starts from what was typed into the editor it replaces: the new
  // editor writes its own value only on 'create', tasks later, and a Save in between must not post the loaded value.
  const [json, setJson] = useState(() => JSON.stringify((live && !live.session.readOnly && carry.current.typed) || initialContent));
  const onTextChangeRef = useRef(onTextChange);
  onTextChangeRef.current = onTextChange;
  const keyRef = useRef<(event: KeyboardEvent) => boolean>(() => false);

  const attributes: Record<string, string> = {
    class: 'rich-text-editor__content rich-text',
    role: 'textbox',
    'aria-multiline': 'true',
    'data-testid': `richtext-${name}`,
  };
  if (label) attributes['aria-label'] = label;
  if (id) attributes.id = id;
  if (describedBy) attributes['aria-describedby'] = describedBy;
  if (live?.session.readOnly) attributes['aria-readonly'] = 'true';

  const sync = (editor: Editor) => {
    const doc = editor.getJSON();
    setJson(JSON.stringify(doc));
    onTextChangeRef.current?.(docToPlainText(doc));
  };

  const session = live?.session;
  const editor = useEditor({
    extensions: session
      ? [
          ...liveRichTextExtensions,
          Collaboration.configure({ document: session.ydoc, field: live.fragment }),
          CollaborationCaret.configure({
            provider: session.provider,
            user: { ...session.user, watching: session.readOnly },
            render: renderCaret,
          }),
        ]
      : richTextExtensions,
    // A live field's content is the shared fragment (synced before the editor is made).
    content: session ? undefined : (initialContent as JSONContent),
    editable: !session?.readOnly,
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    editorProps: { attributes, handleKeyDown: (_view, event) => keyRef.current(event) },
    onCreate: ({ editor }) => {
      if (session && !session.readOnly) {
        // Going live: what was typed before the connection came replaces the field for everyone (typed first, so
        // it wins), and the caret goes back where it was.
        const { typed, focus } = carry.current;
        carry.current = { typed: null, focus: null };
        if (typed) editor.commands.setContent(typed);
        // Only when the focus went nowhere with the old editor (not when the person moved on meanwhile).
        const lost = !document.activeElement || document.activeElement === document.body;
        if (focus && lost) editor.chain().focus().setTextSelection(focus).run();
        else {
          // Not going back into this field (the person moved on meanwhile): no key is held for it from now on, and
          // what was typed into it before they moved on goes in where the caret was.
          const h = held.current;
          h?.release();
          if (focus && h?.keys.length) {
            editor.commands.setTextSelection(focus);
            typeHeld(editor, h.keys);
          }
        }
      }
      sync(editor);
    },
    // Back in the field after going live: what was typed meanwhile goes in where the caret is.
    onFocus: ({ editor }) => {
      const h = session ? held.current : null;
      if (!h) return;
      h.release();
      typeHeld(editor, h.keys);
    },
    onUpdate: ({ editor }) => {
      if (!session) carry.current = { typed: editor.getJSON(), focus: editor.isFocused ? selectionOf(editor) : null };
      sync(editor);
    },
    onSelectionUpdate: ({ editor }) => {
      if (!session && editor.isFocused) carry.current = { ...carry.current, focus: selectionOf(editor) };
    },
    // Focus moving elsewhere forgets the caret; the blur of the editor being replaced (focus going nowhere) does not.
    onBlur: ({ event }) => {
      if (!session && event.relatedTarget) carry.current = { ...carry.current, focus: null };
    },
  });

  const mentions = useMentionSuggestions(editor, mentionsUrl, `${id ?? name}-mentions`);
  keyRef.current = mentions.onKeyDown;
  // The list belongs to the editing area while open (a combobox-like textbox), for screen readers.
  useEffect(() => {
    const dom = editor?.isInitialized ? editor.view.dom : null;
    if (!dom) return;
    if (mentions.activeId) {
      dom.setAttribute('aria-activedescendant', mentions.activeId);
      dom.setAttribute('aria-controls', `${id ?? name}-mentions`);
    } else {
      dom.removeAttribute('aria-activedescendant');
      dom.removeAttribute('aria-controls');
    }
  }, [editor, mentions.activeId, id, name]);

  return (
    <div className={`${wrapperClass} rich-text-editor--rich`}>
      <Toolbar editor={editor} label={label} readOnly={!!live?.session.readOnly} />
      <EditorContent editor={editor} />
      {mentions.list}
      <input type="hidden" name={name} value={json} />
    </div>
  );
}

type ActiveState = {
  bold: boolean;
  italic: boolean;
  code: boolean;
  heading: boolean;
  bulletList: boolean;
  orderedList: boolean;
  link: boolean;
  codeBlock: boolean;
  blockquote: boolean;
};

const NOTHING_ACTIVE: ActiveState = {
  bold: false,
  italic: false,
  code: false,
  heading: false,
  bulletList: false,
  orderedList: false,
  link: false,
  codeBlock: false,
  blockquote: false,
};

/** Accept `example.com/x` as https; everything else must pass the link rule as is. */
function normaliseTypedUrl(raw: string): string {
  const url = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(url);
  if (!hasScheme && /^[\w-]+(\.[\w-]+)+(?:[/?#]|$)/.test(url)) return `https://${url}`;
  if (!hasScheme && /^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(url)) return `mailto:${url}`;
  return url;
}

function promptForLink(editor: Editor) {
  const previous = (editor.getAttributes('link').href as string | undefined) ?? '';
  const answer = window.prompt('Link URL (https://…, mailto:… or /path). Leave empty to remove the link.', previous);
  if (answer === null) return;
  if (answer.trim() === '') {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const href = normaliseTypedUrl(answer);
  if (!isSafeLinkHref(href)) {
    window.alert('Only http:, https:, mailto: or site-relative (/…) links are allowed.');
    return;
  }
  if (editor.state.selection.empty && !editor.isActive('link')) {
    editor
      .chain()
      .focus()
      .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
      .run();
    return;
  }
  editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}

function Toolbar({ editor, label, readOnly }: { editor: Editor | null; label?: string; readOnly: boolean }) {
  const active =
    useEditorState({
      editor,
      selector: ({ editor: e }): ActiveState =>
        e
          ? {
              bold: e.isActive('bold'),
              italic: e.isActive('italic'),
              code: e.isActive('code'),
              heading: e.isActive('heading'),
              bulletList: e.isActive('bulletList'),
              orderedList: e.isActive('orderedList'),
              link: e.isActive('link'),
              codeBlock: e.isActive('codeBlock'),
              blockquote: e.isActive('blockquote'),
            }
          : NOTHING_ACTIVE,
    }) ?? NOTHING_ACTIVE;

  const buttons: Array<{ key: keyof ActiveState; label: string; text: string; run: (e: Editor) => void }> = [
    { key: 'bold', label: 'Bold', text: 'B', run: (e) => e.chain().focus().toggleBold().run() },
    { key: 'italic', label: 'Italic', text: 'I', run: (e) => e.chain().focus().toggleItalic().run() },
    { key: 'code', label: 'Code', text: '</>', run: (e) => e.chain().focus().toggleCode().run() },
    { key: 'heading', label: 'Heading', text: 'H', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'bulletList', label: 'Bullet list', text: '•', run: (e) => e.chain().focus().toggleBulletList().run() },
    // The name contains the visible "1." as a word of its own (WCAG 2.5.3, label in name; axe compares words, so "(1.)" did not count).
    { key: 'orderedList', label: 'Ordered list 1.', text: '1.', run: (e) => e.chain().focus().toggleOrderedList().run() },
    { key: 'link', label: 'Link', text: 'Link', run: promptForLink },
    { key: 'codeBlock', label: 'Code block', text: '{ }', run: (e) => e.chain().focus().toggleCodeBlock().run() },
    { key: 'blockquote', label: 'Quote', text: '❝', run: (e) => e.chain().focus().toggleBlockquote().run() },
  ];

  return (
    <div className="rich-text-editor__toolbar" role="toolbar" aria-label={label ? `${label} formatting` : 'Formatting'}>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className="rich-text-editor__button"
          aria-label={b.label}
          title={b.label}
          aria-pressed={active[b.key]}
          disabled={!editor || readOnly}
          // Keep the editor's selection when clicking a button.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor && b.run(editor)}
        >
          <span aria-hidden="true">{b.text}</span>
        </button>
      ))}
    </div>
  );
}
