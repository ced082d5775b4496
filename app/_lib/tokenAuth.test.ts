import { describe, expect, it } from "vitest";
import { authenticate, readAuthMode } from "./tokenAuth";

const basic = (credentials: string) => new Headers({ authorization: `Basic ${Buffer.from(credentials).toString("base64")}` });
const BASIC_ENV = { TOKEN_AUTH: "basic", TOKEN_AUTH_USER: "ops", TOKEN_AUTH_PASSWORD: "correct horse" };

describe("readAuthMode (TOKEN_AUTH)", () => {
  it("defaults to none and reads basic and header settings", () => {
    expect(readAuthMode({})).toEqual({ kind: "none" });
    expect(readAuthMode(BASIC_ENV)).toEqual({ kind: "basic", user: "ops", password: "correct horse" });
    expect(readAuthMode({ TOKEN_AUTH: "header" })).toEqual({ kind: "header", header: "X-Forwarded-User" });
    expect(readAuthMode({ TOKEN_AUTH: "header", TOKEN_AUTH_HEADER: "X-Auth-Request-Email" })).toEqual({ kind: "header", header: "X-Auth-Request-Email" });
  });

  it.each([
    [{ TOKEN_AUTH: "basci" }, /TOKEN_AUTH=/],
    [{ TOKEN_AUTH: "basic", TOKEN_AUTH_PASSWORD: "long enough" }, /TOKEN_AUTH_USER/],
    [{ TOKEN_AUTH: "basic", TOKEN_AUTH_USER: "a:b", TOKEN_AUTH_PASSWORD: "long enough" }, /TOKEN_AUTH_USER/],
    [{ TOKEN_AUTH: "basic", TOKEN_AUTH_USER: "ops", TOKEN_AUTH_PASSWORD: "short" }, /TOKEN_AUTH_PASSWORD/],
    [{ TOKEN_AUTH: "header", TOKEN_AUTH_HEADER: "bad header" }, /TOKEN_AUTH_HEADER/],
  ])("fails closed on %j, naming the variable", (env, variable) => {
    const mode = readAuthMode(env);
    expect(mode.kind).toBe("misconfigured");
    expect(mode.kind === "misconfigured" && mode.problem).toMatch(variable);
    expect(authenticate(mode, new Headers())).toMatchObject({ ok: false, status: 500 });
  });
});

describe("authenticate", () => {
  it("lets everything through with none", () => {
    expect(authenticate({ kind: "none" }, new Headers())).toEqual({ ok: true });
  });

  it("with basic, accepts exactly the configured credentials and challenges everything else", () => {
    const mode = readAuthMode(BASIC_ENV);
    expect(authenticate(mode, basic("ops:correct horse"))).toEqual({ ok: true });
    for (const headers of [new Headers(), basic("ops:wrong"), basic("ops:correct horse "), basic("other:correct horse"), new Headers({ authorization: "Bearer x" })]) {
      const outcome = authenticate(mode, headers);
      expect(outcome).toMatchObject({ ok: false, status: 401 });
      expect(!outcome.ok && outcome.headers["WWW-Authenticate"]).toMatch(/^Basic realm="tickwire"/);
    }
  });

  it("with header, requires a non-empty login header from the proxy", () => {
    const mode = readAuthMode({ TOKEN_AUTH: "header" });
    expect(authenticate(mode, new Headers({ "x-forwarded-user": "ada@example.com" }))).toEqual({ ok: true });
    expect(authenticate(mode, new Headers({ "x-forwarded-user": " " }))).toMatchObject({ ok: false, status: 401 });
    expect(authenticate(mode, new Headers())).toMatchObject({ ok: false, status: 401 });
  });
});
