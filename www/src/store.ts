// The set of manifest files being edited, saved to localStorage after every change.

import type { SourceFile } from "./api";

const STORAGE_KEY = "kserve-rbac-playground/files/v1";

// Vite inlines every YAML file of the bundled example at build time.
const exampleModules = import.meta.glob("../../examples/kubeflow-kserve/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export function exampleFiles(): SourceFile[] {
  const files = Object.entries(exampleModules).map(([path, text]) => ({
    name: path.slice(path.lastIndexOf("/") + 1),
    text,
  }));
  files.sort((a, b) => a.name.localeCompare(b.name));
  if (files.length === 0) {
    return [{ name: "manifests.yaml", text: "" }];
  }
  return files;
}

interface SavedState {
  files: SourceFile[];
  active: string;
}

export type SaveStatus = { saved: true } | { saved: false; reason: string };

export class FileStore {
  files: SourceFile[];
  active: string;
  // Versions come from one counter, so a file that replaces another (after a reset, say) never
  // gets the version of an older text.
  private versionCounter = 0;
  private readonly versions = new WeakMap<SourceFile, number>();

  constructor() {
    const saved = loadSaved();
    this.files = saved?.files ?? exampleFiles();
    this.active = saved?.active ?? this.files[0].name;
  }

  get activeFile(): SourceFile {
    return this.find(this.active) ?? this.files[0];
  }

  find(name: string): SourceFile | undefined {
    return this.files.find((file) => file.name === name);
  }

  /** Returns the version of a file's text, which changes with every edit of the file. */
  version(file: SourceFile): number {
    let version = this.versions.get(file);
    if (version === undefined) {
      version = ++this.versionCounter;
      this.versions.set(file, version);
    }
    return version;
  }

  /** Gives a file a new version after its text changed. */
  markChanged(file: SourceFile): void {
    this.versions.set(file, ++this.versionCounter);
  }

  /** Adds an empty file with an unused name and makes it active. */
  add(): SourceFile {
    let number = 1;
    while (this.find(`untitled-${number}.yaml`) !== undefined) {
      number++;
    }
    const file = { name: `untitled-${number}.yaml`, text: "" };
    this.files.push(file);
    this.active = file.name;
    return file;
  }

  /** Returns an error message for a new name that is unusable, or null when it is fine. */
  validateName(oldName: string, newName: string): string | null {
    if (newName.trim() === "") {
      return "A file name cannot be empty.";
    }
    if (newName !== newName.trim()) {
      return "A file name cannot start or end with spaces.";
    }
    if (newName !== oldName && this.find(newName) !== undefined) {
      return `A file named ${newName} already exists.`;
    }
    return null;
  }

  rename(oldName: string, newName: string): void {
    const error = this.validateName(oldName, newName);
    if (error !== null) {
      throw new Error(error);
    }
    const file = this.find(oldName);
    if (file === undefined) {
      throw new Error(`No file named ${oldName} exists.`);
    }
    file.name = newName;
    if (this.active === oldName) {
      this.active = newName;
    }
  }

  /** Deletes a file, keeping at least one (empty) file so the editor always has something. */
  remove(name: string): void {
    const index = this.files.findIndex((file) => file.name === name);
    if (index < 0) {
      return;
    }
    this.files.splice(index, 1);
    if (this.files.length === 0) {
      this.files.push({ name: "manifests.yaml", text: "" });
    }
    if (this.active === name) {
      this.active = this.files[Math.min(index, this.files.length - 1)].name;
    }
  }

  resetToExample(): void {
    this.files = exampleFiles();
    this.active = this.files[0].name;
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage can be unavailable (private mode, disabled cookies); the reset still applies.
    }
  }

  save(): SaveStatus {
    const state: SavedState = { files: this.files, active: this.active };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
      return { saved: true };
    } catch (error) {
      const reason =
        error instanceof DOMException && error.name === "QuotaExceededError"
          ? "the files exceed the browser's storage quota"
          : "browser storage is unavailable";
      return { saved: false, reason };
    }
  }
}

function loadSaved(): SavedState | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (raw === null) {
    return null;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<SavedState>;
    const files = Array.isArray(parsed.files)
      ? parsed.files.filter(
          (file): file is SourceFile =>
            typeof file?.name === "string" && typeof file?.text === "string",
        )
      : [];
    if (files.length === 0) {
      return null;
    }
    const active =
      typeof parsed.active === "string" && files.some((file) => file.name === parsed.active)
        ? parsed.active
        : files[0].name;
    return { files, active };
  } catch {
    // Unreadable saved state falls back to the example instead of breaking the page.
    return null;
  }
}
