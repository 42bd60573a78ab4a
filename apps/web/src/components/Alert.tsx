/** What went wrong, announced: nothing when there is nothing to say. */
export function Alert({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
