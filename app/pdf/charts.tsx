/**
 * Charts for the PDF, drawn as vector SVG by react-pdf (no image, no script): stacked columns with a legend, each
 * followed by its numbers as a table, so a reader (and `pdftotext`) has every value. The same shape as the web
 * page's charts (app/components/charts.tsx): a label per column, series stacked on each other.
 */
import { Line, Rect, StyleSheet, Svg, Text as SvgText, Text, View } from '@react-pdf/renderer';
import { RowsTable } from '~/pdf/fields';
import { COLORS, CONTENT_WIDTH } from '~/pdf/styles';
import { niceMax } from '~/lib/chart-scale';

export type PdfSeries = { label: string; values: number[]; color: string };

/** Print colours that stay apart in greyscale too (dark to light). */
export const PDF_TONES = ['#7a1f1f', '#c2562b', '#d9a03f', '#3f6fb5', '#8fb3de', '#9a9a9a'];

const H = 150;
const PAD = { left: 30, right: 6, top: 8, bottom: 22 };

const c = StyleSheet.create({
  figure: { marginBottom: 8 },
  caption: { fontWeight: 700, marginBottom: 3 },
  legend: { flexDirection: 'row', flexWrap: 'wrap', marginTop: 3, marginBottom: 4, fontSize: 8 },
  key: { flexDirection: 'row', alignItems: 'center', marginRight: 10 },
  swatch: { width: 8, height: 8, marginRight: 3 },
  tick: { fontSize: 6.5, fontFamily: 'Helvetica' },
});

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Stacked columns, one per label, then the legend and the data table (the label column first). */
export function PdfStackedColumns({
  caption,
  head,
  labels,
  series,
}: {
  caption: string;
  head: string;
  labels: string[];
  series: PdfSeries[];
}) {
  const W = CONTENT_WIDTH;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const totals = labels.map((_, i) => series.reduce((n, x) => n + (x.values[i] ?? 0), 0));
  // Counts: at least 0, 1, 2 on the axis, never half an incident.
  const max = Math.max(2, niceMax(Math.max(0, ...totals)));
  const slot = plotW / Math.max(1, labels.length);
  const bar = Math.max(1, Math.min(22, slot * 0.7));
  // About twelve x labels at most, so they never overlap.
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return (
    <View style={c.figure}>
      <View wrap={false}>
        <Text style={c.caption}>{caption}</Text>
        <Svg width={W} height={H} viewBox={`0 0 ${W} ${H}`}>
          {[0, 0.5, 1].map((f) => {
            const y = PAD.top + plotH - f * plotH;
            return [
              <Line key={`g${f}`} x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke={COLORS.rule} strokeWidth={0.5} />,
              <SvgText key={`t${f}`} x={PAD.left - 4} y={y + 2} textAnchor="end" style={c.tick} fill={COLORS.muted}>
                {fmt(max * f)}
              </SvgText>,
            ];
          })}
          {labels.map((l, i) =>
            i % every === 0 ? (
              <SvgText
                key={`x${l}`}
                x={PAD.left + slot * i + slot / 2}
                y={H - PAD.bottom + 10}
                textAnchor="middle"
                style={c.tick}
                fill={COLORS.muted}
              >
                {l}
              </SvgText>
            ) : null,
          )}
          {labels.flatMap((l, i) => {
            let y = PAD.top + plotH;
            return series.map((x) => {
              const v = x.values[i] ?? 0;
              if (!v) return null;
              const h = (v / max) * plotH;
              y -= h;
              return (
                <Rect key={`${l}-${x.label}`} x={PAD.left + slot * i + (slot - bar) / 2} y={y} width={bar} height={h} fill={x.color} />
              );
            });
          })}
        </Svg>
        <View style={c.legend}>
          {series.map((x) => (
            <View key={x.label} style={c.key}>
              <View style={[c.swatch, { backgroundColor: x.color }]} />
              <Text>{x.label}</Text>
            </View>
          ))}
        </View>
      </View>
      <RowsTable
        columns={[{ key: 'label', label: head }, ...series.map((x, j) => ({ key: `s${j}`, label: x.label }))]}
        rows={labels.map((l, i) => ({ label: l, ...Object.fromEntries(series.map((x, j) => [`s${j}`, String(x.values[i] ?? 0)])) }))}
      />
    </View>
  );
}
