"use client";
import type { FeedState } from "../../lib/feedClient/types";
import { useTicker } from "../_feed/useTicker";

const LABELS: Record<FeedState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** Connection indicator: "Live · 3 ms", "Reconnecting…", "Offline" or "Connecting…". */
export function ConnectionStatus() {
  const connection = useTicker((s) => s.connection);
  const latencyMs = useTicker((s) => s.latencyMs);
  const text =
    connection === "live" && latencyMs !== null ? `${LABELS.live} · ${Math.round(latencyMs)} ms` : LABELS[connection];
  return (
    <p role="status" className="connection" data-state={connection}>
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
