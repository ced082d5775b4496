/**
 * Hand-drawn SVG geometry for the widgets' bar charts (no chart library in an embed page): a
 * close line and area, or candles, over volume bars, with an optional dashed baseline at the
 * previous close. Bars are spaced evenly by index, as a broker's chart spaces them (nights and
 * weekends take no room).
 */
import type { Bar } from "../bars/types";
import { candleGeometry, type CandleGeometry, type PixelBox } from "../candleGeometry";

export interface BarPlot {
  line: string;
  area: string;
  candles: CandleGeometry[];
  /** One rectangle per bar in the volume strip; `up` colours it like its candle. */
  volumes: (PixelBox & { up: boolean })[];
  /** y of the baseline in the price area, or null without one. */
  baselineY: number | null;
}

export interface PlotBox {
  width: number;
  /** Height of the price area. */
  height: number;
  /** Height of the volume strip below it (0 for none). */
  volumeHeight: number;
  /** Free space above and below the price area's extremes. */
  pad?: number;
}

/** Null with fewer than two bars (nothing to draw a line through). */
export function barPlot(bars: readonly Bar[], box: PlotBox, baseline: number | null = null): BarPlot | null {
  if (bars.length < 2) return null;
  const pad = box.pad ?? 4;
  let min = baseline ?? Infinity;
  let max = baseline ?? -Infinity;
  let maxVolume = 0;
  for (const b of bars) {
    if (b.l < min) min = b.l;
    if (b.h > max) max = b.h;
    if (b.v > maxVolume) maxVolume = b.v;
  }
  const range = max - min;
  const slot = box.width / bars.length;
  const x = (i: number) => (i + 0.5) * slot;
  const y = (price: number) => (range > 0 ? pad + ((max - price) / range) * (box.height - 2 * pad) : box.height / 2);

  let line = "";
  const candles: CandleGeometry[] = [];
  const volumes: BarPlot["volumes"] = [];
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    line += `${i === 0 ? "M" : "L"}${round(x(i))},${round(y(b.c))}`;
    const top = y(b.h);
    candles.push(candleGeometry({ x: i * slot, y: top, width: slot, height: y(b.l) - top }, b));
    const h = maxVolume > 0 ? (b.v / maxVolume) * box.volumeHeight : 0;
    volumes.push({ x: i * slot + slot * 0.15, y: box.height + box.volumeHeight - h, width: slot * 0.7, height: h, up: b.c >= b.o });
  }
  const area = `${line}L${round(x(bars.length - 1))},${box.height}L${round(x(0))},${box.height}Z`;
  return { line, area, candles, volumes, baselineY: baseline === null ? null : round(y(baseline)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
