// One figure on a card: its label, the value, and an optional line under it.
export function Stat({
  label,
  value,
  note,
  small = false,
}: {
  label: string;
  value: string | number;
  note?: string;
  small?: boolean;
}) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className={small ? 'stat-value small' : 'stat-value'}>{value}</span>
      {note ? <span className="muted">{note}</span> : null}
    </div>
  );
}
