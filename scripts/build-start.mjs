/**
 * `npm run build`'s second half: compiles the server start (`scripts/serve.ts` and the app
 * modules it imports) into one plain JavaScript file, `build/start/serve.js`, so production runs
 * no TypeScript loader. Packages stay in node_modules; the tsconfig path aliases are resolved
 * here. Development tools and admin scripts still run through tsx.
 */
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { compilerOptions } = JSON.parse(readFileSync("tsconfig.json", "utf8"));
// "~/*": ["./app/*"] → "~": "./app"
const alias = Object.fromEntries(Object.entries(compilerOptions.paths).map(([from, [to]]) => [from.replace(/\/\*$/, ""), to.replace(/\/\*$/, "")]));

await build({
  entryPoints: ["scripts/serve.ts"],
  outfile: "build/start/serve.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias,
  sourcemap: true,
  logLevel: "warning",
});
