// A field's error from the server, next to the field and announced (role="alert"); the field points
// at it with aria-describedby={id}.
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}
