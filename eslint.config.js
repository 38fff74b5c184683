import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".cache/", ".data/", "node_modules/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // models/ sit outside app/, so the Remix compiler does not keep them off the client:
    // only server modules may import them (type-only imports are fine anywhere).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@models/*", "**/models/*", "mongoose", "mongodb"],
              allowTypeImports: true,
              message: "Import models and the database only from *.server.ts files (DESIGN.md §5).",
            },
          ],
        },
      ],
    },
  },
  {
    // Machines are pure: no I/O, no environment.
    files: ["machines/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@models/*", "**/models/*", "mongoose", "mongodb", "node:*", "~/**/*.server", "**/*.server"],
              allowTypeImports: true,
              message: "Machines are pure workflow rules: no database, no I/O (DESIGN.md §4).",
            },
          ],
        },
      ],
    },
  },
  {
    // One way to show money (ADR 017): fen through formatMoney / useMoney, never the raw templates.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/i18n/**"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "Literal[value=/^money\\./]", message: "Show money with formatMoney or useMoney (app/i18n/format.ts)." }],
    },
  },
);
