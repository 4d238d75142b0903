// Validates `kserve-rbac check -o sarif` against the SARIF 2.1.0 JSON schema, on inputs with
// findings of several severities, with and without locations.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = join(root, "target", "debug", "kserve-rbac");
const schemaPath = join(root, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

const BAD = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: bad
  labels: {rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit: "True"}
rules:
- apiGroups: [serving.kubeflow.org]
  resources: [inferenceservices]
  resourceName: [x]
  verbs: []
- apiGroups: [serving.kserve.io]
  resources: [inferenceservice]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: loose}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: missing}
subjects:
- {kind: ServiceAccount, name: runner}
---
this: [is not: valid
`;

let validate;
let dir;

before(() => {
  if (!existsSync(binary)) {
    execFileSync("cargo", ["build", "--quiet"], { cwd: root, stdio: "inherit" });
  }
  // The schema has a pattern that is invalid in Unicode mode ("]?" after a class), so patterns
  // are compiled without the u flag, as the schema's own tools do.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  dir = mkdtempSync(join(tmpdir(), "kserve-rbac-sarif-"));
});

function sarif(args) {
  const run = spawnSync(binary, ["check", "-o", "sarif", ...args], { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

test("sarif output validates against the schema", () => {
  const file = join(dir, "bad.yaml");
  writeFileSync(file, BAD);
  const log = sarif(["-f", file]);
  const valid = validate(log);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  const results = log.runs[0].results;
  const ids = results.map((r) => r.ruleId);
  for (const code of ["load/invalid-yaml", "rbac/legacy-api-group", "rbac/resource-not-plural", "load/unknown-field", "rbac/invalid-rule", "rbac/missing-role", "rbac/service-account-without-namespace", "rbac/aggregation-label-misspelled"]) {
    assert.ok(ids.includes(code), `missing ${code} in ${ids.join(", ")}`);
  }
  const levels = new Set(results.map((r) => r.level));
  assert.ok(levels.has("error"));
  assert.ok(levels.has("warning"));
  const unknown = results.find((r) => r.ruleId === "load/unknown-field");
  assert.equal(unknown.locations[0].physicalLocation.region.startLine, 9);
  assert.equal(unknown.locations[0].physicalLocation.region.startColumn, 3);
  const rules = log.runs[0].tool.driver.rules;
  for (const result of results) {
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
  }
});

test("sarif of the example validates with no results", () => {
  const log = sarif(["-f", join(root, "examples", "kubeflow-kserve")]);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.equal(log.runs[0].results.length, 0);
  assert.ok(log.runs[0].tool.driver.rules.length >= 30);
});

test("sarif uri encodes spaces", () => {
  const file = join(dir, "with space.yaml");
  writeFileSync(file, "apiVersion: v1\nkind: [\n");
  const log = sarif(["-f", file]);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const uri = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
  assert.ok(uri.endsWith("with%20space.yaml"), uri);
});
