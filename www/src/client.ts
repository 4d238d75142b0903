// Page-side handle on the analysis worker: sends requests, matches responses by id, and starts
// a new worker when the wasm module traps.

import type {
  AccessMatrix,
  Baseline,
  CanIQuery,
  Decision,
  GeneratedRoles,
  GenerateOptions,
  MatrixOptions,
  MatrixTarget,
  PermissionDiff,
  RuleList,
  RulesQuery,
  SourceFile,
  WhoCan,
  WhoCanQuery,
  WorkspaceOptions,
} from "./api";
import type { AnalysisResult, TenancyResult, WorkerRequest, WorkerResponse } from "./protocol";

/** Thrown for a request that a newer request of the same type replaced before it ran. */
export class SupersededError extends Error {
  constructor() {
    super("A newer request replaced this one.");
    this.name = "SupersededError";
  }
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

// Omit applied to each member of a union, so the members stay distinct.
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A request as the page builds it; `send` adds the id. */
type RequestBody = DistributiveOmit<WorkerRequest, "id">;

export interface ClientEvents {
  onReady(version: string): void;
  onStartFailed(message: string): void;
  /** Called after a trap, once a new worker has replaced the old one. */
  onRestarted(message: string): void;
}

export class AnalysisClient {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly events: ClientEvents) {
    this.worker = this.startWorker();
  }

  analyze(files: SourceFile[], options: WorkspaceOptions): Promise<AnalysisResult> {
    return this.send({ type: "analyze", files, options });
  }

  canI(query: CanIQuery): Promise<Decision> {
    return this.send({ type: "canI", query });
  }

  generate(options: GenerateOptions): Promise<GeneratedRoles> {
    return this.send({ type: "generate", options });
  }

  whoCan(query: WhoCanQuery): Promise<WhoCan> {
    return this.send({ type: "whoCan", query });
  }

  rulesFor(query: RulesQuery): Promise<RuleList> {
    return this.send({ type: "rulesFor", query });
  }

  /** Reads the tenants, the KServe coverage and the isolation report in one request. */
  tenancy(baseline: Baseline | null): Promise<TenancyResult> {
    return this.send({ type: "tenancy", baseline });
  }

  accessMatrix(target: MatrixTarget, options: MatrixOptions): Promise<AccessMatrix> {
    return this.send({ type: "accessMatrix", target, options });
  }

  /** Compares the permissions granted by two sets of files; the current workspace is unused. */
  diff(oldFiles: SourceFile[], newFiles: SourceFile[]): Promise<PermissionDiff> {
    return this.send({ type: "diff", oldFiles, newFiles });
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<WorkerResponse>) => {
      this.receive(event.data);
    });
    worker.addEventListener("error", (event) => {
      this.events.onStartFailed(event.message || "The analysis worker failed to start.");
    });
    return worker;
  }

  private send<T>(body: RequestBody): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry;
  }

  private receive(response: WorkerResponse): void {
    switch (response.type) {
      case "ready":
        this.events.onReady(response.version);
        return;
      case "startFailed":
        this.events.onStartFailed(response.message);
        return;
      case "analysis":
        this.settle(response.id)?.resolve(response.result as never);
        return;
      case "canI":
        this.settle(response.id)?.resolve(response.decision as never);
        return;
      case "generate":
      case "whoCan":
      case "rulesFor":
      case "tenancy":
      case "accessMatrix":
      case "diff":
        this.settle(response.id)?.resolve(response.result as never);
        return;
      case "superseded":
        this.settle(response.id)?.reject(new SupersededError());
        return;
      case "failed":
        this.settle(response.id)?.reject(new Error(response.message));
        if (response.fatal) {
          this.restart(response.message);
        }
        return;
    }
  }

  // A trapped wasm instance may hold broken state, so every request still in flight fails and a
  // fresh worker takes over. The caller decides when to analyse again.
  private restart(message: string): void {
    this.worker.terminate();
    for (const entry of this.pending.values()) {
      entry.reject(new Error(`The analyser stopped: ${message}`));
    }
    this.pending.clear();
    this.worker = this.startWorker();
    this.events.onRestarted(message);
  }
}
