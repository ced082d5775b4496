"use client";
/** The crosshair's readout: open, high, low, close, volume and the bar's time in the exchange's zone. */
import type { Bar } from "../../../lib/bars/types";
import { formatPrice, formattersFor, formatVolume, zoneLabel } from "../../../lib/format";

const en = formattersFor("en-US");

export interface OhlcTooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  timeZone: string;
  daily: boolean;
}

function isBar(value: unknown): value is Bar {
  return typeof value === "object" && value !== null && "o" in value && "h" in value && "l" in value && "c" in value && "t" in value;
}

export function OhlcTooltip({ active, payload, timeZone, daily }: OhlcTooltipProps) {
  const bar = payload?.[0]?.payload;
  if (!active || !isBar(bar)) return null;
  const rows: [string, string][] = [
    ["O", formatPrice(bar.o)],
    ["H", formatPrice(bar.h)],
    ["L", formatPrice(bar.l)],
    ["C", formatPrice(bar.c)],
    ["V", formatVolume(bar.v)],
  ];
  return (
    <div className="ohlc-tooltip" data-testid="ohlc-tooltip">
      <p className="ohlc-tooltip__time">
        {en.dateTime(bar.t, timeZone, daily)} <span className="ohlc-tooltip__zone">{zoneLabel(timeZone)}</span>
      </p>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
