"use client";
/**
 * Every listed symbol's price, day change % and volume: the feed's /symbols answer first, then
 * the store (fed by conflated `1d` bar subscriptions), re-read at most every `intervalMs` so a
 * page of 50+ symbols re-renders a few times a second, not on every bar.
 */
import { useEffect, useState } from "react";
import type { Quote } from "../../../lib/feedHttp";
import { useFeed } from "../../_feed/FeedProvider";

export interface LiveQuote extends Quote {
  /** Day change in percent against the previous close, the value every view shows. */
  percent: number | null;
}

export function useLiveQuotes(quotes: readonly Quote[], intervalMs: number): readonly LiveQuote[] {
  const { store, client } = useFeed();
  const [rows, setRows] = useState<readonly LiveQuote[]>(() => quotes.map((q) => ({ ...q, percent: q.changePct })));

  // Conflated bars, not every tick: at most 4 frames a second per symbol (FEED_BAR_UPDATE_MS).
  useEffect(() => {
    if (!client) return;
    const releases = quotes.map((q) => client.watch(q.symbol, { bars: "1d" }));
    return () => {
      for (const release of releases) release();
    };
  }, [client, quotes]);

  useEffect(() => {
    const read = () => {
      const symbols = store.getState().symbols;
      setRows(
        quotes.map((q) => {
          const s = symbols.get(q.symbol);
          if (!s || s.last === null) return { ...q, percent: q.changePct };
          return {
            ...q,
            price: s.last,
            prevClose: s.prevClose ?? q.prevClose,
            change: s.change,
            percent: s.percent,
            changePct: s.percent,
            volume: s.day.volume || q.volume,
            market: s.market ?? q.market,
          };
        }),
      );
    };
    read();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      if (timer === null) timer = setTimeout(() => ((timer = null), read()), intervalMs);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, quotes, intervalMs]);

  return rows;
}
