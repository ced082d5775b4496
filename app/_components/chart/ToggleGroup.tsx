"use client";
/** A row of toggle buttons (ranges, chart type); the pressed one is the current value. */
export interface ToggleGroupProps<T extends string> {
  options: readonly T[];
  value: T;
  onChange(value: T): void;
  /** Names the group for assistive technology, e.g. "AAPL chart range". */
  label: string;
  /** Button text when it differs from the value. */
  names?: Partial<Record<T, string>>;
}

export function ToggleGroup<T extends string>({ options, value, onChange, label, names }: ToggleGroupProps<T>) {
  return (
    <div className="window-selector" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          className="window-selector__button"
          aria-pressed={option === value}
          onClick={() => onChange(option)}
        >
          {names?.[option] ?? option}
        </button>
      ))}
    </div>
  );
}
