/**
 * TOKEN_AUTH: optional authentication in front of the dashboard and its token endpoint, checked
 * by proxy.ts on every request but static assets. Origin checks only keep other websites out;
 * this is what keeps scripted clients out (docs/security.md).
 * - `none` (default): anyone who can reach the dashboard may ask for tokens.
 * - `basic`: HTTP Basic with TOKEN_AUTH_USER and TOKEN_AUTH_PASSWORD from the environment.
 * - `header`: the operator's reverse proxy logs the user in and sets TOKEN_AUTH_HEADER (default
 *   X-Forwarded-User, as oauth2-proxy does); a request without it is refused. Only safe when
 *   nothing but that proxy can reach the dashboard.
 * A bad setting fails closed: every request gets 500 and the log names the variable.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type AuthMode =
  | { kind: "none" }
  | { kind: "basic"; user: string; password: string }
  | { kind: "header"; header: string }
  | { kind: "misconfigured"; problem: string };

export type AuthOutcome =
  | { ok: true }
  | { ok: false; status: 401 | 500; message: string; headers: Record<string, string> };

type Env = Readonly<Record<string, string | undefined>>;

const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

export function readAuthMode(env: Env): AuthMode {
  const kind = env.TOKEN_AUTH?.trim() || "none";
  switch (kind) {
    case "none":
      return { kind: "none" };
    case "basic": {
      const user = env.TOKEN_AUTH_USER ?? "";
      const password = env.TOKEN_AUTH_PASSWORD ?? "";
      if (user === "" || user.includes(":")) return { kind: "misconfigured", problem: "TOKEN_AUTH_USER must be set (without a colon) when TOKEN_AUTH=basic" };
      if (password.length < 8) return { kind: "misconfigured", problem: "TOKEN_AUTH_PASSWORD must be at least 8 characters when TOKEN_AUTH=basic" };
      return { kind: "basic", user, password };
    }
    case "header": {
      const header = env.TOKEN_AUTH_HEADER?.trim() || "X-Forwarded-User";
      if (!HEADER_NAME.test(header)) return { kind: "misconfigured", problem: `TOKEN_AUTH_HEADER=${JSON.stringify(header)} is not a header name` };
      return { kind: "header", header };
    }
    default:
      return { kind: "misconfigured", problem: `TOKEN_AUTH=${JSON.stringify(kind)} is not one of none, basic, header` };
  }
}

/** Equal-time comparison of two strings of any length (compares their SHA-256 digests). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The user:password of an `Authorization: Basic ...` header, or null. */
function basicCredentials(authorization: string | null): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  return decoded.includes(":") ? decoded : null;
}

export function authenticate(mode: AuthMode, headers: Pick<Headers, "get">): AuthOutcome {
  switch (mode.kind) {
    case "none":
      return { ok: true };
    case "basic": {
      const given = basicCredentials(headers.get("authorization"));
      if (given !== null && sameSecret(given, `${mode.user}:${mode.password}`)) return { ok: true };
      return {
        ok: false,
        status: 401,
        message: "log in to use this tickwire dashboard",
        headers: { "WWW-Authenticate": 'Basic realm="tickwire", charset="UTF-8"' },
      };
    }
    case "header": {
      if ((headers.get(mode.header) ?? "").trim() !== "") return { ok: true };
      return { ok: false, status: 401, message: `not logged in: the ${mode.header} header is missing`, headers: {} };
    }
    case "misconfigured":
      return { ok: false, status: 500, message: "authentication is misconfigured on the server", headers: {} };
    default: {
      const unreachable: never = mode;
      throw new Error(`unhandled auth mode ${JSON.stringify(unreachable)}`);
    }
  }
}
