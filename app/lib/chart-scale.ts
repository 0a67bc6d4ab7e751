/** A round top for a chart's y axis (1, 2, 2.5, 5 or 10 times a power of ten) at or above `max`; 1 for nothing. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= max) ?? 10) * p;
}
