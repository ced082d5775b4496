"use client";
import { CHART_WINDOW_NAMES, type ChartWindow } from "./chartData";

export interface WindowSelectorProps {
  value: ChartWindow;
  onChange(value: ChartWindow): void;
  /** Names the group for assistive technology, e.g. "AAPL chart window". */
  label: string;
}

/** 1m / 5m / 15m toggle buttons; the pressed one is the current window. */
export function WindowSelector({ value, onChange, label }: WindowSelectorProps) {
  return (
    <div className="window-selector" role="group" aria-label={label}>
      {CHART_WINDOW_NAMES.map((name) => (
        <button
          key={name}
          type="button"
          className="window-selector__button"
          aria-pressed={name === value}
          onClick={() => onChange(name)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
