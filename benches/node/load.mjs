// Times the npm package (pkg/nodejs) on generated Kubeflow clusters: `new Workspace(text)` and
// `canI` latency, the Node counterparts of the load and query groups of benches/load.rs.
//
//   node benches/node/load.mjs [--runs N] [--queries N] [PROFILES ...]    (default: 200 2000)
//
// The cluster YAML comes from `cargo run --release --example gen_cluster -- PROFILES`, the same
// generator and seed as the Rust benchmarks, so both measure the same input and queries.
// Build the package first with scripts/build-wasm nodejs.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const gluePath = join(repoRoot, "pkg", "nodejs", "kserve_rbac.js");

function parseArguments(args) {
  const options = { runs: null, queries: 2000, profiles: [] };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === "--runs" || arg === "--queries") {
      const value = Number.parseInt(args[index + 1], 10);
      if (!Number.isInteger(value) || value < 1) {
        const shown = JSON.stringify(args[index + 1]);
        throw new Error(`invalid ${arg} value ${shown}: expected a positive integer`);
      }
      options[arg.slice(2)] = value;
      index += 1;
    } else if (/^\d+$/.test(arg)) {
      options.profiles.push(Number.parseInt(arg, 10));
    } else {
      const expected = "expected --runs N, --queries N or a profile count";
      throw new Error(`invalid argument ${JSON.stringify(arg)}: ${expected}`);
    }
  }
  if (options.profiles.length === 0) {
    options.profiles = [200, 2000];
  }
  return options;
}

/** Writes the generated cluster to a temporary file and returns its text. */
function generateCluster(profiles) {
  const dir = mkdtempSync(join(tmpdir(), "kserve-rbac-bench-"));
  const path = join(dir, `cluster-${profiles}.yaml`);
  const output = openSync(path, "w");
  try {
    const cargoArgs = ["run", "--quiet", "--release", "--example", "gen_cluster", "--", String(profiles)];
    const result = spawnSync("cargo", cargoArgs, {
      cwd: repoRoot,
      stdio: ["ignore", output, "inherit"],
    });
    if (result.status !== 0) {
      throw new Error(`cargo ${cargoArgs.join(" ")} failed with exit status ${result.status}`);
    }
  } finally {
    closeSync(output);
  }
  const text = readFileSync(path, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return text;
}

/**
 * Returns the first contributor with a kubeflow-edit RoleBinding in `namespace`, in document
 * order, the same user that benches/load.rs picks.
 */
function editContributor(text, namespace) {
  for (const document of text.split(/^---$/m)) {
    const isContributorEdit =
      /^kind: RoleBinding$/m.test(document) &&
      /^ {2}name: user-/m.test(document) &&
      new RegExp(`^ {2}namespace: ${namespace}$`, "m").test(document) &&
      /^ {2}name: kubeflow-edit$/m.test(document);
    if (isContributorEdit) {
      return document.match(/^ {4}user: (\S+)$/m)[1];
    }
  }
  throw new Error(`no edit contributor in namespace ${namespace}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the median duration of `runs` calls of `fn`, in milliseconds. */
function medianMilliseconds(runs, fn) {
  const durations = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    fn();
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(durations);
}

function profileNamespace(index) {
  return `team-${String(index).padStart(5, "0")}`;
}

function createQuery(user, namespace) {
  return { user, namespace, verb: "create", group: "serving.kserve.io", resource: "inferenceservices" };
}

function benchmark(Workspace, profiles, options) {
  const text = generateCluster(profiles);
  const runs = options.runs ?? (profiles >= 1000 ? 5 : 15);

  // The first load also warms up the module and the JIT; it is not counted.
  new Workspace(text).free();
  const loadMs = medianMilliseconds(runs, () => new Workspace(text).free());

  const workspace = new Workspace(text);
  try {
    const middle = Math.floor(profiles / 2);
    const namespace = profileNamespace(middle);
    const allowedQuery = createQuery(editContributor(text, namespace), namespace);
    const deniedQuery = createQuery(`owner${middle}@example.com`, profileNamespace(middle + 1));

    const allowed = workspace.canI(allowedQuery);
    if (!allowed.allowed || allowed.trace === null) {
      throw new Error(`expected an allowed decision with a trace: ${JSON.stringify(allowed)}`);
    }
    const denied = workspace.canI(deniedQuery);
    if (denied.allowed || !denied.nearMisses.some((miss) => miss.attribute === "namespace")) {
      throw new Error(`expected a denial with a namespace near miss: ${JSON.stringify(denied)}`);
    }

    const warmUp = Math.min(200, options.queries);
    medianMilliseconds(warmUp, () => workspace.canI(allowedQuery));
    medianMilliseconds(warmUp, () => workspace.canI(deniedQuery));
    const allowedMs = medianMilliseconds(options.queries, () => workspace.canI(allowedQuery));
    const deniedMs = medianMilliseconds(options.queries, () => workspace.canI(deniedQuery));

    // canIMany returns booleans without a trace, like `allows` in Rust. The time of a batch of
    // 1,000 identical queries is divided by 1,000.
    const batch = Array.from({ length: 1000 }, () => allowedQuery);
    const batchRuns = Math.max(5, Math.floor(options.queries / 200));
    const batchMs = medianMilliseconds(batchRuns, () => workspace.canIMany(batch));

    return {
      profiles,
      mebibytes: Buffer.byteLength(text) / (1024 * 1024),
      runs,
      loadMs,
      allowedUs: allowedMs * 1000,
      deniedUs: deniedMs * 1000,
      manyUs: (batchMs * 1000) / batch.length,
    };
  } finally {
    workspace.free();
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!existsSync(gluePath)) {
    throw new Error(`${gluePath} is missing: build it with scripts/build-wasm nodejs`);
  }
  const require = createRequire(import.meta.url);
  const { Workspace, version } = require(gluePath);

  const calls = `${options.queries} canI calls per median`;
  console.log(`kserve-rbac ${version()} (pkg/nodejs), Node ${process.version}, ${calls}`);
  const rows = options.profiles.map((profiles) => benchmark(Workspace, profiles, options));

  const header = [
    "profiles",
    "YAML MiB",
    "new Workspace ms",
    "canI allowed µs",
    "canI denied µs",
    "canIMany µs/query",
  ];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) {
    const cells = [
      String(row.profiles),
      row.mebibytes.toFixed(1),
      `${row.loadMs.toFixed(1)} (median of ${row.runs})`,
      row.allowedUs.toFixed(1),
      row.deniedUs.toFixed(1),
      row.manyUs.toFixed(2),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  const rssMiB = process.memoryUsage().rss / (1024 * 1024);
  // WebAssembly memory grows and never shrinks, so this includes the largest load's peak.
  console.log(`RSS at the end: ${rssMiB.toFixed(1)} MiB`);
}

main();
