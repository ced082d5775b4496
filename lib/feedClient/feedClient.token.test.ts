/**
 * Tokens fetched by the client itself (`getToken`): on the URL at connect, renewed with the `auth`
 * op at 80% of their lifetime, widened before subscribing to a symbol they do not allow, and
 * every failure falling back to a reconnect that resumes.
 */
import { describe, expect, it } from "vitest";
import { CloseCodes } from "../codes";
import type { ClientMessage } from "../protocol";
import { createFeedClient } from "./feedClient";
import { createHarness, serve, snapshotMsg, tickMsg } from "./testing/harness";
import type { FakeSocket } from "./testing/fakeSocket";

/** An unsigned JWT with these claims: the client reads the payload and never verifies. */
function jwt(claims: { iat?: number; exp?: number; symbols?: string[]; n?: number }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ iat: 1_000, exp: 1_300, ...claims })}.sig`;
}

/** When a 300 s token (iat 1000, exp 1300) is renewed: 80% of the 299 s it surely lives. */
const RENEW_MS = 239_200;

/** Lets promise callbacks (the token fetches) run; no real time passes. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

type TokenAnswer = string | null | Error | ((symbols: readonly string[]) => string);

/** A getToken that records what it was asked for and answers from a script, then with `fallback`. */
function tokenSource(fallback: TokenAnswer, ...script: TokenAnswer[]) {
  const asked: string[][] = [];
  const getToken = async (symbols: readonly string[]): Promise<string | null> => {
    asked.push([...symbols]);
    const answer = script.length > 0 ? script.shift()! : fallback;
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(symbols) : answer;
  };
  return { asked, getToken };
}

/** Tokens that allow exactly what was asked for, numbered so each one is distinguishable. */
function exactTokens(ttlSeconds = 300) {
  let n = 0;
  return (symbols: readonly string[]) => jwt({ symbols: [...symbols], exp: 1_000 + ttlSeconds, n: n++ });
}

/** A getToken whose answers the test gives, in the order they were asked for. */
function manualTokens() {
  const asked: string[][] = [];
  const resolvers: ((token: string) => void)[] = [];
  return {
    asked,
    get waiting() {
      return resolvers.length;
    },
    getToken: (symbols: readonly string[]) =>
      new Promise<string>((resolve) => {
        asked.push([...symbols]);
        resolvers.push(resolve);
      }),
    answer(token: string) {
      const resolve = resolvers.shift();
      if (!resolve) throw new Error("no token request is waiting");
      resolve(token);
    },
  };
}

function live(source: ReturnType<typeof tokenSource>, watch: string[] = ["AAPL"]) {
  // Pings every 1e9 ms: these tests move the clock by minutes without answering pings.
  const h = createHarness({ getToken: source.getToken, pingIntervalMs: 1e9 });
  for (const symbol of watch) h.client.watch(symbol);
  h.client.start();
  return h;
}

const authOps = (socket: FakeSocket) => socket.messages().filter((m): m is Extract<ClientMessage, { op: "auth" }> => m.op === "auth");

describe("feed client tokens: connect", () => {
  it("asks for a token allowing the watched symbols and connects with it on the URL", async () => {
    const token = jwt({ symbols: ["AAPL", "MSFT"] });
    const source = tokenSource(token);
    const h = live(source, ["AAPL", "MSFT"]);
    await settle();
    expect(source.asked).toEqual([["AAPL", "MSFT"]]);
    expect(h.factory.last().url).toBe(`ws://a.test/ws?token=${token}`);
  });

  it("connects without a token when getToken answers null, and never renews", async () => {
    const h = live(tokenSource(null));
    await settle();
    expect(h.factory.last().url).toBe("ws://a.test/ws");
    h.goLive();
    h.clock.advance(3_600_000);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("refuses resolveUrl and getToken together", () => {
    expect(() => createFeedClient({ urls: ["ws://a/ws"], resolveUrl: (u) => u, getToken: async () => null })).toThrow(/not both/);
  });
});

describe("feed client tokens: renewal", () => {
  it("presents a fresh token with the auth op at 80% of the lifetime, on the same socket, again and again", async () => {
    const source = tokenSource(exactTokens(300));
    const h = live(source);
    await settle();
    const socket = h.goLive();
    serve(socket, snapshotMsg("AAPL", 1, 3));
    h.clock.advance(RENEW_MS - 1);
    await settle();
    expect(authOps(socket)).toHaveLength(0);
    h.clock.advance(1);
    await settle();
    expect(source.asked).toEqual([["AAPL"], ["AAPL"]]);
    expect(authOps(socket)).toHaveLength(1);
    serve(socket, { type: "authed", expiresAt: 1_540_000 }, tickMsg("AAPL", 4));
    // The next renewal counts from when the second token was asked for.
    h.clock.advance(RENEW_MS - 1);
    await settle();
    expect(authOps(socket)).toHaveLength(1);
    h.clock.advance(1);
    await settle();
    expect(authOps(socket).map((op) => op.token)).toHaveLength(2);
    expect(new Set(authOps(socket).map((op) => op.token)).size).toBe(2);
    expect(h.factory.sockets).toHaveLength(1);
    expect(h.values("disconnect")).toEqual([]);
    expect(h.values("tick").map((t) => t.seq)).toEqual([4]);
  });

  it("counts the lifetime from when the connect token was asked for, not from the welcome", async () => {
    const h = live(tokenSource(exactTokens(100)));
    await settle();
    h.clock.advance(8_000); // a slow handshake (within handshakeTimeoutMs)
    const socket = h.goLive();
    h.clock.advance(71_199); // 80% of 99 s, less the 8 s already passed, less 1 ms
    await settle();
    expect(authOps(socket)).toHaveLength(0);
    h.clock.advance(1);
    await settle();
    expect(authOps(socket)).toHaveLength(1);
  });

  it("keeps the socket when a renewal cannot be fetched, and reconnects with a fresh token on the feed's 4401", async () => {
    const first = jwt({ symbols: ["AAPL"] });
    const source = tokenSource(exactTokens(), first, new Error("token endpoint down"));
    const h = live(source);
    await settle();
    const socket = h.goLive({ epoch: "e1" });
    serve(socket, snapshotMsg("AAPL", 1, 5));
    h.clock.advance(RENEW_MS);
    await settle();
    expect(source.asked).toHaveLength(2);
    expect(h.values("disconnect")).toEqual([]);
    socket.serverClose(CloseCodes.UNAUTHORIZED.code, `${CloseCodes.UNAUTHORIZED.reason}: token expired`);
    h.clock.runNext();
    await settle();
    expect(h.factory.sockets).toHaveLength(2);
    expect(h.factory.last().url).toMatch(/\?token=.+/);
    expect(h.factory.last().url).not.toContain(first);
    const next = h.goLive({ epoch: "e1" });
    expect(next.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 5 } }]);
  });

  it("after a refused renewal keeps the connection, stops renewing, and reconnects on the feed's 4401", async () => {
    const source = tokenSource(exactTokens());
    const h = live(source);
    await settle();
    const socket = h.goLive({ epoch: "e1" });
    serve(socket, snapshotMsg("AAPL", 1, 5));
    h.clock.advance(RENEW_MS);
    await settle();
    expect(authOps(socket)).toHaveLength(1);
    serve(socket, { type: "error", code: "TOKEN_REFUSED", message: "token refused: token lifetime exceeds 60 s" });
    expect(h.values("serverError")).toHaveLength(1);
    h.clock.advance(RENEW_MS * 3);
    await settle();
    expect(authOps(socket)).toHaveLength(1);
    expect(source.asked).toHaveLength(2);
    expect(h.values("disconnect")).toEqual([]);
    socket.serverClose(CloseCodes.UNAUTHORIZED.code, `${CloseCodes.UNAUTHORIZED.reason}: token expired`);
    h.clock.runNext();
    await settle();
    const next = h.goLive({ epoch: "e1" });
    expect(next.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 5 } }]);
    // The new connection renews again.
    h.clock.advance(RENEW_MS);
    await settle();
    expect(authOps(next)).toHaveLength(1);
  });

  it("never reconnects because a feed without tokens refuses auth (only the dashboard has FEED_AUTH_SECRET)", async () => {
    const source = tokenSource(exactTokens());
    const h = live(source, []);
    await settle();
    const socket = h.goLive();
    h.client.watch("MSFT"); // the first token allows none: widen
    await settle();
    expect(socket.messages().map((m) => m.op)).toEqual(["auth", "subscribe"]);
    serve(socket, { type: "error", code: "TOKEN_REFUSED", message: "token refused: this server does not use tokens" });
    h.client.watch("TSLA"); // no more widening: subscribed at once, for the feed to judge
    await settle();
    expect(socket.messages().slice(2)).toEqual([{ op: "subscribe", symbols: ["TSLA"] }]);
    h.clock.advance(3_600_000);
    await settle();
    expect(authOps(socket)).toHaveLength(1);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("drops a token that arrives after its connection ended", async () => {
    const tokens = manualTokens();
    const h = createHarness({ getToken: tokens.getToken, pingIntervalMs: 1e9 });
    h.client.watch("AAPL");
    h.client.start();
    tokens.answer(jwt({ symbols: ["AAPL"] }));
    await settle();
    const socket = h.goLive();
    h.clock.advance(RENEW_MS); // the renewal request is now pending
    expect(tokens.waiting).toBe(1);
    socket.serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    h.clock.runNext();
    tokens.answer(jwt({ symbols: ["AAPL"], n: 99 })); // the late renewal
    tokens.answer(jwt({ symbols: ["AAPL"], n: 100 })); // the reconnect's
    await settle();
    const next = h.goLive();
    await settle();
    expect(next.url).toContain(jwt({ symbols: ["AAPL"], n: 100 }));
    expect(authOps(socket)).toHaveLength(0);
    expect(authOps(next)).toHaveLength(0);
  });

  it("leaves no timer behind after stop()", async () => {
    const h = live(tokenSource(exactTokens()));
    await settle();
    h.goLive();
    h.client.stop();
    expect(h.clock.pending).toBe(0);
  });
});

describe("feed client tokens: watching more than the token allows", () => {
  it("fetches a token for the whole watch set and sends auth, then the subscribe, with no reconnect", async () => {
    const source = tokenSource(exactTokens());
    const h = live(source);
    await settle();
    const socket = h.goLive();
    h.client.watch("MSFT");
    expect(socket.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
    await settle();
    expect(source.asked).toEqual([["AAPL"], ["AAPL", "MSFT"]]);
    const [, auth, subscribe] = socket.messages();
    expect(auth).toMatchObject({ op: "auth" });
    expect(subscribe).toEqual({ op: "subscribe", symbols: ["MSFT"] });
    // Symbols the token already allows go out at once, without a fetch.
    h.client.watch("AAPL");
    const released = h.client.watch("MSFT");
    released();
    h.client.watch("MSFT");
    await settle();
    expect(source.asked).toHaveLength(2);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("holds symbols watched during the connect fetch until a token allows them (the dashboard's first token allows none)", async () => {
    const source = tokenSource(exactTokens());
    const h = live(source, []);
    await settle();
    expect(source.asked).toEqual([[]]);
    h.client.watch("AAPL");
    h.client.watch("MSFT");
    const socket = h.goLive();
    expect(socket.messages()).toEqual([]);
    await settle();
    expect(source.asked).toEqual([[], ["AAPL", "MSFT"]]);
    expect(socket.messages().map((m) => m.op)).toEqual(["auth", "subscribe"]);
    expect(socket.messages()[1]).toEqual({ op: "subscribe", symbols: ["AAPL", "MSFT"] });
  });

  it("sends covered symbols of a resubscribe at once with since, and holds only the new ones", async () => {
    const source = tokenSource(exactTokens());
    const h = live(source);
    await settle();
    const socket = h.goLive({ epoch: "e1" });
    serve(socket, snapshotMsg("AAPL", 1, 5));
    socket.serverClose(CloseCodes.GOING_AWAY.code, CloseCodes.GOING_AWAY.reason);
    h.clock.runNext();
    h.client.watch("TSLA"); // while the reconnect's token is on its way
    await settle();
    const next = h.goLive({ epoch: "e1" });
    expect(next.messages()).toEqual([{ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 5 } }]);
    await settle();
    expect(next.messages().slice(1).map((m) => m.op)).toEqual(["auth", "subscribe"]);
    expect(next.messages()[2]).toEqual({ op: "subscribe", symbols: ["TSLA"] });
  });

  it("asks only once when the token source cannot widen, then lets the feed answer UNAUTHORIZED", async () => {
    const fixed = jwt({ symbols: ["AAPL"] });
    const source = tokenSource(fixed);
    const h = live(source);
    await settle();
    const socket = h.goLive();
    h.client.watch("MSFT");
    await settle();
    expect(source.asked).toHaveLength(2);
    expect(socket.messages()).toEqual([
      { op: "subscribe", symbols: ["AAPL"] },
      { op: "auth", token: fixed },
      { op: "subscribe", symbols: ["MSFT"] },
    ]);
  });

  it("asks again when a symbol the old token allowed was subscribed while a narrower token was on its way", async () => {
    const tokens = manualTokens();
    const h = createHarness({ getToken: tokens.getToken, pingIntervalMs: 1e9 });
    const releaseMsft = h.client.watch("MSFT");
    h.client.watch("AAPL");
    h.client.start();
    tokens.answer(jwt({ symbols: ["MSFT", "AAPL"] }));
    await settle();
    const socket = h.goLive();
    releaseMsft();
    h.clock.advance(RENEW_MS); // renewal: asks for AAPL only
    h.client.watch("MSFT"); // the current token allows it: subscribed at once
    expect(socket.messages().slice(1)).toEqual([
      { op: "unsubscribe", symbols: ["MSFT"] },
      { op: "subscribe", symbols: ["MSFT"] },
    ]);
    tokens.answer(jwt({ symbols: ["AAPL"] })); // would take MSFT away: not presented
    await settle();
    const wide = jwt({ symbols: ["AAPL", "MSFT"], n: 2 });
    tokens.answer(wide);
    await settle();
    expect(tokens.asked).toEqual([["MSFT", "AAPL"], ["AAPL"], ["AAPL", "MSFT"]]);
    expect(authOps(socket)).toEqual([{ op: "auth", token: wide }]);
  });

  it("keeps the connection when a wider token cannot be fetched, and subscribes the symbol with the next token", async () => {
    const source = tokenSource(exactTokens(), jwt({ symbols: ["AAPL"] }), new Error("token endpoint down"));
    const h = live(source);
    await settle();
    const socket = h.goLive();
    h.client.watch("MSFT");
    await settle();
    // Sent anyway: the feed answers UNAUTHORIZED, which the listeners see.
    expect(socket.messages().slice(1)).toEqual([{ op: "subscribe", symbols: ["MSFT"] }]);
    serve(socket, { type: "error", code: "UNAUTHORIZED", message: "your token does not allow MSFT", symbol: "MSFT" });
    expect(h.values("disconnect")).toEqual([]);
    // The renewal asks for both and, once presented, subscribes MSFT again.
    h.clock.advance(RENEW_MS);
    await settle();
    expect(source.asked).toEqual([["AAPL"], ["AAPL", "MSFT"], ["AAPL", "MSFT"]]);
    expect(socket.messages().slice(2).map((m) => m.op)).toEqual(["auth", "subscribe"]);
    expect(socket.messages()[3]).toEqual({ op: "subscribe", symbols: ["MSFT"] });
    expect(h.factory.sockets).toHaveLength(1);
  });
});
