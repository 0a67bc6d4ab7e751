/**
 * The parts of tiptap that only ever run in the browser: the React editor and the co-editing extensions.
 * A `.client` module is an empty module in the server build (Remix's classic compiler), so the server does not load
 * @tiptap/react (and with it react-dom's browser build) or the collaboration extensions at start-up. They are used
 * only after hydration (the server renders the Markdown textarea), never during a server render.
 */
export { EditorContent, useEditor, useEditorState } from '@tiptap/react';
export { default as Collaboration } from '@tiptap/extension-collaboration';
export { default as CollaborationCaret } from '@tiptap/extension-collaboration-caret';
