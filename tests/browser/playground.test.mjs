// End-to-end tests of the built playground (www/dist) in Debian's headless Chromium.
// Run with `node --test tests/browser/` after building the wasm package and the playground.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  activeFileName,
  addFile,
  askCanI,
  cursorPosition,
  distDir,
  editorText,
  isOwnRequest,
  launchBrowser,
  openPlayground as openPage,
  outputDir,
  pasteActiveText,
  recordActivity,
  replaceActiveText,
  repoDir,
  skipReason,
  startStaticServer,
  statusRevision,
  waitForAnalysis,
} from "./helpers.mjs";

const reason = skipReason();
if (reason !== null) {
  console.log(`# skipping the playground browser tests: ${reason}`);
}

const exampleDir = join(repoDir, "examples", "kubeflow-kserve");
// KServe v0.14.1's release bundle as Kubeflow v1.10 ships it, kept beside the repository.
const upstreamBundle = join(repoDir, "..", "shared", "upstream", "kserve_kubeflow-v0.14.1.yaml");

// Line 4 puts a mapping value after a plain scalar, which every YAML parser rejects.
const BAD_YAML = [
  "apiVersion: v1",
  "kind: ServiceAccount",
  "metadata:",
  "  name: broken: here",
  "  namespace: team-a",
  "",
].join("\n");

// An unquoted attribute value, so the name fits in a single-quoted YAML scalar.
const MARKUP_NAME = "<img src=x onerror=document.title=1>";

const MARKUP_YAML = [
  "apiVersion: v1",
  "kind: ServiceAccount",
  "metadata:",
  `  name: '${MARKUP_NAME}'`,
  "  namespace: team-a",
  "",
].join("\n");

describe("playground", { skip: reason ?? false }, () => {
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

  function resultText(page) {
    return page.getByTestId("cani-result").innerText();
  }

  test("example loads and is analysed", async () => {
    const page = await openPlayground();

    const exampleNames = (await readdir(exampleDir)).filter((name) => name.endsWith(".yaml")).sort();
    const tabNames = await page
      .getByTestId("file-tab")
      .evaluateAll((tabs) => tabs.map((tab) => tab.dataset.file));
    assert.deepEqual([...tabNames].sort(), exampleNames);

    const firstText = await readFile(join(exampleDir, tabNames[0]), "utf8");
    assert.equal(await editorText(page), firstText);

    await page.getByTestId("panel-tab-objects").click();
    const total = Number(await page.getByTestId("objects-total").getAttribute("data-count"));
    assert.ok(total > 0, `objects-total shows ${total}`);
    for (const kind of ["Profile", "ClusterRole", "RoleBinding"]) {
      const count = page.locator(`[data-testid="objects-kind-count"][data-kind="${kind}"]`);
      assert.ok(Number(await count.getAttribute("data-count")) > 0, `no ${kind} counted`);
    }

    const namespaceAdmin = page.locator(
      '[data-testid="object"][data-kind="RoleBinding"][data-name="namespaceAdmin"]',
    );
    assert.ok((await namespaceAdmin.count()) > 0, "no namespaceAdmin RoleBinding listed");
    assert.equal(await namespaceAdmin.first().getAttribute("data-implied"), "true");
    assert.match(
      await namespaceAdmin.first().getByTestId("implied-badge").textContent(),
      /^implied by Profile \S+$/,
    );

    const errors = page.locator('[data-testid="diagnostic"][data-severity="error"]');
    assert.equal(await errors.count(), 0, await page.getByTestId("diagnostics").innerText());
    assert.match(await page.getByTestId("version").textContent(), /^kserve-rbac \d+\.\d+\.\d+/);

    // The analysis runs in a dedicated worker loaded from the page's own origin.
    const workers = page.workers();
    assert.equal(workers.length, 1);
    assert.ok(workers[0].url().startsWith(`${server.origin}/`), workers[0].url());
    await page.close();
  });

  test("can-i allows owner through aggregation", async () => {
    const page = await openPlayground();
    const verdict = await askCanI(page, {
      user: "alice@example.com",
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });
    assert.equal(await verdict.getAttribute("data-allowed"), "true", await resultText(page));
    assert.notEqual((await page.getByTestId("cani-reason").textContent()).trim(), "");
    assert.match(await page.getByTestId("trace-binding").textContent(), /RoleBinding team-a\/namespaceAdmin/);
    assert.match(await page.getByTestId("trace-role").textContent(), /ClusterRole kubeflow-admin/);
    const steps = await page.getByTestId("aggregation-step").allTextContents();
    assert.deepEqual(steps, ["kubeflow-admin", "kubeflow-edit", "kubeflow-kserve-edit"]);
    const rule = await page.getByTestId("trace-rule").textContent();
    assert.match(rule, /serving\.kserve\.io/);
    assert.match(rule, /inferenceservices/);
    assert.match(rule, /"create"/);

    await page.screenshot({ path: join(outputDir, "playground.png") });
    await page.close();
  });

  test("can-i denies outside the profile namespace", async () => {
    const page = await openPlayground();
    const verdict = await askCanI(page, {
      user: "alice@example.com",
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "kube-system",
    });
    assert.equal(await verdict.getAttribute("data-allowed"), "false", await resultText(page));
    assert.equal(await page.getByTestId("cani-trace").count(), 0);
    await page.close();
  });

  test("can-i evaluates a service account", async () => {
    const page = await openPlayground();
    const verdict = await askCanI(page, {
      serviceAccount: { namespace: "team-a", name: "default-editor" },
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });
    assert.equal(await verdict.getAttribute("data-allowed"), "true", await resultText(page));
    const identity = await page.getByTestId("cani-identity").textContent();
    assert.match(identity, /system:serviceaccount:team-a:default-editor/);
    assert.match(identity, /system:serviceaccounts:team-a/);
    assert.match(await page.getByTestId("trace-binding").textContent(), /RoleBinding team-a\/default-editor/);
    assert.match(await page.getByTestId("trace-role").textContent(), /ClusterRole kubeflow-edit/);
    await page.close();
  });

  test("typing is debounced into one analysis", async () => {
    const page = await openPlayground();
    await addFile(page, "typed.yaml");
    // Adding and renaming the file schedule an analysis, so wait until it has been shown.
    await page.locator('[data-testid="status"][data-state="ready"]').waitFor();
    const revision = await statusRevision(page);
    await page.getByTestId("editor").pressSequentially("apiVersion: v1\nkind: Namespace\n", { delay: 20 });
    await waitForAnalysis(page, revision);
    // Let any analysis that a keystroke might have queued arrive before counting.
    await page.waitForTimeout(1000);
    assert.equal(await statusRevision(page), revision + 1);
    await page.close();
  });

  test("rename field survives an analysis", async () => {
    const page = await openPlayground();
    const revision = await statusRevision(page);
    await page.getByTestId("file-add").click();
    // Adding the file schedules an analysis, which finishes while the rename field is open.
    await waitForAnalysis(page, revision);
    const input = page.getByTestId("file-rename-input");
    assert.equal(await input.count(), 1);
    await input.fill("later.yaml");
    await input.press("Enter");
    assert.equal(await activeFileName(page), "later.yaml");
    await page.close();
  });

  test("bad YAML gives a located error", async () => {
    const page = await openPlayground();
    const exampleTab = await activeFileName(page);
    await addFile(page, "broken.yaml");
    assert.equal(await activeFileName(page), "broken.yaml");
    await replaceActiveText(page, BAD_YAML);

    const errors = page.locator('[data-testid="diagnostic"][data-severity="error"]');
    const locations = await errors.getByTestId("diagnostic-location").allTextContents();
    const inBroken = locations.filter((location) => location.startsWith("broken.yaml:"));
    assert.ok(inBroken.length > 0, `no error located in broken.yaml: ${locations.join(", ")}`);
    assert.match(inBroken[0], /^broken\.yaml:4(:\d+)?$/);
    const badge = page.locator('[data-testid="file-tab"][data-file="broken.yaml"] [data-testid="file-tab-badge"]');
    assert.equal(await badge.count(), 1);

    // Clicking the diagnostic from another tab switches back and puts the caret on line 4.
    await page.locator(`[data-testid="file-tab"][data-file="${exampleTab}"] .tab-label`).click();
    assert.equal(await activeFileName(page), exampleTab);
    await errors.filter({ hasText: "broken.yaml:4" }).first().click();
    assert.equal(await activeFileName(page), "broken.yaml");
    assert.equal((await cursorPosition(page)).line, 4);
    await page.close();
  });

  test("edits persist and reset restores", async () => {
    const page = await openPlayground();
    await addFile(page, "extra.yaml");
    await replaceActiveText(page, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n");
    await page.reload();
    await waitForAnalysis(page, 0);
    assert.equal(await activeFileName(page), "extra.yaml");
    assert.match(await editorText(page), /name: extra/);

    await page.locator('[data-testid="file-tab"][data-file="extra.yaml"]').dblclick();
    const input = page.getByTestId("file-rename-input");
    await input.fill("renamed.yaml");
    await input.press("Enter");
    assert.equal(await activeFileName(page), "renamed.yaml");

    const revision = await statusRevision(page);
    await page.getByTestId("reset-example").click();
    await waitForAnalysis(page, revision);
    const tabNames = await page
      .getByTestId("file-tab")
      .evaluateAll((tabs) => tabs.map((tab) => tab.dataset.file));
    assert.ok(!tabNames.includes("renamed.yaml"), `tabs after reset: ${tabNames.join(", ")}`);
    await page.close();
  });

  test("markup in manifests stays text", async () => {
    const page = await openPlayground();
    const title = await page.title();
    await addFile(page, "markup.yaml");
    await replaceActiveText(page, MARKUP_YAML);

    await page.getByTestId("panel-tab-objects").click();
    const object = page.locator('[data-testid="object"][data-kind="ServiceAccount"]', {
      hasText: MARKUP_NAME,
    });
    assert.equal(await object.count(), 1);
    assert.match(await object.textContent(), /<img src=x onerror=/);

    await askCanI(page, {
      user: MARKUP_NAME,
      verb: "get",
      resource: "pods",
      namespace: "team-a",
    });
    assert.match(await page.getByTestId("cani-identity").textContent(), /<img src=x onerror=/);

    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.title(), title);
    const requested = activity.requests.filter((url) => new URL(url).pathname === "/x");
    assert.deepEqual(requested, []);
    await page.close();
  });

  test("generated roles download and copy", async () => {
    const page = await openPlayground();
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: server.origin,
    });
    await page.getByTestId("panel-tab-generate").click();
    const roles = page.getByTestId("generated-role");
    await roles.first().waitFor();
    const names = await roles.allTextContents();
    for (const name of ["kubeflow-kserve-admin", "kubeflow-kserve-edit", "kubeflow-kserve-view"]) {
      assert.ok(names.includes(name), `generated roles: ${names.join(", ")}`);
    }
    const output = await page.getByTestId("generated-output").textContent();
    assert.match(output, /kind: ClusterRole/);
    assert.match(output, /kubeflow-kserve-admin/);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("generate-download").click(),
    ]);
    assert.equal(download.suggestedFilename(), "kubeflow-kserve-roles.yaml");
    const downloaded = await readFile(await download.path(), "utf8");
    assert.equal(downloaded, output);

    await page.getByTestId("generate-copy").click();
    await page.getByTestId("generate-message").filter({ hasText: "Copied" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), output);

    await page.getByTestId("generate-name-prefix").fill("acme-kserve");
    await page.getByTestId("generate-format-json").check();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="generated-output"]').textContent.trimStart().startsWith("{"),
    );
    const list = JSON.parse(await page.getByTestId("generated-output").textContent());
    assert.equal(list.kind, "List");
    const jsonNames = list.items.map((role) => role.metadata.name);
    assert.ok(jsonNames.includes("acme-kserve-admin"), `JSON roles: ${jsonNames.join(", ")}`);
    await page.close();
  });

  test("upstream release bundle is analysed", async (context) => {
    if (!existsSync(upstreamBundle)) {
      context.skip(`${upstreamBundle} is missing`);
      return;
    }
    const page = await openPlayground();
    await page.locator('[data-testid="file-tab"][data-file="kserve-roles.yaml"] .tab-label').click();
    await pasteActiveText(page, await readFile(upstreamBundle, "utf8"));

    const errors = page.locator('[data-testid="diagnostic"][data-severity="error"]');
    assert.equal(await errors.count(), 0, await page.getByTestId("diagnostics").innerText());
    await page.getByTestId("panel-tab-objects").click();
    const crds = page.locator('[data-testid="objects-kind-count"][data-kind="CustomResourceDefinition"]');
    assert.ok(Number(await crds.getAttribute("data-count")) > 0, "no CustomResourceDefinition counted");

    // v0.14's kubeflow-kserve-edit lists inferenceservices and servingruntimes only.
    const allowed = await askCanI(page, {
      user: "alice@example.com",
      verb: "create",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });
    assert.equal(await allowed.getAttribute("data-allowed"), "true", await resultText(page));
    const denied = await askCanI(page, {
      user: "alice@example.com",
      verb: "create",
      group: "serving.kserve.io",
      resource: "trainedmodels",
      namespace: "team-a",
    });
    assert.equal(await denied.getAttribute("data-allowed"), "false", await resultText(page));
    const aggregationMiss = page.locator('[data-testid="near-miss"][data-attribute="aggregation"]');
    assert.ok((await aggregationMiss.count()) > 0, "no near miss about aggregation");
    assert.match(await aggregationMiss.first().textContent(), /kubeflow-admin/);
    await page.close();
  });

  test("page stays on its own origin", () => {
    assert.ok(activity.requests.length > 0, "no requests were recorded");
    assert.ok(
      activity.requests.some((url) => url.endsWith(".wasm")),
      `the wasm module was not requested: ${activity.requests.join(", ")}`,
    );
    const foreign = activity.requests.filter((url) => !isOwnRequest(url, server.origin));
    assert.deepEqual(foreign, []);
    assert.deepEqual(activity.problems, []);
  });
});
