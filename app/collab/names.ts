/** Names inside the shared Yjs document that the browser and the server both use (decision 028). */
export const richTextFragmentName = (key: string) => `rt:${key}`;

const COLOURS = ['#1f5fbf', '#a04a00', '#7a3fc4', '#17713a', '#b3261e', '#006c80', '#805c00', '#a3307a'];

/** A person's colour: the same on every page and for every one watching (dark enough for white text on it). */
export function colourOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length];
}

/**
 * Who a person is in "Editing now" and on their caret: always from their session (the server writes it over whatever
 * a client announces), never from the client.
 */
export const liveUserOf = (actor: { id: string; name: string; email: string }) => ({
  id: actor.id,
  name: actor.name || actor.email,
  color: colourOf(actor.id),
});
