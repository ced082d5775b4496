// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { THEME_STORAGE_KEY } from "../_lib/theme";
import { ThemeToggle } from "./ThemeToggle";

beforeEach(() => {
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
});
afterEach(() => cleanup());

describe("ThemeToggle", () => {
  it("switches the theme and remembers the choice", async () => {
    render(<ThemeToggle />);
    const button = await screen.findByRole("button", { name: /Switch to (dark|light) theme/ });
    const target = button.getAttribute("aria-label")!.includes("dark") ? "dark" : "light";
    fireEvent.click(button);
    expect(document.documentElement.dataset.theme).toBe(target);
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe(target);
    expect(document.cookie).toContain(`tickwire-theme=${target}`);
  });

  it("applies a stored choice on mount", async () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, "dark");
    render(<ThemeToggle />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe("dark"));
    expect(screen.getByRole("button", { name: "Switch to light theme" })).toBeTruthy();
  });
});
