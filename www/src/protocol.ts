// Messages between the page and the analysis worker. Every request carries an id that its
// response repeats, so the page can match responses to requests and drop stale ones.

import type {
  AccessMatrix,
  Baseline,
  CanIQuery,
  Decision,
  Diagnostic,
  GeneratedRoles,
  GenerateOptions,
  IsolationReport,
  MatrixOptions,
  MatrixTarget,
  ObjectSummary,
  PermissionDiff,
  RuleList,
  RulesQuery,
  SourceFile,
  Tenant,
  TierCoverage,
  WhoCan,
  WhoCanQuery,
  WorkspaceOptions,
} from "./api";

export type WorkerRequest =
  | { type: "analyze"; id: number; files: SourceFile[]; options: WorkspaceOptions }
  | { type: "canI"; id: number; query: CanIQuery }
  | { type: "generate"; id: number; options: GenerateOptions }
  | { type: "whoCan"; id: number; query: WhoCanQuery }
  | { type: "rulesFor"; id: number; query: RulesQuery }
  | { type: "tenancy"; id: number; baseline: Baseline | null }
  | { type: "accessMatrix"; id: number; target: MatrixTarget; options: MatrixOptions }
  | { type: "diff"; id: number; oldFiles: SourceFile[]; newFiles: SourceFile[] };

export type RequestType = WorkerRequest["type"];

/**
 * Request types whose older queued requests are dropped when a newer one of the same type is
 * queued. Only the newest result is shown, so computing the older ones would only delay it.
 */
export const LATEST_ONLY: ReadonlySet<RequestType> = new Set<RequestType>([
  "analyze",
  "whoCan",
  "rulesFor",
  "tenancy",
  "accessMatrix",
  "diff",
]);

export interface AnalysisResult {
  diagnostics: Diagnostic[];
  objects: ObjectSummary[];
  /** Wall-clock time of building the workspace and reading its results, in milliseconds. */
  elapsedMs: number;
}

export interface TenancyResult {
  tenants: Tenant[];
  coverage: TierCoverage[];
  isolation: IsolationReport;
  /**
   * Why the analyser rejected the baseline, or null. When set, `isolation` was computed
   * without a baseline.
   */
  baselineError: string | null;
}

export type WorkerResponse =
  | { type: "ready"; version: string }
  | { type: "startFailed"; message: string }
  | { type: "analysis"; id: number; result: AnalysisResult }
  | { type: "canI"; id: number; decision: Decision }
  | { type: "generate"; id: number; result: GeneratedRoles }
  | { type: "whoCan"; id: number; result: WhoCan }
  | { type: "rulesFor"; id: number; result: RuleList }
  | { type: "tenancy"; id: number; result: TenancyResult }
  | { type: "accessMatrix"; id: number; result: AccessMatrix }
  | { type: "diff"; id: number; result: PermissionDiff }
  /** A newer request of the same type arrived before this one ran, so this one was dropped. */
  | { type: "superseded"; id: number }
  /**
   * The request failed. `fatal` is true when the wasm module trapped (a Rust panic), after which
   * its state cannot be trusted and the page must start a new worker.
   */
  | { type: "failed"; id: number; message: string; fatal: boolean };
