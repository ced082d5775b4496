// @vitest-environment happy-dom
/**
 * The client against msw's WebSocket interception: the real global WebSocket class (here
 * happy-dom's, patched by msw), real timers and real event dispatch, with a scripted server.
 */
import { ws } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CloseCodes } from "../codes";
import { decodeClientFrame, type ClientMessage, type ServerMessage } from "../protocol";
import { waitFor } from "../testing/waitFor";
import { createFeedClient } from "./feedClient";
import { snapshotMsg, tickMsg, welcomeMsg } from "./testing/harness";
import type { FullFeedClient, FeedState } from "./types";

const feed = ws.link("ws://feed.test/ws");
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const clients: FullFeedClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
});

function startClient(): FullFeedClient {
  const client = createFeedClient({
    urls: ["ws://feed.test/ws"],
    WebSocket: globalThis.WebSocket,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
  });
  clients.push(client);
  return client;
}

function send(client: { send(data: string): void }, message: ServerMessage): void {
  client.send(JSON.stringify(message));
}

/** What each connection received from the client, decoded with the protocol parser. */
type Received = ClientMessage[][];

function decode(data: unknown): ClientMessage {
  const parsed = decodeClientFrame(String(data));
  if (!parsed.ok) throw new Error(`client sent an invalid frame: ${String(data)}`);
  return parsed.value;
}

describe("feed client over msw WebSocket mocking", () => {
  it("welcome -> subscribe -> snapshot -> ticks", async () => {
    const received: Received = [];
    server.use(
      feed.addEventListener("connection", ({ client }) => {
        const frames: ClientMessage[] = [];
        received.push(frames);
        send(client, welcomeMsg({ epoch: "e1" }));
        client.addEventListener("message", (event) => {
          const message = decode(event.data);
          frames.push(message);
          if (message.op === "subscribe") {
            send(client, snapshotMsg("AAPL", 1, 3));
            send(client, tickMsg("AAPL", 4));
            send(client, tickMsg("AAPL", 5));
          }
        });
      }),
    );
    const client = startClient();
    const ticks: number[] = [];
    const states: FeedState[] = [];
    client.on("tick", (tick) => ticks.push(tick.seq));
    client.on("state", (state) => states.push(state));
    client.watch("AAPL");
    client.start();

    await waitFor(() => ticks.length === 2, "two AAPL ticks after the snapshot");
    expect(received).toEqual([[{ op: "subscribe", symbols: ["AAPL"] }]]);
    expect(ticks).toEqual([4, 5]);
    expect(states).toEqual(["connecting", "live"]);
    expect(client.serverSymbols).toEqual(welcomeMsg().symbols);
  });

  it("reconnects after the server closes the connection and resumes with since", async () => {
    const received: Received = [];
    server.use(
      feed.addEventListener("connection", ({ client }) => {
        const frames: ClientMessage[] = [];
        const connection = received.push(frames);
        send(client, welcomeMsg({ epoch: "e1" }));
        client.addEventListener("message", (event) => {
          const message = decode(event.data);
          frames.push(message);
          if (message.op !== "subscribe") return;
          if (connection === 1) {
            send(client, snapshotMsg("AAPL", 1, 3));
            send(client, tickMsg("AAPL", 4));
            // msw delivers send() on a microtask and drops it once close() marked the socket
            // CLOSING; queueing the close behind the sends keeps the order a real server has.
            queueMicrotask(() => client.close(CloseCodes.SLOW_CONSUMER.code, "Slow consumer"));
          } else {
            send(client, snapshotMsg("AAPL", 5, 6, true));
            send(client, tickMsg("AAPL", 7));
          }
        });
      }),
    );
    const client = startClient();
    const disconnects: number[] = [];
    const seqs: string[] = [];
    client.on("disconnect", (d) => disconnects.push(d.code));
    client.on("snapshot", (s) => seqs.push(`snapshot:${s.seq}:${s.resumed}`));
    client.on("tick", (t) => seqs.push(`tick:${t.seq}`));
    client.watch("AAPL");
    client.start();

    await waitFor(() => seqs.includes("tick:7"), "tick 7 on the second connection");
    expect(disconnects).toEqual([CloseCodes.SLOW_CONSUMER.code]);
    expect(received[1]).toEqual([{ op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 4 } }]);
    expect(seqs).toEqual(["snapshot:3:false", "tick:4", "snapshot:6:true", "tick:7"]);
    expect(client.state).toBe("live");
  });

  it("surfaces an error frame as a serverError event and stays live", async () => {
    server.use(
      feed.addEventListener("connection", ({ client }) => {
        send(client, welcomeMsg());
        client.addEventListener("message", (event) => {
          const message = decode(event.data);
          if (message.op === "subscribe") {
            send(client, { type: "error", code: "UNKNOWN_SYMBOL", message: "no such symbol", symbol: "ZZZZ" });
          }
        });
      }),
    );
    const client = startClient();
    const errors: string[] = [];
    client.on("serverError", (error) => errors.push(`${error.code}:${error.symbol ?? ""}`));
    client.watch("ZZZZ");
    client.start();

    await waitFor(() => errors.length > 0, "a serverError event");
    expect(errors).toEqual(["UNKNOWN_SYMBOL:ZZZZ"]);
    expect(client.state).toBe("live");
  });
});
