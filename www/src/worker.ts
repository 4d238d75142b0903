// Analysis worker: loads the kserve_rbac wasm module once, keeps the Workspace built from the
// latest files, and handles requests in the order they arrive.

import init, { generateRoles, version, Workspace } from "../../pkg/web/kserve_rbac.js";
import type { CanIQuery, Decision, SourceFile } from "./api";
import type { AnalysisResult, WorkerRequest, WorkerResponse } from "./protocol";

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
// before the next one is picked, and an analyze request followed by a newer one is skipped.
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
  if (request.type === "analyze" && queue.some((queued) => queued.type === "analyze")) {
    scope.postMessage({ type: "superseded", id: request.id });
    return;
  }
  try {
    switch (request.type) {
      case "analyze":
        scope.postMessage({ type: "analysis", id: request.id, result: analyze(request.files) });
        break;
      case "canI":
        scope.postMessage({ type: "canI", id: request.id, decision: canI(request.query) });
        break;
      case "generate":
        scope.postMessage({
          type: "generate",
          id: request.id,
          result: generateRoles(request.options),
        });
        break;
    }
  } catch (error) {
    const fatal = error instanceof WebAssembly.RuntimeError;
    scope.postMessage({ type: "failed", id: request.id, message: describeError(error), fatal });
  }
}

function analyze(files: SourceFile[]): AnalysisResult {
  const started = performance.now();
  const next = new Workspace(files);
  if (workspace !== null) {
    workspace.free();
  }
  workspace = next;
  const diagnostics = workspace.diagnostics();
  const objects = workspace.objects();
  return { diagnostics, objects, elapsedMs: performance.now() - started };
}

function canI(query: CanIQuery): Decision {
  if (workspace === null) {
    throw new Error("No manifests have been analysed yet.");
  }
  return workspace.canI(query);
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
