/**
 * The Hocuspocus client, used only in the browser (after hydration). A `.client` module is an empty module in the
 * server build, so the server does not load @hocuspocus/provider at start-up.
 */
export { HocuspocusProvider } from '@hocuspocus/provider';
