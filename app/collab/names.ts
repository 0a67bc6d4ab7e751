/** Names inside the shared Yjs document that the browser and the server both use (decision 028). */
export const richTextFragmentName = (key: string) => `rt:${key}`;
