/**
 * Local symbol ⇄ upstream names. Defaults come from the adapter (BTC-USD → btcusdt@trade);
 * FEED_SYMBOL_MAP overrides single symbols: "BTC-USD=BINANCE:BTCUSDT,ETH-USD=BINANCE:ETHUSDT".
 */
import { isValidSymbol } from "../../lib/protocol";
import type { UpstreamAdapter } from "./adapter";

export class SymbolMap {
  private readonly toUp = new Map<string, string>();
  private readonly fromTrade = new Map<string, string>();

  constructor(
    private readonly adapter: UpstreamAdapter,
    symbols: readonly string[],
    overrides: ReadonlyMap<string, string>,
  ) {
    for (const symbol of symbols) {
      const upstream = overrides.get(symbol) ?? adapter.toUpstream(symbol);
      this.toUp.set(symbol, upstream);
      this.fromTrade.set(adapter.tradeKey(upstream), symbol);
    }
  }

  upstream(symbol: string): string | undefined {
    return this.toUp.get(symbol);
  }

  /** The local symbol for the instrument name a trade carries. */
  local(tradeName: string): string | undefined {
    return this.fromTrade.get(tradeName);
  }
}

/** Parses FEED_SYMBOL_MAP; throws with the offending entry. */
export function parseSymbolMap(raw: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!raw?.trim()) return map;
  for (const entry of raw.split(",")) {
    const [local, upstream, extra] = entry.split("=").map((s) => s.trim());
    if (!local || !upstream || extra !== undefined || !isValidSymbol(local) || !/^[\w.:@/-]{1,64}$/.test(upstream)) {
      throw new Error(`entry "${entry.trim()}" is not LOCAL=UPSTREAM (e.g. BTC-USD=btcusdt@trade)`);
    }
    map.set(local, upstream);
  }
  return map;
}
