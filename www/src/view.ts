// The life cycle shared by the right-hand panels that read the analysed workspace: they update
// after every analysis while visible, and a hidden panel updates when it is shown again.

import { SupersededError } from "./client";
import { errorMessage, h } from "./dom";

export abstract class AnalysisView {
  /** Revision of the latest analysis, as the status element's data-revision shows it. */
  protected revision = 0;
  private stale = true;

  constructor(protected readonly panel: HTMLElement) {}

  get visible(): boolean {
    return !this.panel.hidden;
  }

  /** Called after every analysis with its revision. */
  onAnalysis(revision: number): void {
    this.revision = revision;
    if (this.visible) {
      this.update();
    } else {
      this.stale = true;
    }
  }

  /** Called when the panel's tab is selected. */
  onShow(): void {
    if (this.stale) {
      this.update();
    }
  }

  /** Recomputes the panel now. */
  update(): void {
    this.stale = false;
    this.run();
  }

  protected abstract run(): void;
}

/**
 * Runs the requests of one result area so that only the newest result is shown. While a request
 * is in flight the area has aria-busy. A shown result sets data-revision to the revision of the
 * analysis it was requested after, so tests can wait for the result of a given analysis.
 */
export class LatestRequest {
  private counter = 0;

  constructor(private readonly host: HTMLElement) {}

  async run<T>(
    revision: number,
    request: () => Promise<T>,
    render: (value: T) => void,
    fail: (message: string) => void = (message) => this.renderError(message),
  ): Promise<void> {
    const id = ++this.counter;
    this.host.setAttribute("aria-busy", "true");
    try {
      const value = await request();
      if (id === this.counter) {
        render(value);
        this.host.dataset.revision = String(revision);
      }
    } catch (error) {
      // A newer request of the same type replaced this one, and its result will follow.
      if (error instanceof SupersededError || id !== this.counter) {
        return;
      }
      fail(errorMessage(error));
      this.host.dataset.revision = String(revision);
    } finally {
      if (id === this.counter) {
        this.host.removeAttribute("aria-busy");
      }
    }
  }

  /** Drops the request in flight and shows a message instead, such as invalid form input. */
  showError(message: string): void {
    ++this.counter;
    this.host.removeAttribute("aria-busy");
    this.renderError(message);
  }

  private renderError(message: string): void {
    this.host.replaceChildren(
      h("p", { class: "form-error", "data-testid": "view-error", role: "alert" }, message),
    );
  }
}
