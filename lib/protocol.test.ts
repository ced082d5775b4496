import { describe, expect, it } from "vitest";
import { decodeClientFrame, decodeServerFrame, isValidSymbol } from "./protocol";

describe("decodeClientFrame", () => {
  it("accepts each op", () => {
    expect(decodeClientFrame('{"op":"subscribe","symbols":["AAPL"]}')).toEqual({ ok: true, value: { op: "subscribe", symbols: ["AAPL"] } });
    expect(decodeClientFrame('{"op":"subscribe","symbols":["AAPL"],"epoch":"e1","since":{"AAPL":12}}')).toEqual({
      ok: true,
      value: { op: "subscribe", symbols: ["AAPL"], epoch: "e1", since: { AAPL: 12 } },
    });
    expect(decodeClientFrame('{"op":"subscribe","symbols":["AAPL"],"bars":"1d"}')).toEqual({ ok: true, value: { op: "subscribe", symbols: ["AAPL"], bars: "1d" } });
    expect(decodeClientFrame('{"op":"unsubscribe","symbols":["AAPL"]}')).toEqual({ ok: true, value: { op: "unsubscribe", symbols: ["AAPL"] } });
    expect(decodeClientFrame('{"op":"ping","id":7}')).toEqual({ ok: true, value: { op: "ping", id: 7 } });
    expect(decodeClientFrame('{"op":"auth","token":"a.b.c","extra":1}')).toEqual({ ok: true, value: { op: "auth", token: "a.b.c" } });
  });

  it.each([
    ["not json", /not valid JSON/],
    ["null", /JSON object/],
    ['"text"', /JSON object/],
    ["{}", /missing "op"/],
    ['{"op":5}', /missing "op"/],
    ['{"op":"subscribe"}', /array of strings/],
    ['{"op":"subscribe","symbols":[1]}', /array of strings/],
    ['{"op":"subscribe","symbols":["A"],"epoch":5}', /epoch/],
    ['{"op":"subscribe","symbols":["A"],"since":[]}', /since/],
    ['{"op":"subscribe","symbols":["A"],"since":{"A":-1}}', /since\.A/],
    ['{"op":"subscribe","symbols":["A"],"since":{"A":1.5}}', /since\.A/],
    ['{"op":"subscribe","symbols":["A"],"bars":"2m"}', /"bars" must be one of 1s, 1m, 5m, 15m, 1h, 1d/],
    ['{"op":"subscribe","symbols":["A"],"bars":true}', /"bars"/],
    ['{"op":"ping","id":"x"}', /"id"/],
    ['{"op":"unsubscribe","symbols":[]}', /empty/],
    ['{"op":"auth"}', /"token"/],
    ['{"op":"auth","token":""}', /"token"/],
    ['{"op":"auth","token":7}', /"token"/],
    [JSON.stringify({ op: "auth", token: "x".repeat(8193) }), /at most 8192/],
  ])("rejects %s", (frame, message) => {
    const result = decodeClientFrame(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("decodeServerFrame", () => {
  it("accepts every server message type", () => {
    for (const frame of [
      '{"type":"welcome","protocol":1,"server":"x","epoch":"e","symbols":["A"],"time":1}',
      '{"type":"snapshot","symbol":"A","seq":2,"resumed":false,"open":1,"ticks":[{"seq":2,"price":1,"size":1,"ts":1}]}',
      '{"type":"snapshot","symbol":"A","seq":0,"resumed":false,"open":1,"ticks":[],"state":"stale","reason":"upstream down"}',
      '{"type":"tick","symbol":"A","seq":3,"price":1,"size":1,"ts":1}',
      '{"type":"unsubscribed","symbols":["A"]}',
      '{"type":"pong","id":1,"time":1}',
      '{"type":"status","symbol":"A","state":"stale","reason":"upstream disconnected"}',
      '{"type":"error","code":"BAD_REQUEST","message":"m"}',
      '{"type":"status","symbol":"A","state":"live","market":"closed"}',
      '{"type":"snapshot","symbol":"A","seq":2,"resumed":false,"open":1,"ticks":[],"prevClose":1,"dayOpen":null,"high":null,"low":null,"volume":0,"change":null,"changePct":null,"market":"open"}',
      '{"type":"snapshot","symbol":"A","seq":2,"resumed":true,"open":1,"ticks":[],"interval":"1m","bars":[{"t":0,"o":1,"h":2,"l":1,"c":2,"v":3,"n":2}]}',
      '{"type":"bar","symbol":"A","interval":"1d","bar":{"t":0,"o":1,"h":2,"l":1,"c":2,"v":3,"n":2},"closed":false,"seq":2}',
      '{"type":"authed","expiresAt":1764095300000}',
    ]) {
      expect(decodeServerFrame(frame).ok, frame).toBe(true);
    }
  });

  it.each([
    '{"type":"welcome","protocol":2,"server":"x","epoch":"e","symbols":[],"time":1}',
    '{"type":"tick","symbol":"A","seq":"3","price":1,"size":1,"ts":1}',
    '{"type":"snapshot","symbol":"A","seq":1,"resumed":false,"open":1,"ticks":[{"seq":1}]}',
    '{"type":"status","symbol":"A","state":"sleepy"}',
    '{"type":"status","symbol":"A","state":"live","market":"lunch"}',
    '{"type":"snapshot","symbol":"A","seq":1,"resumed":false,"open":1,"ticks":[],"prevClose":"1"}',
    '{"type":"snapshot","symbol":"A","seq":1,"resumed":false,"open":1,"ticks":[],"interval":"2m","bars":[]}',
    '{"type":"snapshot","symbol":"A","seq":1,"resumed":false,"open":1,"ticks":[],"interval":"1m","bars":[{"t":0}]}',
    '{"type":"bar","symbol":"A","interval":"1m","bar":{"t":0,"o":1,"h":2,"l":1,"c":2,"v":3,"n":2},"closed":"no","seq":2}',
    '{"type":"bar","symbol":"A","interval":"1w","bar":{"t":0,"o":1,"h":2,"l":1,"c":2,"v":3,"n":2},"closed":true,"seq":2}',
    '{"type":"mystery"}',
    '{"type":"authed","expiresAt":"soon"}',
    "[]",
  ])("rejects %s", (frame) => {
    expect(decodeServerFrame(frame).ok).toBe(false);
  });
});

describe("isValidSymbol", () => {
  it.each(["AAPL", "BRK.B", "BTC-USD", "EUR:USD", "X", "A_1"])("accepts %s", (s) => expect(isValidSymbol(s)).toBe(true));
  it.each(["", "aapl", "-AAPL", "A B", "TOOLONGSYMBOLNAMEXXXXX", 5, null])("rejects %s", (s) => expect(isValidSymbol(s)).toBe(false));
});
