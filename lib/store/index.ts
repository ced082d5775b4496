export { createTickerStore, DEFAULT_MAX_HISTORY, type TickerState, type TickerStore, type TickerStoreOptions } from "./tickerStore";
export { connectFeedToStore, type FeedSource } from "./connectFeed";
export { createFrameBatcher, type FrameBatcher, type FrameBatcherOptions } from "./frameBatcher";
export { defaultFrameScheduler, type FrameScheduler } from "./frameScheduler";
export type { FeedEvent, LatencyEvent, StateEvent } from "./feedEvents";
export type { SymbolState } from "./symbolState";
export { DEFAULT_MAX_BARS, type SecondBar } from "./secondBars";
