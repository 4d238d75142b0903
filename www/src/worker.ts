// Analysis worker: loads the kserve_rbac wasm module once, keeps the Workspace built from the
// latest files, and handles requests in the order they arrive.

import init, {
  diffPermissions,
  generateRoles,
  version,
  Workspace,
} from "../../pkg/web/kserve_rbac.js";
import type { Baseline, SourceFile, WorkspaceOptions } from "./api";
import {
  LATEST_ONLY,
  type AnalysisResult,
  type TenancyResult,
  type WorkerRequest,
  type WorkerResponse,
} from "./protocol";

// The DOM and WebWorker type libraries conflict, so the worker scope is typed by hand.
interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

let workspace: Workspace | null = null;
const queue: WorkerRequest[] = [];
let draining = false;

const ready: Promise<boolean> = init().then(
  () => {
    scope.postMessage({ type: "ready", version: version() });
    return true;
  },
  (error: unknown) => {
    scope.postMessage({ type: "startFailed", message: describeError(error) });
    return false;
  },
);

scope.addEventListener("message", (event) => {
  queue.push(event.data);
  void drain();
});

// Handles one queued request per task, so requests that arrive during a long analysis are queued
// before the next one is picked, and a request followed by a newer one of the same type is
// skipped when only the newest result counts.
async function drain(): Promise<void> {
  if (draining) {
    return;
  }
  draining = true;
  try {
    if (!(await ready)) {
      for (const request of queue.splice(0)) {
        scope.postMessage({
          type: "failed",
          id: request.id,
          message: "The analysis module failed to load.",
          fatal: false,
        });
      }
      return;
    }
    while (queue.length > 0) {
      const request = queue.shift() as WorkerRequest;
      handle(request);
      await nextTask();
    }
  } finally {
    draining = false;
  }
}

function handle(request: WorkerRequest): void {
  if (LATEST_ONLY.has(request.type) && queue.some((queued) => queued.type === request.type)) {
    scope.postMessage({ type: "superseded", id: request.id });
    return;
  }
  try {
    scope.postMessage(respond(request));
  } catch (error) {
    const fatal = error instanceof WebAssembly.RuntimeError;
    scope.postMessage({ type: "failed", id: request.id, message: describeError(error), fatal });
  }
}

function respond(request: WorkerRequest): WorkerResponse {
  const id = request.id;
  switch (request.type) {
    case "analyze":
      return { type: "analysis", id, result: analyze(request.files, request.options) };
    case "canI":
      return { type: "canI", id, decision: current().canI(request.query) };
    case "generate":
      return { type: "generate", id, result: generateRoles(request.options) };
    case "whoCan":
      return { type: "whoCan", id, result: current().whoCan(request.query) };
    case "rulesFor":
      return { type: "rulesFor", id, result: current().rulesFor(request.query) };
    case "tenancy":
      return { type: "tenancy", id, result: tenancy(current(), request.baseline) };
    case "accessMatrix":
      return {
        type: "accessMatrix",
        id,
        result: current().accessMatrix(request.target, request.options),
      };
    case "diff":
      return { type: "diff", id, result: diffPermissions(request.oldFiles, request.newFiles) };
  }
}

function analyze(files: SourceFile[], options: WorkspaceOptions): AnalysisResult {
  const started = performance.now();
  const next = new Workspace(files, options);
  if (workspace !== null) {
    workspace.free();
  }
  workspace = next;
  const diagnostics = workspace.diagnostics();
  const objects = workspace.objects();
  return { diagnostics, objects, elapsedMs: performance.now() - started };
}

function current(): Workspace {
  if (workspace === null) {
    throw new Error("No manifests have been analysed yet.");
  }
  return workspace;
}

// A baseline the analyser rejects (an unknown field, a wrong type) should not hide the tenants
// and the coverage, so the report is computed again without it and the error travels along.
function tenancy(from: Workspace, baseline: Baseline | null): TenancyResult {
  const tenants = from.tenants();
  const coverage = from.kserveCoverage();
  if (baseline === null) {
    return { tenants, coverage, isolation: from.isolationReport(), baselineError: null };
  }
  try {
    return { tenants, coverage, isolation: from.isolationReport(baseline), baselineError: null };
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      throw error;
    }
    return {
      tenants,
      coverage,
      isolation: from.isolationReport(),
      baselineError: describeError(error),
    };
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
