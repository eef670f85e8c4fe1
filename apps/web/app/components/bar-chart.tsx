// A small bar chart drawn as SVG on the server: no script, no layout shift, and a table for screen
// readers. Bars stretch to the width; the labels stay text.
type Bar = { label: string; value: number; title?: string };

export function BarChart({ bars, label, height = 120 }: { bars: Bar[]; label: string; height?: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = bars.length * 10;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        preserveAspectRatio="none"
        width="100%"
        height={height}
      >
        {bars.map((b, i) => {
          const h = b.value === 0 ? 0 : Math.max(1, Math.round((b.value / max) * height));
          return (
            <rect key={b.label} x={i * 10 + 1} y={height - h} width={8} height={h} className="bar">
              <title>{`${b.title ?? b.label}: ${b.value}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart-axis">
        <span>{bars[0]?.label}</span>
        <span>max {max}</span>
        <span>{bars.at(-1)?.label}</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>{b.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
