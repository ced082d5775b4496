/**
 * The heatmap's colour scale: red for a fall, green for a rise, deeper as the day's move grows,
 * saturating at ±3 % (a broker's heatmap convention); grey while the change is unknown or zero.
 * Pure, so the scale is tested without a browser.
 */
export const HEAT_SATURATION_PCT = 3;

export interface HeatColour {
  background: string;
  /** Text colour that stays readable on that background. */
  foreground: string;
}

const NEUTRAL: HeatColour = { background: "hsl(220 8% 46%)", foreground: "#ffffff" };

export function heatColour(changePct: number | null | undefined): HeatColour {
  if (changePct === null || changePct === undefined || !Number.isFinite(changePct) || changePct === 0) return NEUTRAL;
  const intensity = Math.min(Math.abs(changePct) / HEAT_SATURATION_PCT, 1);
  const hue = changePct > 0 ? 145 : 0;
  const saturation = Math.round(40 + 30 * intensity);
  const lightness = Math.round(50 - 22 * intensity);
  return { background: `hsl(${hue} ${saturation}% ${lightness}%)`, foreground: "#ffffff" };
}

/** Relative tile areas by volume: square-root scaled so one giant does not hide the rest, floor 1. */
export function tileWeights(volumes: readonly number[]): number[] {
  const roots = volumes.map((v) => (v > 0 ? Math.sqrt(v) : 0));
  const max = Math.max(0, ...roots);
  if (max === 0) return volumes.map(() => 1);
  return roots.map((r) => Math.max(1, Math.round((r / max) * 6)));
}
