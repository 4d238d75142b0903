// Checks the three npm packages that scripts/build-wasm writes to pkg/web, pkg/bundler and
// pkg/nodejs: what `npm pack` would publish, the package.json metadata, and the typings.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Reads `key = "value"` entries of the [package] table of Cargo.toml. */
function readCargoPackage() {
  const text = readFileSync(join(repoRoot, "Cargo.toml"), "utf8");
  const table = text.split(/^\[package\]\s*$/m)[1].split(/^\[/m)[0];
  const entries = {};
  for (const match of table.matchAll(/^([A-Za-z_-]+)\s*=\s*"([^"]*)"\s*$/gm)) {
    entries[match[1]] = match[2];
  }
  return entries;
}

const cargoPackage = readCargoPackage();
const fileStem = cargoPackage.name.replaceAll("-", "_");
const glueFile = `${fileStem}.js`;
const wasmFile = `${fileStem}_bg.wasm`;
const typingsFile = `${fileStem}.d.ts`;

// Each wasm-pack target: the files its package must publish and its module format.
const targets = [
  { name: "web", files: [glueFile, wasmFile, typingsFile], esModule: true },
  { name: "bundler", files: [glueFile, `${fileStem}_bg.js`, wasmFile, typingsFile], esModule: true },
  { name: "nodejs", files: [glueFile, wasmFile, typingsFile], esModule: false },
];

/** Runs `npm pack --dry-run --json` in dir and returns the paths it would publish. */
function packedFiles(dir) {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [report] = JSON.parse(output);
  return report.files.map((file) => file.path);
}

// Matches an `any` type in a declaration: `x: any`, `Promise<any>`, `any[]`, `T | any`.
const anyTypePattern = /:\s*any\b|<any>|\bany\[\]|\|\s*any\b/;

for (const target of targets) {
  const dir = join(repoRoot, "pkg", target.name);

  describe(`pkg/${target.name}`, () => {
    const assertBuilt = () =>
      assert.ok(existsSync(join(dir, "package.json")), `${dir}/package.json is missing: run scripts/build-wasm`);

    test("npm pack includes glue, wasm and typings", () => {
      assertBuilt();
      const files = packedFiles(dir);
      for (const file of [...target.files, "package.json"]) {
        assert.ok(files.includes(file), `npm pack of pkg/${target.name} omits ${file}; it lists ${files.join(", ")}`);
      }
    });

    test("package.json metadata matches Cargo.toml", () => {
      assertBuilt();
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      assert.equal(manifest.name, cargoPackage.name);
      assert.equal(manifest.version, cargoPackage.version);
      assert.equal(manifest.description, cargoPackage.description);
      assert.equal(manifest.license, cargoPackage.license);
      assert.equal(manifest.repository?.url, cargoPackage.repository);
    });

    test("package.json entry points", () => {
      assertBuilt();
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      assert.equal(manifest.main, glueFile);
      assert.equal(manifest.types, typingsFile);
      if (target.esModule) {
        assert.equal(manifest.type, "module");
        if (manifest.module !== undefined) {
          assert.equal(manifest.module, glueFile);
        }
      } else {
        assert.ok(
          manifest.type === undefined || manifest.type === "commonjs",
          `pkg/${target.name} must load as CommonJS, but package.json has "type": ${JSON.stringify(manifest.type)}`,
        );
        assert.equal(manifest.module, undefined);
      }
    });

    test("wasm file is a WebAssembly module", () => {
      assertBuilt();
      const bytes = readFileSync(join(dir, wasmFile));
      assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], `${wasmFile} lacks the \\0asm magic number`);
    });

    test("typings contain no any type", () => {
      assertBuilt();
      const text = readFileSync(join(dir, typingsFile), "utf8");
      // Blank out comments, and the web target's InitOutput interface, which lists the raw wasm
      // exports: wasm-bindgen types their externref parameters as any, and callers use the typed
      // wrappers instead. Blanking keeps line breaks, so line numbers still match the file.
      const blank = (span) => span.replace(/[^\n]/g, " ");
      const code = text
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, blank)
        .replace(/^export interface InitOutput \{[\s\S]*?^\}/m, blank);
      const lines = text.split("\n");
      const offending = code
        .split("\n")
        .map((codeLine, index) => ({ codeLine, index }))
        .filter(({ codeLine }) => anyTypePattern.test(codeLine))
        .map(({ index }) => `${typingsFile}:${index + 1}: ${lines[index].trim()}`);
      assert.deepEqual(
        offending,
        [],
        "declarations should name their types instead of any",
      );
    });
  });
}
