/**
 * Server-rendered SVG charts: plain markup (no script), so they draw without JavaScript and print. Each chart is
 * an image with a text name; its numbers are in the data table that goes with it (`ChartFigure`), which is what a
 * screen reader reads.
 */
import { type ReactNode, useId } from 'react';
import { TableScroll } from '~/components/table-scroll';
import { niceMax } from '~/lib/chart-scale';

export type Series = { label: string; values: (number | null)[]; tone: number; dashed?: boolean };

const W = 720;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 34 };

/** Which x labels to print so they never overlap: about 12 at most. */
function labelEvery(n: number) {
  return Math.max(1, Math.ceil(n / 12));
}

function Axes({ labels, max, format }: { labels: string[]; max: number; format: (n: number) => string }) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const every = labelEvery(labels.length);
  const slot = plotW / Math.max(1, labels.length);
  return (
    <g className="chart-axes">
      {[0, 0.5, 1].map((f) => {
        const y = PAD.top + plotH - f * plotH;
        return (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="chart-grid" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="chart-tick">
              {format(max * f)}
            </text>
          </g>
        );
      })}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={PAD.left + slot * i + slot / 2} y={H - PAD.bottom + 16} textAnchor="middle" className="chart-tick">
            {l}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Columns per month, the series stacked on each other (e.g. incidents by severity). */
export function StackedColumns({
  labels,
  series,
  format = String,
}: {
  labels: string[];
  series: Series[];
  format?: (n: number) => string;
}) {
  const totals = labels.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const bar = Math.max(1, Math.min(28, slot * 0.7));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" aria-hidden="true" focusable="false">
      <Axes labels={labels} max={max} format={format} />
      {labels.map((l, i) => {
        let y = PAD.top + plotH;
        return (
          <g key={l}>
            {series.map((s) => {
              const v = s.values[i] ?? 0;
              if (!v) return null;
              const h = (v / max) * plotH;
              y -= h;
              return (
                <rect key={s.label} x={PAD.left + slot * i + (slot - bar) / 2} y={y} width={bar} height={h} className={`tone-${s.tone}`} />
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** Lines per month; a month without a value breaks the line (nothing is drawn for it, nothing is invented). */
export function Lines({ labels, series, format = String }: { labels: string[]; series: Series[]; format?: (n: number) => string }) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" aria-hidden="true" focusable="false">
      <Axes labels={labels} max={max} format={format} />
      {series.map((s) => {
        const runs: string[] = [];
        let run: string[] = [];
        s.values.forEach((v, i) => {
          if (v === null) {
            if (run.length) runs.push(run.join(' '));
            run = [];
          } else run.push(`${run.length ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`);
        });
        if (run.length) runs.push(run.join(' '));
        return (
          <g key={s.label} className={`line tone-${s.tone}${s.dashed ? ' dashed' : ''}`}>
            {runs.map((d) => (
              <path key={d} d={d} />
            ))}
            {s.values.map((v, i) => (v === null ? null : <circle key={labels[i]} cx={x(i)} cy={y(v)} r={2.5} />))}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A chart with its legend and its numbers: the SVG is hidden from assistive technology, the figure is named by its
 * caption, and the data table (a disclosure under it, open on demand) carries every value.
 */
export function ChartFigure({
  caption,
  series,
  chart,
  table,
}: {
  caption: string;
  series: Series[];
  chart: ReactNode;
  table: { head: string[]; rows: (string | number)[][] };
}) {
  const id = useId();
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{caption}</figcaption>
      {chart}
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span className={`swatch tone-${s.tone}${s.dashed ? ' dashed' : ''}`} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
      <details className="chart-data">
        <summary>Data table: {caption.toLowerCase()}</summary>
        <TableScroll label={caption}>
          <table className="data">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((c, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={i}>{c}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
