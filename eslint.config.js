import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "dist/", "next-env.d.ts", "test-results/", "playwright-report/", "public/*", "!public/widget.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    // Generated from lib/widgets/loader.ts (linted as source). Here lint checks that the shipped,
    // minified file uses nothing but these browser APIs; minified expressions are expected.
    files: ["public/widget.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", MutationObserver: "readonly", URL: "readonly" } },
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly" } },
  },
);
