/**
 * The ONE list of tiptap extensions used by Kaizen rich-text fields.
 *
 * Shared by the browser editor (`~/components/rich-text-editor`) and the
 * server-side validator (`~/lib/richtext/schema.server`), so the schema the
 * server validates against is exactly the schema the editor produces.
 *
 * Must stay importable in Node: nothing here touches the DOM at import time.
 */
import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { isSafeLinkHref } from '~/lib/richtext/text';

// The link rule lives in the dependency-free ./text module so read views can use it
// without pulling tiptap into their bundle.
export { isSafeLinkHref };

/** Node type names allowed in a rich-text document. */
export const RICH_TEXT_NODES = [
  'doc',
  'paragraph',
  'text',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'blockquote',
  'hardBreak',
  'horizontalRule',
] as const;

/** Mark type names allowed in a rich-text document. */
export const RICH_TEXT_MARKS = ['bold', 'italic', 'code', 'link'] as const;

export type RichTextNodeName = (typeof RICH_TEXT_NODES)[number];
export type RichTextMarkName = (typeof RICH_TEXT_MARKS)[number];

/** Protocols listed for the editor's link extension (autolink / paste). */
export const RICH_TEXT_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

const starterKitOptions = {
  // Not part of the supported set.
  strike: false,
  underline: false,
  heading: { levels: [1, 2, 3, 4, 5, 6] },
  link: {
    openOnClick: false,
    enableClickSelection: true,
    autolink: true,
    linkOnPaste: true,
    defaultProtocol: 'https',
    isAllowedUri: (url) => isSafeLinkHref(url),
    shouldAutoLink: (url) => /^(?:https?:\/\/|mailto:)/i.test(url) || /^[\w-]+(\.[\w-]+)+/.test(url),
    HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null, class: null },
  },
} satisfies Parameters<typeof StarterKit.configure>[0];

export const richTextExtensions: AnyExtension[] = [StarterKit.configure(starterKitOptions)];

/** The same schema for a live (co-edited) field: undo comes from the Collaboration extension, which keeps its own history. */
export const liveRichTextExtensions: AnyExtension[] = [StarterKit.configure({ ...starterKitOptions, undoRedo: false })];

let memoSchema: Schema | undefined;

/**
 * ProseMirror schema built from {@link richTextExtensions}; memoised.
 * Browser-safe (the server-only wrapper is `getRichTextSchema` in schema.server.ts).
 */
export function getSharedRichTextSchema(): Schema {
  if (!memoSchema) memoSchema = getSchema(richTextExtensions);
  return memoSchema;
}
