"use client";
/**
 * Light/dark toggle. Without a choice the page follows prefers-color-scheme; a choice is kept in
 * localStorage and mirrored into a cookie so the server renders the right theme on the next visit.
 */
import { useEffect, useState } from "react";
import { THEME_COOKIE, THEME_STORAGE_KEY, isTheme, type Theme } from "../_lib/theme";

function systemTheme(): Theme {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);

  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      // Storage can be blocked (private mode, sandboxed frames); the system theme still works.
    }
    if (isTheme(stored)) {
      applyTheme(stored);
      setTheme(stored);
    } else {
      setTheme(systemTheme());
    }
  }, []);

  const next: Theme = theme === "dark" ? "light" : "dark";
  const toggle = () => {
    applyTheme(next);
    setTheme(next);
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // See above: the choice then lasts for this page only (and the cookie).
    }
  };

  return (
    <button type="button" className="theme-toggle" onClick={toggle} aria-label={`Switch to ${next} theme`}>
      <span aria-hidden="true">{theme === "dark" ? "☀" : "☾"}</span>
    </button>
  );
}
