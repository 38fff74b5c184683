import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".cache/", ".data/", "node_modules/", "test-results/", "bench/fixtures/*/build/", "bench/fixtures/*/public/build/", "bench/fixtures/*/.cache/"] },
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
              message: "Import models and the database only from *.server.ts files (docs/architecture.md, Layers).",
            },
          ],
        },
      ],
    },
  },
  {
    // One way to read a form body: readForm answers a body that is not a form with a 400.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/forms/parse-form.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
          message: "Read form bodies with readForm (app/forms/parse-form.ts): a body that is not a form must be a 400, not a 500.",
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
              message: "Machines are pure workflow rules: no database, no I/O (docs/architecture.md, Layers; ADR 005).",
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
