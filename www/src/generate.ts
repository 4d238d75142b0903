// The generated roles panel: options for the KServe ClusterRoles and the resulting text.

import type { GeneratedRoles, GenerateOptions } from "./api";
import { byId, debounce, h } from "./dom";

export interface GeneratePanelOptions {
  generate(options: GenerateOptions): Promise<GeneratedRoles>;
}

export class GeneratePanel {
  private readonly form = byId<HTMLFormElement>("generate-form");
  private readonly output = byId<HTMLPreElement>("generate-output");
  private readonly roleList = byId("generate-roles");
  private readonly message = byId("generate-message");
  private readonly copyButton = byId<HTMLButtonElement>("generate-copy");
  private readonly downloadButton = byId<HTMLButtonElement>("generate-download");
  private current: { text: string; format: "yaml" | "json"; namePrefix: string } | null = null;
  private requestCounter = 0;

  constructor(private readonly options: GeneratePanelOptions) {
    const regenerate = debounce(200, () => void this.run());
    this.form.addEventListener("input", regenerate);
    this.form.addEventListener("change", regenerate);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.copyButton.addEventListener("click", () => void this.copy());
    this.downloadButton.addEventListener("click", () => this.download());
  }

  /** Generates the roles with the options currently in the form. */
  async run(): Promise<void> {
    const options = this.readOptions();
    const request = ++this.requestCounter;
    try {
      const result = await this.options.generate(options);
      if (request !== this.requestCounter) {
        return;
      }
      this.current = {
        text: result.yaml,
        format: options.format ?? "yaml",
        namePrefix: options.namePrefix ?? "kubeflow-kserve",
      };
      this.output.textContent = result.yaml;
      this.roleList.replaceChildren(
        ...result.roles.map((role) =>
          h("li", { "data-testid": "generated-role" }, role.metadata.name ?? "(unnamed)"),
        ),
      );
      this.setMessage("");
      this.copyButton.disabled = false;
      this.downloadButton.disabled = false;
    } catch (error) {
      if (request !== this.requestCounter) {
        return;
      }
      this.current = null;
      this.output.textContent = "";
      this.roleList.replaceChildren();
      this.copyButton.disabled = true;
      this.downloadButton.disabled = true;
      const text = error instanceof Error ? error.message : String(error);
      this.setMessage(`Generation failed: ${text}`, true);
    }
  }

  private readOptions(): GenerateOptions {
    const data = new FormData(this.form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const extraResources = text("extraResources")
      .split(/[\s,]+/)
      .filter((entry) => entry !== "");
    const options: GenerateOptions = {
      release: text("release") || null,
      knative: data.get("knative") !== null,
      statusSubresources: data.get("statusSubresources") !== null,
      extraResources,
      format: text("format") === "json" ? "json" : "yaml",
    };
    if (text("namePrefix") !== "") {
      options.namePrefix = text("namePrefix");
    }
    if (text("labelPrefix") !== "") {
      options.labelPrefix = text("labelPrefix");
    }
    return options;
  }

  private setMessage(text: string, isError = false): void {
    this.message.textContent = text;
    this.message.classList.toggle("form-error", isError);
  }

  private async copy(): Promise<void> {
    if (this.current === null) {
      return;
    }
    try {
      await navigator.clipboard.writeText(this.current.text);
      this.setMessage("Copied to the clipboard.");
    } catch {
      // The clipboard needs permission or a secure context, so fall back to a manual copy.
      const selection = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents(this.output);
      selection?.removeAllRanges();
      selection?.addRange(range);
      this.setMessage("The browser blocked clipboard access: the text is selected, press Ctrl+C.");
    }
  }

  // A Blob and an object URL keep the download inside the page: no request leaves it.
  private download(): void {
    if (this.current === null) {
      return;
    }
    const type = this.current.format === "json" ? "application/json" : "application/yaml";
    const blob = new Blob([this.current.text], { type });
    const url = URL.createObjectURL(blob);
    const link = h("a", {
      href: url,
      download: `${this.current.namePrefix}-roles.${this.current.format}`,
      hidden: true,
    });
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The browser reads the Blob after the click returns, so the URL stays valid for a while.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
