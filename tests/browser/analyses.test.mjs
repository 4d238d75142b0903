// End-to-end tests of the playground's analysis panels (who can, rules, tenancy, access
// matrix, permission diff) and of the bootstrap policy switch, in Debian's headless Chromium.
// Run with `node --test tests/browser/` after building the wasm package and the playground.

import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  addFile,
  askCanI,
  distDir,
  editorText,
  isOwnRequest,
  launchBrowser,
  openPlayground as openPage,
  outputDir,
  pasteActiveText,
  recordActivity,
  replaceActiveText,
  selectFile,
  skipReason,
  startStaticServer,
  statusRevision,
  waitForAnalysis,
  waitForView,
} from "./helpers.mjs";

const reason = skipReason();
if (reason !== null) {
  console.log(`# skipping the analysis panel browser tests: ${reason}`);
}

// Gives every member of Group ml-platform kubeflow-kserve-edit in every namespace, tenants'
// namespaces included.
const PLATFORM_BINDING = [
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: ClusterRoleBinding",
  "metadata:",
  "  name: ml-platform-kserve-edit",
  "roleRef:",
  "  apiGroup: rbac.authorization.k8s.io",
  "  kind: ClusterRole",
  "  name: kubeflow-kserve-edit",
  "subjects:",
  "  - apiGroup: rbac.authorization.k8s.io",
  "    kind: Group",
  "    name: ml-platform",
  "",
].join("\n");

// A user name that is a script element; rendered as HTML it would set window.injected.
const SCRIPT_NAME = "<script>window.injected = 1</script>";

const SCRIPT_BINDING = [
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: RoleBinding",
  "metadata:",
  "  name: scripted-edit",
  "  namespace: team-a",
  "roleRef:",
  "  apiGroup: rbac.authorization.k8s.io",
  "  kind: ClusterRole",
  "  name: kubeflow-edit",
  "subjects:",
  "  - apiGroup: rbac.authorization.k8s.io",
  "    kind: User",
  `    name: '${SCRIPT_NAME}'`,
  "",
].join("\n");

// The view tier's KServe rule in examples/kubeflow-kserve/kserve-roles.yaml, before and after
// granting create.
const VIEW_VERBS = "    verbs: [get, list, watch]\n  - apiGroups: [serving.knative.dev]";
const VIEW_VERBS_WITH_CREATE = "    verbs: [get, list, watch, create]\n  - apiGroups: [serving.knative.dev]";

describe("analysis panels", { skip: reason ?? false }, () => {
  let server;
  let browser;
  let activity;

  before(async () => {
    server = await startStaticServer(distDir);
    browser = await launchBrowser();
    activity = await recordActivity(browser.context);
    await mkdir(outputDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function openPlayground() {
    return openPage(browser.context, server.origin);
  }

  /** Selects a panel's tab and waits for the panel to show the current analysis. */
  async function showPanel(page, name) {
    const revision = await statusRevision(page);
    await page.getByTestId(`panel-tab-${name}`).click();
    await waitForView(page, `${name}-result`, revision);
  }

  /** Submits a panel's form and waits for its result. */
  async function submitPanel(page, name) {
    const revision = await statusRevision(page);
    await page.getByTestId(`${name}-submit`).click();
    await waitForView(page, `${name}-result`, revision);
    const error = page.getByTestId(`${name}-result`).getByTestId("view-error");
    assert.equal(await error.count(), 0, (await error.count()) > 0 ? await error.textContent() : "");
  }

  /** Adds a file with `text` and waits for the analysis and for the visible panel `name`. */
  async function addFileAndWait(page, fileName, text, panel) {
    await addFile(page, fileName);
    await replaceActiveText(page, text);
    await waitForView(page, `${panel}-result`, await statusRevision(page));
  }

  async function askWhoCan(page, fields) {
    await showPanel(page, "whocan");
    await page.getByTestId("whocan-verb").fill(fields.verb);
    await page.getByTestId("whocan-group").fill(fields.group ?? "");
    await page.getByTestId("whocan-resource").fill(fields.resource);
    await page.getByTestId("whocan-subresource").fill("");
    await page.getByTestId("whocan-name").fill("");
    await page.getByTestId("whocan-namespace").fill(fields.namespace ?? "");
    await submitPanel(page, "whocan");
  }

  async function listRules(page, user, namespace) {
    await showPanel(page, "rules");
    await page.getByTestId("rules-mode-user").check();
    await page.getByTestId("rules-user").fill(user);
    await page.getByTestId("rules-groups").fill("");
    await page.getByTestId("rules-namespace").fill(namespace);
    await submitPanel(page, "rules");
  }

  function leakCount(page) {
    return page
      .getByTestId("isolation-leaks")
      .getAttribute("data-count")
      .then((count) => Number(count));
  }

  function matrixCell(page, row, resource, verb) {
    return page.locator(
      `[data-testid="matrix-row"][data-row="${row}"][data-resource="${resource}"] ` +
        `[data-testid="matrix-cell"][data-verb="${verb}"]`,
    );
  }

  test("who-can lists the owner via namespaceAdmin", async () => {
    const page = await openPlayground();
    await askWhoCan(page, {
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });

    const alice = page.locator(
      '[data-testid="whocan-row"][data-kind="User"][data-name="alice@example.com"]',
    );
    assert.equal(await alice.count(), 1, await page.getByTestId("whocan-result").innerText());
    assert.equal(await alice.getAttribute("data-binding"), "namespaceAdmin");
    const roleCell = await alice.getByTestId("whocan-role").textContent();
    assert.match(roleCell, /ClusterRole kubeflow-admin/);
    assert.match(roleCell, /kubeflow-kserve-edit/);

    const names = await page
      .getByTestId("whocan-row")
      .evaluateAll((rows) => rows.map((row) => row.dataset.name));
    assert.ok(names.includes("carol@example.com"), `subjects: ${names.join(", ")}`);
    assert.ok(names.includes("default-editor"), `subjects: ${names.join(", ")}`);
    // Bob owns team-b and Dave only views team-b: neither may create in team-a.
    assert.ok(!names.includes("bob@example.com"), `subjects: ${names.join(", ")}`);
    assert.ok(!names.includes("dave@example.com"), `subjects: ${names.join(", ")}`);
    const sa = page.locator('[data-testid="whocan-row"][data-name="default-editor"] td').nth(2);
    assert.equal(await sa.textContent(), "team-a");

    await page.screenshot({ path: join(outputDir, "whocan.png") });
    await page.close();
  });

  test("who-can rejects an empty verb", async () => {
    const page = await openPlayground();
    await showPanel(page, "whocan");
    await page.getByTestId("whocan-verb").fill("");
    await page.getByTestId("whocan-submit").click();
    const error = page.getByTestId("whocan-result").getByTestId("view-error");
    assert.equal(await error.textContent(), "Enter a verb.");
    assert.equal(await page.getByTestId("whocan-row").count(), 0);
    await page.close();
  });

  test("rules for carol include inferenceservices", async () => {
    const page = await openPlayground();
    await listRules(page, "carol@example.com", "team-a");

    const identity = await page.getByTestId("rules-identity").textContent();
    assert.match(identity, /carol@example\.com/);
    assert.match(identity, /in namespace team-a/);
    const rows = page.getByTestId("rules-row").filter({
      has: page.getByTestId("rules-resources").filter({ hasText: "inferenceservices.serving.kserve.io" }),
    });
    assert.ok((await rows.count()) > 0, await page.getByTestId("rules-result").innerText());
    const verbs = (await rows.first().getByTestId("rules-verbs").textContent()).split(", ");
    assert.ok(verbs.includes("create"), `verbs: ${verbs.join(", ")}`);
    assert.equal(await rows.first().getAttribute("data-scope"), "namespace");
    assert.equal(
      await rows.first().getAttribute("data-binding"),
      "user-carol-example-com-clusterrole-edit",
    );

    // Carol has no binding in team-b, so no rule lists KServe resources there.
    await page.getByTestId("rules-namespace").fill("team-b");
    await submitPanel(page, "rules");
    const inTeamB = page.getByTestId("rules-resources").filter({ hasText: "serving.kserve.io" });
    assert.equal(await inTeamB.count(), 0, await page.getByTestId("rules-result").innerText());

    await page.getByTestId("rules-namespace").fill("team-a");
    await submitPanel(page, "rules");
    await page.screenshot({ path: join(outputDir, "rules.png") });
    await page.close();
  });

  test("isolation finds leaks of a cluster binding", async () => {
    const page = await openPlayground();
    await showPanel(page, "tenancy");

    assert.equal(await leakCount(page), 0);
    assert.equal(await page.getByTestId("tenancy-tab-badge").isHidden(), true);
    const tenants = await page
      .getByTestId("tenant-row")
      .evaluateAll((rows) => rows.map((row) => row.dataset.namespace));
    assert.deepEqual(tenants, ["team-a", "team-b"]);
    const carol = page.locator('[data-testid="contributor"][data-user="carol@example.com"]');
    assert.equal(await carol.getAttribute("data-conventional"), "true");
    const tiers = await page
      .getByTestId("coverage-tier")
      .evaluateAll((elements) => elements.map((element) => element.dataset.tier));
    assert.deepEqual(tiers, ["admin", "edit", "view"]);
    const missing = page.locator(
      '[data-testid="coverage-tier"][data-tier="edit"] ' +
        '[data-testid="coverage-row"][data-resource="inferenceservices.serving.kserve.io"]',
    );
    assert.equal(await missing.getAttribute("data-missing"), "0");

    // The models web app is the platform: hidden by default, listed when the filter is off.
    assert.equal(await page.getByTestId("isolation-row").count(), 0);
    await page.getByTestId("isolation-hide-platform").uncheck();
    const platform = page.locator('[data-testid="isolation-row"][data-kind="platform"]');
    assert.ok((await platform.count()) > 0, "no platform exposure listed");
    assert.equal(await platform.first().getAttribute("data-leak"), "false");
    await page.getByTestId("isolation-hide-platform").check();

    await addFileAndWait(page, "ml-platform.yaml", PLATFORM_BINDING, "tenancy");
    assert.equal(await leakCount(page), 2);
    const leaks = page.locator('[data-testid="isolation-row"][data-leak="true"]');
    const leaked = await leaks.evaluateAll((rows) =>
      rows.map((row) => `${row.dataset.tenant} ${row.dataset.subject}`).sort(),
    );
    assert.deepEqual(leaked, ["team-a ml-platform", "team-b ml-platform"]);
    assert.match(await leaks.first().textContent(), /ClusterRoleBinding ml-platform-kserve-edit/);
    assert.equal(await page.getByTestId("tenancy-tab-badge").textContent(), "2");

    await page.screenshot({ path: join(outputDir, "tenancy.png") });
    await page.close();
  });

  test("isolation baseline accepts and reports errors", async () => {
    const page = await openPlayground();
    await showPanel(page, "tenancy");
    await addFileAndWait(page, "ml-platform.yaml", PLATFORM_BINDING, "tenancy");
    assert.equal(await leakCount(page), 2);

    const baseline = page.getByTestId("isolation-baseline");
    const message = page.getByTestId("isolation-baseline-message");
    const leaksBadge = (count) => page.locator(`[data-testid="isolation-leaks"][data-count="${count}"]`);

    // Accepting in team-a only leaves the leak in team-b.
    await baseline.fill(
      JSON.stringify({ accepted: [{ kind: "Group", name: "ml-platform", tenants: ["team-a"] }] }),
    );
    await leaksBadge(1).waitFor();
    const remaining = page.locator('[data-testid="isolation-row"][data-leak="true"]');
    assert.equal(await remaining.getAttribute("data-tenant"), "team-b");

    await baseline.fill("{ accepted: [");
    await page.locator('[data-testid="isolation-baseline-message"][data-error="true"]').waitFor();
    assert.match(await message.textContent(), /^The baseline is not valid JSON: /);
    await leaksBadge(2).waitFor();

    // Valid JSON with a misspelt field is rejected by the analyser, and the report goes on.
    await baseline.fill(JSON.stringify({ acepted: [] }));
    await page
      .locator('[data-testid="isolation-baseline-message"][data-error="true"]', { hasText: "acepted" })
      .waitFor();
    assert.match(await message.textContent(), /unknown field `acepted`/);
    assert.equal(await leakCount(page), 2);

    // "Accept current leaks" writes a baseline that accepts both, and it survives a reload.
    await baseline.fill("");
    await page.locator('[data-testid="isolation-baseline-message"][data-error="false"]').waitFor();
    await page.getByTestId("isolation-accept-leaks").click();
    await leaksBadge(0).waitFor();
    const written = JSON.parse(await baseline.inputValue());
    assert.deepEqual(
      written.accepted.map((entry) => [entry.kind, entry.name, [...entry.tenants].sort()]),
      [["Group", "ml-platform", ["team-a", "team-b"]]],
    );
    await page.reload();
    await waitForAnalysis(page, 0);
    assert.deepEqual(JSON.parse(await page.getByTestId("isolation-baseline").inputValue()), written);
    await page.close();
  });

  test("matrix shows alice's access per namespace", async () => {
    const page = await openPlayground();
    await showPanel(page, "matrix");
    await page.getByTestId("matrix-mode-user").check();
    await page.getByTestId("matrix-user").fill("alice@example.com");
    await submitPanel(page, "matrix");

    const resource = "inferenceservices.serving.kserve.io";
    for (const verb of ["get", "create", "delete"]) {
      assert.equal(await matrixCell(page, "team-a", resource, verb).getAttribute("data-allowed"), "true");
      assert.equal(await matrixCell(page, "team-a", resource, verb).textContent(), "✓");
      assert.equal(await matrixCell(page, "team-b", resource, verb).getAttribute("data-allowed"), "false");
      assert.equal(await matrixCell(page, "team-b", resource, verb).textContent(), "·");
    }
    const teamBAllowed = page.locator(
      '[data-testid="matrix-row"][data-row="team-b"] [data-testid="matrix-cell"][data-allowed="true"]',
    );
    assert.equal(await teamBAllowed.count(), 0);
    await page.screenshot({ path: join(outputDir, "matrix.png") });

    // Hiding rows without access drops team-b and keeps team-a.
    await page.getByTestId("matrix-hide-empty").check();
    assert.equal(await page.locator('[data-testid="matrix-group"][data-row="team-b"]').count(), 0);
    assert.equal(await page.locator('[data-testid="matrix-group"][data-row="team-a"]').count(), 1);
    await page.getByTestId("matrix-hide-empty").uncheck();

    // Filters narrow the columns to the resources and verbs given.
    await page.getByTestId("matrix-resources").fill("inferenceservices, secrets.core");
    await page.getByTestId("matrix-verbs").fill("get, create");
    await submitPanel(page, "matrix");
    const verbs = await page
      .locator('[data-testid="matrix-row"][data-row="team-a"]')
      .first()
      .getByTestId("matrix-cell")
      .evaluateAll((cells) => cells.map((cell) => cell.dataset.verb));
    assert.deepEqual(verbs, ["get", "create"]);
    assert.equal(await matrixCell(page, "team-a", "secrets", "get").getAttribute("data-allowed"), "true");
    assert.equal(await matrixCell(page, "team-b", "secrets", "get").getAttribute("data-allowed"), "false");

    // A namespace matrix has a row per subject with a binding there.
    await page.getByTestId("matrix-mode-namespace").check();
    await page.getByTestId("matrix-namespace").fill("team-b");
    await submitPanel(page, "matrix");
    const dave = "User dave@example.com";
    assert.equal(await matrixCell(page, dave, resource, "get").getAttribute("data-allowed"), "true");
    assert.equal(await matrixCell(page, dave, resource, "create").getAttribute("data-allowed"), "false");
    await page.close();
  });

  test("diff shows a gained permission and its cause", async () => {
    const page = await openPlayground();
    await showPanel(page, "diff");
    assert.equal(await page.getByTestId("diff-base").getAttribute("data-base"), "example");
    assert.equal(await page.getByTestId("diff-empty").count(), 1);

    let revision = await statusRevision(page);
    await page.getByTestId("diff-snapshot").click();
    await waitForView(page, "diff-result", revision);
    assert.equal(await page.getByTestId("diff-base").getAttribute("data-base"), "snapshot");

    await selectFile(page, "kserve-roles.yaml");
    const text = await editorText(page);
    assert.ok(text.includes(VIEW_VERBS), "the view rule of kserve-roles.yaml changed");
    await pasteActiveText(page, text.replace(VIEW_VERBS, VIEW_VERBS_WITH_CREATE));
    await waitForView(page, "diff-result", await statusRevision(page));

    const summary = page.getByTestId("diff-summary");
    assert.ok(Number(await summary.getAttribute("data-gains")) > 0, await summary.textContent());
    assert.equal(await summary.getAttribute("data-losses"), "0");
    const dave = page.locator(
      '[data-testid="diff-change"][data-subject="dave@example.com"][data-namespace="team-b"]',
    );
    assert.equal(await dave.count(), 1, await page.getByTestId("diff-result").innerText());
    const gained = await dave
      .locator('[data-testid="diff-permission"][data-sign="gained"]')
      .allTextContents();
    assert.ok(
      gained.some((line) => line.includes("create on inferenceservices.serving.kserve.io")),
      `dave gained: ${gained.join(" | ")}`,
    );
    const cause = dave.getByTestId("diff-cause");
    assert.equal(await cause.getAttribute("data-change"), "modified");
    assert.equal(await cause.getAttribute("data-kind"), "ClusterRole");
    assert.equal(await cause.getAttribute("data-name"), "kubeflow-kserve-view");
    await page.screenshot({ path: join(outputDir, "diff.png") });

    // The snapshot survives a reload; dropping it compares with the example, which the edit
    // also differs from.
    await page.reload();
    await waitForAnalysis(page, 0);
    await showPanel(page, "diff");
    assert.equal(await page.getByTestId("diff-base").getAttribute("data-base"), "snapshot");
    revision = await statusRevision(page);
    await page.getByTestId("diff-clear").click();
    await waitForView(page, "diff-result", revision);
    assert.equal(await page.getByTestId("diff-base").getAttribute("data-base"), "example");
    assert.equal(await dave.count(), 1);
    await page.close();
  });

  test("bootstrap policy allows /healthz", async () => {
    const page = await openPlayground();
    const healthz = { user: "nobody@example.com", verb: "get", nonResourceURL: "/healthz" };
    let verdict = await askCanI(page, healthz);
    assert.equal(await verdict.getAttribute("data-allowed"), "false");

    const revision = await statusRevision(page);
    await page.getByTestId("bootstrap-policy").check();
    await waitForAnalysis(page, revision);
    verdict = await askCanI(page, healthz);
    assert.equal(await verdict.getAttribute("data-allowed"), "true");
    // Both bootstrap roles allow it to system:authenticated, which every impersonated user has.
    assert.match(
      await page.getByTestId("trace-role").textContent(),
      /ClusterRole system:(discovery|public-info-viewer)/,
    );
    // The policy's objects have no file in the editor, so their location is a plain label.
    assert.ok((await page.getByTestId("location-builtin").count()) > 0, "no built-in location shown");

    // The setting is kept across a reload.
    await page.reload();
    await waitForAnalysis(page, 0);
    assert.equal(await page.getByTestId("bootstrap-policy").isChecked(), true);
    verdict = await askCanI(page, healthz);
    assert.equal(await verdict.getAttribute("data-allowed"), "true");
    await page.close();
  });

  test("script in subject names stays text", async () => {
    const page = await openPlayground();
    const title = await page.title();
    const scripts = await page.locator("script").count();
    await showPanel(page, "whocan");
    await addFileAndWait(page, "scripted.yaml", SCRIPT_BINDING, "whocan");

    await askWhoCan(page, {
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });
    const row = page.getByTestId("whocan-row").filter({ hasText: SCRIPT_NAME });
    assert.equal(await row.count(), 1, await page.getByTestId("whocan-result").innerText());
    assert.equal(await row.getAttribute("data-name"), SCRIPT_NAME);

    await listRules(page, SCRIPT_NAME, "team-a");
    assert.ok((await page.getByTestId("rules-identity").textContent()).includes(SCRIPT_NAME));

    await showPanel(page, "tenancy");
    const exposure = page.locator('[data-testid="isolation-row"][data-leak="true"]', {
      hasText: SCRIPT_NAME,
    });
    assert.equal(await exposure.count(), 1);

    await showPanel(page, "matrix");
    await page.getByTestId("matrix-mode-namespace").check();
    await page.getByTestId("matrix-namespace").fill("team-a");
    await submitPanel(page, "matrix");
    const group = page.locator(`[data-testid="matrix-group"][data-row="User ${SCRIPT_NAME}"]`);
    assert.equal(await group.count(), 1);
    assert.ok((await group.locator("th").textContent()).includes(SCRIPT_NAME));

    await showPanel(page, "diff");
    const change = page.locator('[data-testid="diff-change"]', { hasText: SCRIPT_NAME });
    assert.equal(await change.count(), 1);
    // kubeflow-edit reads secrets, which the diff marks as risky.
    assert.ok((await change.locator('[data-risky="true"]').count()) > 0, "no risky gain marked");

    assert.equal(await page.locator("script").count(), scripts);
    assert.equal(await page.evaluate(() => window.injected), undefined);
    assert.equal(await page.title(), title);
    await page.close();
  });

  test("panels stay on their own origin", () => {
    assert.ok(activity.requests.length > 0, "no requests were recorded");
    const foreign = activity.requests.filter((url) => !isOwnRequest(url, server.origin));
    assert.deepEqual(foreign, []);
    assert.deepEqual(activity.problems, []);
  });
});
