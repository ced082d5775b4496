"use client";
/**
 * Holds this page session's ticker store and feed client. The store is created in useState
 * (one per mounted provider, never shared between server requests); the WebSocket is opened in
 * useEffect, so nothing touches the network during server rendering.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { createFeedClient } from "../../lib/feedClient/feedClient";
import type { FeedClient, FeedClientOptions } from "../../lib/feedClient/types";
import { connectFeedToStore } from "../../lib/store/connectFeed";
import { createTickerStore, type TickerStore } from "../../lib/store/tickerStore";
import { BarCache } from "./barCache";
import type { FeedConfig, MarketHoursDisplay } from "./feedConfig";
import { httpBaseFor, resolveFeedUrls } from "./feedUrls";
import { createTokenFetcher } from "./tokenUrl";

export interface FeedContextValue {
  store: TickerStore;
  /** Null during server rendering and before the effect has created it. */
  client: FeedClient | null;
  /** HTTP bases of the feed servers, in the same order as their WebSocket URLs. */
  httpBases: readonly string[];
  /** Bars fetched from the feed's /bars during this page session. */
  bars: BarCache;
  /** FEED_MARKET_HOURS: with "exchange", views show whether each market is open. */
  marketHours: MarketHoursDisplay;
}

const FeedContext = createContext<FeedContextValue | null>(null);

export interface FeedProviderProps {
  config: FeedConfig;
  /**
   * Where to fetch feed tokens, e.g. "/api/feed-token" or, for a widget, "/api/feed-token?symbols=AAPL";
   * each request also asks for the symbols the page watches (tokenUrl.ts). Null or absent when the
   * feed needs no token.
   */
  tokenPath?: string | null;
  /** Extra client options, e.g. shorter backoff in tests. */
  clientOptions?: Omit<FeedClientOptions, "urls">;
  children: ReactNode;
}

export function FeedProvider({ config, tokenPath = null, clientOptions, children }: FeedProviderProps) {
  const [store] = useState(createTickerStore);
  const [bars] = useState(() => new BarCache());
  const [client, setClient] = useState<FeedClient | null>(null);
  const [httpBases, setHttpBases] = useState<readonly string[]>([]);
  const configKey = `${config.urls.join(",")}|${config.port}`;

  useEffect(() => {
    const urls = resolveFeedUrls(config, window.location);
    const tokens = tokenPath === null ? {} : { getToken: createTokenFetcher(tokenPath) };
    const feed = createFeedClient({ ...clientOptions, ...tokens, urls });
    const disconnect = connectFeedToStore(feed, store);
    feed.start();
    setClient(feed);
    setHttpBases(urls.map(httpBaseFor));
    return () => {
      disconnect();
      feed.stop();
      setClient(null);
    };
    // Keyed on the config's content (the object is recreated on every server render);
    // clientOptions are read once at mount: they exist for tests.
  }, [configKey, tokenPath, store]);

  const marketHours = config.marketHours ?? "always";
  const value = useMemo(() => ({ store, client, httpBases, bars, marketHours }), [store, client, httpBases, bars, marketHours]);
  return <FeedContext.Provider value={value}>{children}</FeedContext.Provider>;
}

export function useFeed(): FeedContextValue {
  const value = useContext(FeedContext);
  if (value === null) throw new Error("useFeed must be used inside <FeedProvider>");
  return value;
}
