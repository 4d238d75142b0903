// Tests of the tenancy part of the npm package's API: tenants, KServe coverage, the isolation
// report with baselines, access matrices and permission diffs, against the real module in
// pkg/nodejs.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const gluePath = join(repoRoot, "pkg", "nodejs", "kserve_rbac.js");
if (!existsSync(gluePath)) {
  throw new Error(`${gluePath} is missing: build it with scripts/build-wasm nodejs`);
}
const { Workspace, diffPermissions } = createRequire(import.meta.url)(gluePath);

const exampleDir = join(repoRoot, "examples", "kubeflow-kserve");
const example = readdirSync(exampleDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => ({ name: file, text: readFileSync(join(exampleDir, file), "utf8") }));

const leaks = {
  name: "leaks.yaml",
  text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ml-platform-kserve-edit}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubeflow-kserve-edit}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: ml-platform}
`,
};

/** Runs `body` with a Workspace of `files` and frees it afterwards. */
function withWorkspace(files, body) {
  const workspace = new Workspace(files);
  try {
    return body(workspace);
  } finally {
    workspace.free();
  }
}

test("tenants have owners and contributors", () => {
  withWorkspace(example, (workspace) => {
    const tenants = workspace.tenants();
    assert.deepEqual(tenants.map((t) => t.namespace), ["team-a", "team-b"]);
    const teamA = tenants[0];
    assert.equal(teamA.owner.name, "alice@example.com");
    assert.equal(teamA.contributors.length, 1);
    assert.equal(teamA.contributors[0].user, "carol@example.com");
    assert.equal(teamA.contributors[0].role, "edit");
    assert.equal(teamA.contributors[0].expectedName, "user-carol-example-com-clusterrole-edit");
    assert.equal(teamA.contributors[0].binding.name, teamA.contributors[0].expectedName);
  });
});

test("kserve coverage of the example is complete", () => {
  withWorkspace(example, (workspace) => {
    const coverage = workspace.kserveCoverage();
    assert.deepEqual(coverage.map((t) => t.tier), ["admin", "edit", "view"]);
    for (const tier of coverage) {
      assert.equal(tier.present, true);
      for (const resource of tier.resources) {
        assert.deepEqual(resource.missing, [], `${tier.role} ${resource.resource}`);
      }
    }
    const view = coverage[2].resources.find((r) => r.resource === "inferenceservices");
    assert.deepEqual(view.granted, ["get", "list", "watch"]);
  });
});

test("isolation report finds a cluster-wide leak", () => {
  withWorkspace([...example, leaks], (workspace) => {
    const report = workspace.isolationReport();
    assert.equal(report.leaks, 2);
    const group = report.exposures.filter((e) => e.subject.name === "ml-platform");
    assert.deepEqual(group.map((e) => e.namespace).sort(), ["team-a", "team-b"]);
    for (const exposure of group) {
      assert.equal(exposure.kind, "outsider");
      assert.equal(exposure.clusterWide, true);
      assert.equal(exposure.accepted, false);
      assert.equal(exposure.otherTenant, null);
      assert.ok(exposure.access.includes("create inferenceservices.serving.kserve.io"));
    }
  });
});

test("isolation baseline as object and as YAML text", () => {
  withWorkspace([...example, leaks], (workspace) => {
    const asObject = workspace.isolationReport({
      accepted: [{ kind: "Group", name: "ml-platform", tenants: ["team-a"], reason: "platform team" }],
    });
    assert.equal(asObject.leaks, 1);
    const accepted = asObject.exposures.find((e) => e.subject.name === "ml-platform" && e.accepted);
    assert.equal(accepted.namespace, "team-a");
    const asText = workspace.isolationReport("accepted:\n- {kind: Group, name: ml-platform}\n");
    assert.equal(asText.leaks, 0);
    assert.throws(() => workspace.isolationReport({ acepted: [] }), /acepted/);
  });
});

test("access matrix for a user and a namespace", () => {
  withWorkspace(example, (workspace) => {
    const user = workspace.accessMatrix({ user: "dave@example.com" }, { verbs: ["get", "create"] });
    assert.deepEqual(user.verbs, ["get", "create"]);
    const index = user.resources.findIndex((r) => r.resource === "inferenceservices");
    const teamB = user.rows.find((r) => r.namespace === "team-b");
    assert.deepEqual(teamB.allowed[index], ["get"]);
    assert.equal(teamB.subject, null);
    const namespace = workspace.accessMatrix({ namespace: "team-a" }, { resources: ["inferenceservices"] });
    const alice = namespace.rows.find((r) => r.subject?.name === "alice@example.com");
    assert.ok(alice.allowed[0].includes("deletecollection"));
    assert.equal(alice.namespace, null);
    assert.throws(() => workspace.accessMatrix({ user: "x" }, { verbs: [""] }), /empty/);
  });
});

test("diff permissions names gains and their cause", () => {
  const diff = diffPermissions(example, [...example, leaks]);
  assert.ok(diff.gains > 0);
  assert.equal(diff.losses, 0);
  const change = diff.changes.find((c) => c.subject.name === "ml-platform");
  assert.equal(change.namespace, null);
  assert.ok(change.gained.some((p) => p.resource === "inferenceservices" && p.verbs.includes("create")));
  assert.deepEqual(
    change.causes.map((c) => [c.change, c.object.kind, c.object.name]),
    [["added", "ClusterRoleBinding", "ml-platform-kserve-edit"]],
  );
  assert.deepEqual(diff.changedObjects.map((c) => c.object.name), ["ml-platform-kserve-edit"]);
  const none = diffPermissions(example, example, { bootstrapPolicy: true });
  assert.equal(none.changes.length, 0);
});
