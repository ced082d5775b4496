"use client";
/** The widgets' SVG chart of bars: area or candles, volume below, dashed previous-close baseline. */
import { useId } from "react";
import type { BarPlot } from "../../../lib/widgets/barPlot";

export interface BarPlotSvgProps {
  plot: BarPlot;
  width: number;
  height: number;
  volumeHeight: number;
  style: "area" | "candles";
  label: string;
}

/** A price line over a fill that fades downwards, in the text colour (the widget's trend). */
export function AreaFill({ area, line }: { area: string; line: string }) {
  const gradientId = useId();
  return (
    <>
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="currentColor" stopOpacity="0.28" />
          <stop offset="1" stopColor="currentColor" stopOpacity="0" />
        </linearGradient>
      </defs>
      <path d={area} fill={`url(#${gradientId})`} />
      <path d={line} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </>
  );
}

export function BarPlotSvg({ plot, width, height, volumeHeight, style, label }: BarPlotSvgProps) {
  return (
    <svg viewBox={`0 0 ${width} ${height + volumeHeight}`} preserveAspectRatio="none" role="img" aria-label={label} data-style={style}>
      {style === "area" ? (
        <AreaFill area={plot.area} line={plot.line} />
      ) : (
        <g className="tw-candles">
          {plot.candles.map((c, i) => (
            <g key={i} className={c.up ? "tw-up" : "tw-down"}>
              <line x1={c.wick.x} x2={c.wick.x} y1={c.wick.y1} y2={c.wick.y2} stroke="currentColor" vectorEffect="non-scaling-stroke" />
              <rect x={c.body.x} y={c.body.y} width={c.body.width} height={c.body.height} fill="currentColor" />
            </g>
          ))}
        </g>
      )}
      {plot.baselineY !== null && (
        <line
          className="tw-baseline"
          x1={0}
          x2={width}
          y1={plot.baselineY}
          y2={plot.baselineY}
          stroke="var(--muted)"
          strokeDasharray="3 3"
          vectorEffect="non-scaling-stroke"
        />
      )}
      {volumeHeight > 0 && (
        <g className="tw-volume">
          {plot.volumes.map((v, i) => (
            <rect key={i} x={v.x} y={v.y} width={v.width} height={v.height} className={v.up ? "tw-up" : "tw-down"} fill="currentColor" opacity={0.35} />
          ))}
        </g>
      )}
    </svg>
  );
}
