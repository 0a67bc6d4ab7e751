import type { ReactNode } from 'react';

/**
 * A data table that scrolls inside its own box when it is wider than the screen, so the page
 * itself never scrolls sideways (WCAG 1.4.10). The box is a named region and focusable, so a
 * keyboard can scroll it and a screen reader says what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
