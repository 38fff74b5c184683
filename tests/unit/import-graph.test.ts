/**
 * The layout's import rules (docs/architecture.md, "Layers"), checked over the real import graph
 * of app/, models/ and machines/: no import cycle (type-only and dynamic imports included, since
 * they tie modules together as much as static ones do), and no import in a forbidden direction.
 * Each failure prints the offending chain.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_FOLDERS = ["app", "models", "machines"];
const ALIASES: [prefix: string, folder: string][] = [
  ["~/", "app/"],
  ["@models/", "models/"],
  ["@machines/", "machines/"],
];

interface Import {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const files = SOURCE_FOLDERS.flatMap(sourceFiles);
const known = new Set(files);

function resolve(from: string, specifier: string): string | null {
  const alias = ALIASES.find(([prefix]) => specifier.startsWith(prefix));
  let base: string;
  if (alias) base = alias[1] + specifier.slice(alias[0].length);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null; // a package
  for (const ending of [".ts", ".tsx", "/index.ts", "/index.tsx"]) if (known.has(base + ending)) return base + ending;
  if (/\.(css|svg|png|json)$/.test(base) && fs.existsSync(path.join(ROOT, base))) return null; // an asset
  unresolved.push(`${from} → ${specifier}`);
  return null;
}

/** Our own imports that name no file (TypeScript lets a bare side-effect import of one pass). */
const unresolved: string[] = [];

/** Static imports and re-exports, and `import("…")` calls anywhere in the file. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const to = resolve(file, specifier);
    if (to) found.push({ to, typeOnly });
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypeNames = !clause?.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      add(statement.moduleSpecifier.text, !!clause && (clause.isTypeOnly || onlyTypeNames));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      add(statement.moduleSpecifier.text, statement.isTypeOnly);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

// ---------------------------------------------------------------------------------------------
// Layers, as docs/architecture.md names them
// ---------------------------------------------------------------------------------------------

/** Features: what people do. They may use each other (without cycles) and everything below. */
const FEATURES = ["admin", "competition", "daily-gate", "documents", "exit-gate", "party", "personal-data", "register", "registration", "workbench"];
/** Where the app is put together: the start of the server build, the registries, the jobs run at start and by the sweeper. */
const START = ["app/entry.server.tsx", "app/entry.client.tsx", "app/root.tsx", "app/registries.server.ts", "app/sweep.server.ts", "app/data-migrations.server.ts"];

type Layer = "routes" | "start" | "components" | "feature" | "shared" | "i18n" | "domain" | "models" | "machines";

function layerOf(file: string): Layer {
  if (file.startsWith("models/")) return "models";
  if (file.startsWith("machines/")) return "machines";
  if (START.includes(file)) return "start";
  const folder = file.split("/")[1]!;
  if (folder === "routes") return "routes";
  if (folder === "components") return "components";
  if (folder === "domain") return "domain";
  if (folder === "i18n") return "i18n";
  if (FEATURES.includes(folder)) return "feature";
  return "shared"; // the shared services: workflow engine, attachments, auth, audit, http, forms …
}

/** What each layer may import (value imports; `typeOnly` lists what it may import for types only). */
const ALLOWED: Record<Layer, { value: readonly Layer[]; typeOnly?: readonly Layer[] }> = {
  routes: { value: ["routes", "start", "components", "feature", "shared", "i18n", "domain", "models", "machines"] },
  start: { value: ["start", "components", "feature", "shared", "i18n", "domain", "models", "machines"] },
  components: { value: ["components", "feature", "shared", "i18n", "domain"], typeOnly: ["models", "machines"] },
  feature: { value: ["feature", "shared", "i18n", "domain", "models", "machines"] },
  shared: { value: ["shared", "i18n", "domain", "models", "machines"] },
  i18n: { value: ["i18n", "domain"] },
  domain: { value: ["domain"], typeOnly: ["i18n"] },
  models: { value: ["models", "domain"], typeOnly: ["i18n"] },
  machines: { value: ["machines", "domain"] },
};

function forbidden(from: string, { to, typeOnly }: Import): string | null {
  const [a, b] = [layerOf(from), layerOf(to)];
  const rule = ALLOWED[a];
  if (!rule.value.includes(b) && !(typeOnly && rule.typeOnly?.includes(b))) return `${a} may not import ${b}${typeOnly ? " (even for types)" : ""}`;
  // Components run in the browser: a service reaches them as types only.
  if (a === "components" && !typeOnly && to.endsWith(".server.ts")) return "components import services for types only";
  return null;
}

/** Every cycle's strongly connected files (Tarjan), each with one concrete loop through them. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of graph.get(v)!) {
      if (!index.has(to)) {
        connect(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.some((i) => i.to === v)) found.push(loopWithin(new Set(component), v));
    }
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return found;
}

/** A shortest path from `start` back to itself inside one strongly connected set (breadth first). */
function loopWithin(component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const { to } of graph.get(v)!) {
      if (!component.has(to)) continue;
      if (to === start) {
        const chain = [v];
        while (chain[0] !== start) chain.unshift(previous.get(chain[0]!)!);
        return [...chain, start];
      }
      if (!previous.has(to)) {
        previous.set(to, v);
        queue.push(to);
      }
    }
  }
  return [start];
}

describe("the import graph of app/, models/ and machines/", () => {
  it("reads the whole tree (aliases resolved)", () => {
    expect(files.length).toBeGreaterThan(300);
    expect(graph.get("app/workflow/engine.server.ts")!.map((i) => i.to)).toContain("models/workflow-case.ts");
  });

  it("finds a file for every import of our own code", () => {
    expect(unresolved, `imports of missing files:\n  ${unresolved.join("\n  ")}`).toEqual([]);
  });

  it("has no import cycle", () => {
    const loops = cycles().map((loop) => loop.join("\n    → "));
    expect(loops, `import cycles:\n  ${loops.join("\n  ")}`).toEqual([]);
  });

  it("imports only in the directions docs/architecture.md allows", () => {
    const wrong = [...graph].flatMap(([from, imports]) =>
      imports.flatMap((i) => {
        const why = forbidden(from, i);
        return why ? [`${from} → ${i.to}: ${why}`] : [];
      }),
    );
    expect(wrong, `forbidden imports:\n  ${wrong.join("\n  ")}`).toEqual([]);
  });

  it("notices a cycle and a forbidden direction when they are there", () => {
    expect(forbidden("models/competition.ts", { to: "app/competition/domain.ts", typeOnly: false })).toMatch(/models may not import feature/);
    expect(forbidden("machines/competition.machine.ts", { to: "app/competition/scoring.ts", typeOnly: false })).toMatch(/machines may not import feature/);
    expect(forbidden("app/workflow/engine.server.ts", { to: "app/registration/registration-workflow.server.ts", typeOnly: false })).toMatch(/shared may not import feature/);
    expect(forbidden("app/components/file-upload.tsx", { to: "app/attachments/attachments.server.ts", typeOnly: false })).toMatch(/types only/);
    expect(forbidden("app/components/file-upload.tsx", { to: "app/attachments/attachments.server.ts", typeOnly: true })).toBeNull();
    graph.set("app/domain/uscc.ts", [...graph.get("app/domain/uscc.ts")!, { to: "app/domain/pinyin.ts", typeOnly: true }]);
    graph.set("app/domain/pinyin.ts", [...graph.get("app/domain/pinyin.ts")!, { to: "app/domain/uscc.ts", typeOnly: true }]);
    try {
      expect(cycles()).toContainEqual(["app/domain/uscc.ts", "app/domain/pinyin.ts", "app/domain/uscc.ts"]);
    } finally {
      graph.set("app/domain/uscc.ts", importsOf("app/domain/uscc.ts"));
      graph.set("app/domain/pinyin.ts", importsOf("app/domain/pinyin.ts"));
    }
  });
});
