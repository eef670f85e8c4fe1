// Bars per day drawn with @visx. Nothing is measured, so the server and the browser render the same
// markup and nothing moves when the page hydrates.
// The svg has a fixed height and takes the width it is given; across it, positions are percentages of
// that width (the scales run from 0 to 100), down it they are pixels, so the bars stretch while the
// text keeps its size. The y axis sits in the svg's left margin (overflow shows it). Screen readers
// get a table with one column per series.
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { BarGroup } from '@visx/shape';

/** One series of bars; `tone` picks its colour (styles.css, `.chart .tone-*`). */
export type ChartSeries<K extends string> = {
  key: K;
  label: string;
  tone: 'brand' | 'blue' | 'green' | 'orange';
};

type Row<K extends string> = { date: string } & Record<K, number>;

const TOP = 8; // room for the top y tick's label
const BOTTOM = 24; // the x axis: tick and date
const MIN_SLOTS = 7; // fewer days than this don't widen their bars: they stay centred at a week's width
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TICK_STEPS = [1, 2, 3, 7, 14, 30, 61, 91, 182, 365];

const pct = (n: number) => `${Number(n.toFixed(3))}%`;

export function BarChart<K extends string>({
  rows,
  series,
  label,
  height = 180,
}: {
  rows: Array<Row<K>>;
  series: Array<ChartSeries<K>>;
  label: string;
  height?: number;
}) {
  const plotHeight = height - TOP - BOTTOM;
  const keys = series.map((s) => s.key);
  const dates = rows.map((r) => r.date);
  const max = Math.max(1, ...rows.flatMap((r) => keys.map((k) => r[k])));

  const span = Math.min(100, (100 * rows.length) / MIN_SLOTS);
  const x0Scale = scaleBand<string>({
    domain: dates,
    range: [(100 - span) / 2, (100 + span) / 2],
    paddingInner: 0.2,
    paddingOuter: 0.1,
  });
  const x1Scale = scaleBand<K>({ domain: keys, range: [0, x0Scale.bandwidth()] });
  const yScale = scaleLinear<number>({ domain: [0, max], range: [plotHeight, 0] }).nice(4);
  const yTicks = yScale.ticks(4).filter(Number.isInteger);

  const multiYear = dates.length > 0 && dates[0]!.slice(0, 4) !== dates.at(-1)!.slice(0, 4);
  // Date labels at least a fifth of the plot apart (longer ones, with the year, nearly a third): they
  // don't touch on a phone, where the plot is some 270 px wide.
  const minGap = multiYear ? 0.3 : 0.2;
  const step = TICK_STEPS.find((s) => (s / dates.length) * (span / 100) >= minGap) ?? 365;
  const xTicks = dates.filter((_, i) => i % step === 0);
  const formatDay = (date: string) => {
    const [y, m, d] = date.split('-');
    return `${MONTHS[Number(m) - 1]} ${Number(d)}${multiYear ? `, ${y}` : ''}`;
  };
  const describe = (r: Row<K>) =>
    `${r.date}: ${series.map((s) => `${r[s.key]} ${s.label.toLowerCase()}`).join(', ')}`;
  const tone = new Map(series.map((s) => [s.key, s.tone]));

  return (
    <figure className="chart">
      {series.length > 1 ? (
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`swatch tone-${s.tone}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <svg role="img" aria-label={label} height={height} className="chart-plot">
        <Group top={TOP}>
          {yTicks.map((t) => (
            <line key={t} className="grid" x1="0" x2="100%" y1={yScale(t)} y2={yScale(t)} />
          ))}
          {/* Plain <text> labels: @visx/text's default ones measure words in the document as they render. */}
          <AxisLeft
            scale={yScale}
            tickValues={yTicks}
            tickFormat={(v) => String(v)}
            hideAxisLine
            hideTicks
            tickLength={6}
            tickComponent={({ x, y, formattedValue }) => (
              <text className="tick" x={x} y={y} dy="0.32em" textAnchor="end">
                {formattedValue}
              </text>
            )}
          />
          <BarGroup
            data={rows}
            keys={keys}
            height={plotHeight}
            x0={(r) => r.date}
            x0Scale={x0Scale}
            x1Scale={x1Scale}
            yScale={yScale}
            color={(k) => `tone-${tone.get(k) ?? 'brand'}`}
          >
            {(groups) =>
              groups.map((g) => (
                <g key={dates[g.index]}>
                  {g.bars
                    .filter((b) => b.value > 0)
                    .map((b) => (
                      // Never lower than a pixel, so a 1 next to a 500 still shows.
                      <rect
                        key={b.key}
                        className={`bar ${b.color}`}
                        x={pct(g.x0 + b.x)}
                        width={pct(b.width)}
                        y={Math.min(b.y, plotHeight - 1)}
                        height={Math.max(b.height, 1)}
                      />
                    ))}
                  <rect
                    className="hit"
                    x={pct(g.x0 - (x0Scale.step() - x0Scale.bandwidth()) / 2)}
                    width={pct(x0Scale.step())}
                    y={0}
                    height={plotHeight}
                  >
                    <title>{describe(rows[g.index]!)}</title>
                  </rect>
                </g>
              ))
            }
          </BarGroup>
          <line className="baseline" x1="0" x2="100%" y1={plotHeight + 0.5} y2={plotHeight + 0.5} />
          <AxisBottom
            top={plotHeight}
            scale={x0Scale}
            tickValues={xTicks}
            tickFormat={formatDay}
            hideAxisLine
            hideTicks
            tickComponent={({ x, formattedValue }) => (
              <>
                <line className="baseline" x1={pct(x)} x2={pct(x)} y1={0} y2={4} />
                <text className="tick" x={pct(x)} y={17} textAnchor="middle">
                  {formattedValue}
                </text>
              </>
            )}
          />
        </Group>
      </svg>
      {/* In a box of its own: a table is never narrower than its columns, and would widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.date}>
                <th scope="row">{r.date}</th>
                {series.map((s) => (
                  <td key={s.key}>{r[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Every calendar day from `from` to `to` (YYYY-MM-DD), with the rows' values and zeros between. */
export function everyDay<T extends { date: string }>(
  from: string,
  to: string,
  rows: T[],
  zero: Omit<T, 'date'>,
): T[] {
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const out: T[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to && out.length < 800;) {
    const date = d.toISOString().slice(0, 10);
    out.push(byDate.get(date) ?? ({ ...zero, date } as T));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
