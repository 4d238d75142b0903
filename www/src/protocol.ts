// Messages between the page and the analysis worker. Every request carries an id that its
// response repeats, so the page can match responses to requests and drop stale ones.

import type {
  CanIQuery,
  Decision,
  Diagnostic,
  GeneratedRoles,
  GenerateOptions,
  ObjectSummary,
  SourceFile,
} from "./api";

export type WorkerRequest =
  | { type: "analyze"; id: number; files: SourceFile[] }
  | { type: "canI"; id: number; query: CanIQuery }
  | { type: "generate"; id: number; options: GenerateOptions };

export interface AnalysisResult {
  diagnostics: Diagnostic[];
  objects: ObjectSummary[];
  /** Wall-clock time of building the workspace and reading its results, in milliseconds. */
  elapsedMs: number;
}

export type WorkerResponse =
  | { type: "ready"; version: string }
  | { type: "startFailed"; message: string }
  | { type: "analysis"; id: number; result: AnalysisResult }
  | { type: "canI"; id: number; decision: Decision }
  | { type: "generate"; id: number; result: GeneratedRoles }
  /** A newer analyze request arrived before this one ran, so this one was dropped. */
  | { type: "superseded"; id: number }
  /**
   * The request failed. `fatal` is true when the wasm module trapped (a Rust panic), after which
   * its state cannot be trusted and the page must start a new worker.
   */
  | { type: "failed"; id: number; message: string; fatal: boolean };
