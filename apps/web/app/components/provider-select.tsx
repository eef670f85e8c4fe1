// The clinic's providers as a select; `anyLabel` adds a first "no filter" option.
export function ProviderSelect({
  providers,
  defaultValue,
  anyLabel,
}: {
  providers: Array<{ id: string; name: string }>;
  defaultValue: string | undefined;
  anyLabel?: string;
}) {
  return (
    <label>
      Provider
      <select name="providerId" defaultValue={defaultValue ?? ''}>
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
