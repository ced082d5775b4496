/**
 * The reconnecting feed client shared by the dashboard, the widgets and Node tools. It owns one
 * socket at a time, resumes every watched symbol after a reconnect, and only ever hands
 * listeners contiguous data: a hole in a symbol's seqs triggers a resync instead of a tick.
 */
import { ErrorCodes } from "../codes";
import {
  decodeServerFrame,
  type ClientMessage,
  type ErrorMessage,
  type SnapshotMessage,
  type TickMessage,
  type WelcomeMessage,
} from "../protocol";
import { fullJitterDelay } from "./backoff";
import { ClientDisconnects, closeQuietly } from "./disconnects";
import { Emitter } from "./emitter";
import { Heartbeat } from "./heartbeat";
import { openAttempt } from "./openAttempt";
import { resolveOptions, type ResolvedOptions } from "./options";
import { SubscriptionBatch, type FeedMode } from "./subscriptionBatch";
import { TimerSlot } from "./timerSlot";
import { TokenKeeper } from "./tokenKeeper";
import type {
  FeedClientEvents,
  FeedClientExtraEvents,
  FeedClientOptions,
  FeedClientStats,
  FeedState,
  FullFeedClient,
  WatchOptions,
  WebSocketLike,
} from "./types";
import { Watchlist } from "./watchlist";

type AllEvents = FeedClientEvents & FeedClientExtraEvents;

/** WebSocket.readyState OPEN; the interface has no static constants. */
const OPEN = 1;

export function createFeedClient(options: FeedClientOptions): FullFeedClient {
  return new ReconnectingFeedClient(resolveOptions(options));
}

class ReconnectingFeedClient implements FullFeedClient {
  private currentState: FeedState = "offline";
  private lastLatencyMs: number | null = null;
  private offeredSymbols: readonly string[] = [];
  private readonly counters: FeedClientStats = {
    malformedFrames: 0,
    duplicateTicks: 0,
    gaps: 0,
    ignoredTicks: 0,
    downgradedSnapshots: 0,
    connections: 0,
  };
  private readonly events = new Emitter<AllEvents>();
  private readonly watchlist = new Watchlist();
  /** Subscribe/unsubscribe requests of the current task, sent together by flushBatch(). */
  private readonly batch = new SubscriptionBatch();
  private flushQueued = false;
  private readonly heartbeat: Heartbeat;
  private readonly reconnectTimer: TimerSlot;
  private readonly handshakeTimer: TimerSlot;
  /** With `getToken`: the connection's token, its renewal and widening (tokenKeeper.ts). */
  private readonly tokens: TokenKeeper | null;
  /** Symbols this connection has asked the server for and not dropped: a renewed token must allow them. */
  private readonly subscribed = new Set<string>();

  /** Between start() and stop(); false also after an unrecoverable local failure. */
  private running = false;
  private socket: WebSocketLike | null = null;
  /** The current socket has delivered its welcome, i.e. state is "live". */
  private welcomed = false;
  /** Epoch of the latest welcome; the resume position of the next connection belongs to it. */
  private epoch: string | null = null;
  /** Reconnect attempts since the last live connection; drives the backoff window. */
  private attempt = 0;
  private urlIndex = 0;
  /** Bumped by every connect and disconnect, so a late `resolveUrl` result for a dead attempt is dropped. */
  private generation = 0;

  constructor(private readonly options: ResolvedOptions) {
    this.reconnectTimer = new TimerSlot(options.setTimeout, options.clearTimeout);
    this.handshakeTimer = new TimerSlot(options.setTimeout, options.clearTimeout);
    this.heartbeat = new Heartbeat({
      intervalMs: options.pingIntervalMs,
      timeoutMs: options.pongTimeoutMs,
      now: options.now,
      setTimeout: options.setTimeout,
      clearTimeout: options.clearTimeout,
      sendPing: (id) => this.send({ op: "ping", id }),
      onRoundTrip: (ms) => {
        this.lastLatencyMs = ms;
        this.events.emit("latency", ms);
      },
      onTimeout: () => this.disconnectWith(ClientDisconnects.PONG_TIMEOUT, true),
    });
    const getToken = options.getToken;
    this.tokens = getToken
      ? new TokenKeeper({
          getToken,
          watched: () => this.watchlist.symbols(),
          subscribed: () => this.subscribed,
          sendAuth: (token) => this.send({ op: "auth", token }),
          onNewToken: () => this.afterNewToken(),
          // No wider token to be had for now: held symbols go out for the feed to judge (UNAUTHORIZED),
          // and are asked for again with the next token (renewal or another widening).
          onTokenFailed: () => this.flushBatch(),
          now: options.now,
          setTimeout: options.setTimeout,
          clearTimeout: options.clearTimeout,
        })
      : null;
  }

  get state(): FeedState {
    return this.currentState;
  }

  get latencyMs(): number | null {
    return this.lastLatencyMs;
  }

  get serverSymbols(): readonly string[] {
    return this.offeredSymbols;
  }

  get stats(): Readonly<FeedClientStats> {
    return this.counters;
  }

  on<K extends keyof AllEvents>(event: K, listener: (value: AllEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.setState("connecting");
    this.connect();
  }

  stop(): void {
    if (!this.running) return;
    this.disconnectWith(ClientDisconnects.STOPPED, false);
  }

  watch(symbol: string, options: WatchOptions = {}): () => void {
    const mode: FeedMode = options.bars ?? "ticks";
    const first = !this.watchlist.has(symbol);
    if (this.watchlist.retain(symbol, mode)) {
      if (first) this.tokens?.watchGrew();
      if (this.welcomed) this.request(symbol, "subscribe");
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.watchlist.release(symbol, mode)) {
        if (this.welcomed) this.request(symbol, "unsubscribe");
      } else if (this.watchlist.releaseChangedMode(symbol) && this.welcomed) {
        // The remaining watchers need another mode (e.g. the last tick watcher left a bar watcher).
        this.request(symbol, "subscribe");
      }
    };
  }

  private request(symbol: string, op: "subscribe" | "unsubscribe"): void {
    this.batch.add(symbol, op);
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.options.defer(() => this.flushBatch());
  }

  private flushBatch(): void {
    this.flushQueued = false;
    // After a disconnect the batch is void: the next welcome's resubscribe covers every symbol.
    if (!this.welcomed) return this.batch.clear();
    for (const frame of this.batch.take((symbol) => this.watchlist.modeOf(symbol))) {
      // Unsubscribes come first, so a renewed token need not allow what is being dropped.
      const hold = frame.op === "subscribe" && this.tokens ? this.tokens.toHold(frame.symbols) : [];
      for (const symbol of hold) this.batch.add(symbol, "subscribe");
      const symbols = hold.length === 0 ? frame.symbols : frame.symbols.filter((s) => !hold.includes(s));
      if (symbols.length > 0) this.send({ ...frame, symbols });
    }
  }

  /**
   * The single way a connection ends: socket close or error, ping or handshake timeout, failed
   * connect, stop(). Everything tied to the socket is torn down here and nowhere else, so no
   * path can leave a timer or a half-attached socket behind.
   */
  private disconnect(code: number, reason: string, reconnect: boolean): void {
    this.generation += 1;
    const generation = this.generation;
    this.heartbeat.stop();
    this.handshakeTimer.clear();
    this.reconnectTimer.clear();
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (socket) closeQuietly(socket, code, reason);
    this.batch.clear();
    this.subscribed.clear();
    this.tokens?.reset();
    this.watchlist.expectSnapshots();

    const willReconnect = reconnect && this.running;
    if (willReconnect) {
      const delay = fullJitterDelay(
        this.attempt,
        { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs },
        this.options.random,
      );
      this.attempt += 1;
      this.reconnectTimer.set(() => this.connect(), delay);
    } else {
      this.running = false;
    }

    this.events.emit("disconnect", { code, reason, reconnect: willReconnect });
    // A disconnect listener may have called stop() or start(); its state wins over ours.
    if (generation !== this.generation) return;
    this.setState(willReconnect ? "reconnecting" : "offline");
  }

  private connect(): void {
    this.generation += 1;
    const generation = this.generation;
    const url = this.options.urls[this.urlIndex % this.options.urls.length] ?? "";
    this.urlIndex += 1;
    this.handshakeTimer.set(
      () => this.disconnectWith(ClientDisconnects.HANDSHAKE_TIMEOUT, true),
      this.options.handshakeTimeoutMs,
    );

    const tokens = this.tokens;
    openAttempt(
      url,
      tokens ? (u) => tokens.urlFor(u) : this.options.resolveUrl,
      this.options,
      () => generation === this.generation,
      (result) => {
        if (result.ok) this.attach(result.socket);
        else if (result.failure === "no-websocket") this.disconnectWith(ClientDisconnects.NO_WEBSOCKET, false);
        else this.disconnectWith(ClientDisconnects.CONNECT_FAILED, true);
      },
    );
  }

  private attach(socket: WebSocketLike): void {
    this.socket = socket;
    // Every handler checks it still belongs to the current socket: events of a socket we have
    // already given up on must not touch the new connection's state.
    socket.onmessage = (event) => {
      if (this.socket === socket) this.handleFrame(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.disconnect(event.code, event.reason, true);
    };
    socket.onerror = () => {
      if (this.socket === socket) this.disconnectWith(ClientDisconnects.SOCKET_ERROR, true);
    };
  }

  private disconnectWith(cause: { code: number; reason: string }, reconnect: boolean): void {
    this.disconnect(cause.code, cause.reason, reconnect);
  }

  private handleFrame(data: unknown): void {
    if (typeof data !== "string") {
      this.counters.malformedFrames += 1;
      return;
    }
    const parsed = decodeServerFrame(data);
    if (!parsed.ok) {
      this.counters.malformedFrames += 1;
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case "welcome":
        this.handleWelcome(message);
        return;
      case "snapshot":
        this.handleSnapshot(message);
        return;
      case "tick":
        this.handleTick(message);
        return;
      case "pong":
        this.heartbeat.handlePong(message.id);
        return;
      case "error":
        this.handleError(message);
        return;
      case "status":
        // Like snapshots and ticks, only symbols somebody watches reach the listeners.
        if (this.watchlist.has(message.symbol)) this.events.emit("status", message);
        return;
      case "authed":
        this.tokens?.authed();
        return;
      case "unsubscribed":
        // release() already forgot the symbol; late ticks for it are ignored by the watchlist.
        return;
      case "bar":
        // Only symbols watched for bars of this interval, after their snapshot.
        if (this.watchlist.acceptBar(message.symbol, message.interval, message.seq)) this.events.emit("bar", message);
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private handleWelcome(welcome: WelcomeMessage): void {
    if (this.welcomed) return;
    const socket = this.socket;
    const resumeEpoch = this.epoch;
    this.welcomed = true;
    this.epoch = welcome.epoch;
    this.offeredSymbols = welcome.symbols;
    this.attempt = 0;
    this.counters.connections += 1;
    this.handshakeTimer.clear();
    // Symbols watched after the connect token was asked for wait for a token that allows them.
    const hold = this.tokens ? this.tokens.toHold(this.watchlist.symbols()) : [];
    for (const symbol of hold) this.batch.add(symbol, "subscribe");
    for (const frame of this.watchlist.resubscribeFrames(resumeEpoch, hold)) this.send(frame);
    this.tokens?.live();
    this.heartbeat.start();

    this.events.emit("welcome", welcome);
    if (this.socket !== socket) return;
    this.setState("live");
  }

  /**
   * A new token is in use: subscribe what waited for it, and any watched symbol the feed refused
   * under an older token (UNAUTHORIZED dropped it from `subscribed`).
   */
  private afterNewToken(): void {
    for (const symbol of this.watchlist.symbols()) if (!this.subscribed.has(symbol)) this.batch.add(symbol, "subscribe");
    this.flushBatch();
  }

  private handleError(error: ErrorMessage): void {
    const generation = this.generation;
    if (error.code === ErrorCodes.UNAUTHORIZED && error.symbol !== undefined) this.subscribed.delete(error.symbol);
    this.events.emit("serverError", error);
    // The feed refused a token sent with `auth`: keep the connection on its old token (the 4401
    // at its expiry reconnects), and let held subscriptions go out for the feed to judge.
    if (error.code === ErrorCodes.TOKEN_REFUSED && generation === this.generation && this.tokens) {
      this.tokens.refused();
      this.flushBatch();
    }
  }

  private handleSnapshot(snapshot: SnapshotMessage): void {
    const accepted = this.watchlist.acceptSnapshot(snapshot, this.epoch);
    if (!accepted) return;
    if (accepted !== snapshot) this.counters.downgradedSnapshots += 1;
    this.events.emit("snapshot", accepted);
  }

  private handleTick(tick: TickMessage): void {
    switch (this.watchlist.classifyTick(tick.symbol, tick.seq)) {
      case "deliver":
        this.events.emit("tick", tick);
        return;
      case "duplicate":
        this.counters.duplicateTicks += 1;
        return;
      case "ignore":
        this.counters.ignoredTicks += 1;
        return;
      case "gap": {
        this.counters.gaps += 1;
        const resync = this.watchlist.resyncFrame(tick.symbol, this.epoch);
        if (resync) this.send(resync);
        return;
      }
    }
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    if (message.op === "subscribe") for (const symbol of message.symbols) this.subscribed.add(symbol);
    else if (message.op === "unsubscribe") for (const symbol of message.symbols) this.subscribed.delete(symbol);
    try {
      socket.send(JSON.stringify(message));
    } catch {
      // A send only fails on a socket that is going away; its close event drives the reconnect.
    }
  }

  private setState(next: FeedState): void {
    if (next === this.currentState) return;
    this.currentState = next;
    this.events.emit("state", next);
  }
}
