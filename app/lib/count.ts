/**
 * Counts at the top of list pages (/actions, /launches) stop at COUNT_CAP: each is a query that reads at most
 * COUNT_CAP + 1 rows, so a page costs the same at 1,000 documents as at 10 million (issue 14; decision 031). A count
 * above the cap means "more than COUNT_CAP" and is shown as "1,000+".
 */
export const COUNT_CAP = 1000;

/** A capped count as people read it: exact up to the cap, "1,000+" beyond. */
export function formatCount(n: number, cap: number = COUNT_CAP): string {
  return n > cap ? `${cap.toLocaleString('en-US')}+` : n.toLocaleString('en-US');
}
