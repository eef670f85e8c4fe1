// A labelled date input with its error (from the server's field errors) announced next to it.
import { FieldError } from './field-error.tsx';
export function DateField({
  name,
  label,
  defaultValue,
  error,
}: {
  name: string;
  label: string;
  defaultValue: string;
  error: string | undefined;
}) {
  const errorId = `${name}-error`;
  return (
    <label>
      {label}
      <input
        type="date"
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <FieldError id={errorId} message={error} />
    </label>
  );
}
