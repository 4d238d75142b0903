// Page settings kept in localStorage beside the files: the bootstrap policy switch, the
// isolation baseline text and the snapshot that the permission diff compares against.

import type { SourceFile } from "./api";
import type { SaveStatus } from "./store";

const BOOTSTRAP_KEY = "kserve-rbac-playground/bootstrap-policy/v1";
const BASELINE_KEY = "kserve-rbac-playground/isolation-baseline/v1";
const SNAPSHOT_KEY = "kserve-rbac-playground/diff-base/v1";

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage can be unavailable (private mode, disabled cookies); settings then start empty.
    return null;
  }
}

function write(key: string, value: string | null): SaveStatus {
  try {
    if (value === null) {
      localStorage.removeItem(key);
    } else {
      localStorage.setItem(key, value);
    }
    return { saved: true };
  } catch (error) {
    const reason =
      error instanceof DOMException && error.name === "QuotaExceededError"
        ? "it exceeds the browser's storage quota"
        : "browser storage is unavailable";
    return { saved: false, reason };
  }
}

export function loadBootstrapPolicy(): boolean {
  return read(BOOTSTRAP_KEY) === "true";
}

export function saveBootstrapPolicy(enabled: boolean): SaveStatus {
  return write(BOOTSTRAP_KEY, String(enabled));
}

export function loadBaselineText(): string {
  return read(BASELINE_KEY) ?? "";
}

export function saveBaselineText(text: string): SaveStatus {
  return write(BASELINE_KEY, text.trim() === "" ? null : text);
}

/** Files saved as the old side of the permission diff. */
export interface Snapshot {
  files: SourceFile[];
  /** When the snapshot was taken, as an ISO 8601 timestamp. */
  takenAt: string;
}

export function loadSnapshot(): Snapshot | null {
  const raw = read(SNAPSHOT_KEY);
  if (raw === null) {
    return null;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Snapshot>;
    const files = Array.isArray(parsed.files)
      ? parsed.files.filter(
          (file): file is SourceFile =>
            typeof file?.name === "string" && typeof file?.text === "string",
        )
      : [];
    if (files.length === 0 || typeof parsed.takenAt !== "string") {
      return null;
    }
    return { files, takenAt: parsed.takenAt };
  } catch {
    // An unreadable snapshot is treated as none, so the diff falls back to the example.
    return null;
  }
}

export function saveSnapshot(snapshot: Snapshot | null): SaveStatus {
  return write(SNAPSHOT_KEY, snapshot === null ? null : JSON.stringify(snapshot));
}
