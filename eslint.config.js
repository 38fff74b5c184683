import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// One way to read a form (app/forms/parse-form.ts): the route reads the body with readForm (a body
// that is not a form is a 400, not a 500) and parses it there; services take typed values. Without
// the FormData type no code outside app/forms can hold a body it could call `.get` on: readForm
// hands out an opaque SubmittedForm.
const ONE_WAY_TO_READ_FORMS = [
  {
    selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
    message: "Read form bodies with readForm (app/forms/parse-form.ts): a body that is not a form must be a 400, not a 500.",
  },
  {
    selector: "CallExpression[callee.name='unstable_parseMultipartFormData']",
    message: "Read uploads with readUpload (app/forms/read-upload.server.ts), then formFile / parseForm.",
  },
  {
    selector: "TSTypeReference[typeName.name='FormData']",
    message: "Services take typed values, never a FormData: parse the body in the route with parseForm / parseStep / formFields (app/forms/parse-form.ts).",
  },
];
// One way to show money (ADR 017): fen through formatMoney / useMoney, never the raw templates.
const ONE_WAY_TO_SHOW_MONEY = { selector: "Literal[value=/^money\\./]", message: "Show money with formatMoney or useMoney (app/i18n/format.ts)." };

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
  // no-restricted-syntax takes one list per file (a later block's list replaces an earlier one),
  // so its rules are assembled here, each for the files it governs.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/forms/**", "app/i18n/**"],
    rules: { "no-restricted-syntax": ["error", ...ONE_WAY_TO_READ_FORMS, ONE_WAY_TO_SHOW_MONEY] },
  },
  { files: ["app/forms/**/*.{ts,tsx}"], rules: { "no-restricted-syntax": ["error", ONE_WAY_TO_SHOW_MONEY] } },
  { files: ["app/i18n/**/*.{ts,tsx}"], rules: { "no-restricted-syntax": ["error", ...ONE_WAY_TO_READ_FORMS] } },
);
