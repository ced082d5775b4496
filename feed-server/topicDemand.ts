/**
 * Which symbols somebody watches, across their topics: ticks on the symbol's own topic, bars on
 * `SYMBOL@interval`. A symbol is in demand while any of its topics has a subscriber, so a relay
 * subscribes upstream for a bar subscriber exactly as for a tick subscriber.
 */
import { isInterval, type Interval } from "../lib/bars/types";

export interface TopicDemandHandlers {
  /** A symbol gained its first watcher on any topic (true) or lost its last (false). */
  onDemand(symbol: string, watched: boolean): void;
  /** A bar topic gained its first subscriber (true) or lost its last (false). */
  onBarTopic(symbol: string, interval: Interval, watched: boolean): void;
}

/** Returns the handler for uWS's `subscription` callback (topic, new count, old count). */
export function createTopicDemand(handlers: TopicDemandHandlers): (topic: string, newCount: number, oldCount: number) => void {
  const topicsWatched = new Map<string, number>();
  return (topic, newCount, oldCount) => {
    const delta = oldCount === 0 && newCount > 0 ? 1 : newCount === 0 && oldCount > 0 ? -1 : 0;
    if (delta === 0) return;
    const at = topic.indexOf("@");
    const symbol = at < 0 ? topic : topic.slice(0, at);
    const interval = topic.slice(at + 1);
    if (at >= 0 && isInterval(interval)) handlers.onBarTopic(symbol, interval, delta > 0);
    const was = topicsWatched.get(symbol) ?? 0;
    const now = was + delta;
    if (now === 0) topicsWatched.delete(symbol);
    else topicsWatched.set(symbol, now);
    if (was === 0 && now > 0) handlers.onDemand(symbol, true);
    else if (was > 0 && now === 0) handlers.onDemand(symbol, false);
  };
}
