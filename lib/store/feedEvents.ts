/**
 * Everything the feed client reports that the ticker store cares about, as one union on `type`.
 * Server frames pass through unchanged (no copy per tick); connection facts get their own types.
 */
import type { FeedState } from "../feedClient/types";
import type { BarMessage, ErrorMessage, SnapshotMessage, StatusMessage, TickMessage, WelcomeMessage } from "../protocol";

export interface StateEvent {
  type: "state";
  state: FeedState;
}

export interface LatencyEvent {
  type: "latency";
  ms: number;
}

export type FeedEvent =
  | WelcomeMessage
  | SnapshotMessage
  | TickMessage
  | StatusMessage
  | BarMessage
  | ErrorMessage
  | StateEvent
  | LatencyEvent;
