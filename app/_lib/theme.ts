/** Theme names and where the user's choice is kept (localStorage, mirrored to a cookie for SSR). */
export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "tickwire-theme";
export const THEME_COOKIE = "tickwire-theme";

export function isTheme(value: unknown): value is Theme {
  return value === "light" || value === "dark";
}
