/** What a widget shows instead of prices when its options are invalid. */
export function WidgetErrors({ errors }: { errors: readonly string[] }) {
  return (
    <div className="tw-error" role="alert">
      <strong>tickwire widget:</strong>
      <ul>
        {errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </div>
  );
}
