// The access matrix panel. For a user it shows the verbs allowed on each resource in every
// namespace, and for a namespace the same for every subject with a binding there.

import type { AccessMatrix, MatrixOptions, MatrixTarget, Subject } from "./api";
import { showModeFields, splitGroups } from "./cani";
import { byId, formChecked, formValue, h, plural, setFormValues, splitList } from "./dom";
import { breakable, resourceLabel, resourceNode, subjectLabel } from "./format";
import { AnalysisView, LatestRequest } from "./view";

export interface MatrixPanelOptions {
  accessMatrix(target: MatrixTarget, options: MatrixOptions): Promise<AccessMatrix>;
}

interface MatrixRequest {
  target: MatrixTarget;
  options: MatrixOptions;
}

/** Builds the request from the form, or returns an error message naming the missing field. */
export function buildMatrixRequest(form: HTMLFormElement): MatrixRequest | string {
  let target: MatrixTarget;
  if (formValue(form, "matrixMode") === "namespace") {
    const namespace = formValue(form, "namespace").trim();
    if (namespace === "") {
      return "Enter a namespace.";
    }
    target = { namespace };
  } else {
    const user = formValue(form, "user").trim();
    if (user === "") {
      return "Enter a user name.";
    }
    const groups = splitGroups(formValue(form, "groups"));
    target = { user, groups: groups.length > 0 ? groups : null };
  }
  const options: MatrixOptions = {};
  const resources = splitList(formValue(form, "resources"));
  const verbs = splitList(formValue(form, "verbs"));
  if (resources.length > 0) {
    options.resources = resources;
  }
  if (verbs.length > 0) {
    options.verbs = verbs;
  }
  return { target, options };
}

/** Returns the label of a matrix row: its namespace, its subject, or "cluster-wide". */
function rowLabel(row: { namespace: string | null; subject: Subject | null }): string {
  if (row.subject !== null) {
    return subjectLabel(row.subject);
  }
  return row.namespace ?? "cluster-wide";
}

export class MatrixPanel extends AnalysisView {
  private readonly form = byId<HTMLFormElement>("matrix-form");
  private readonly result = byId("matrix-result");
  private readonly requests = new LatestRequest(this.result);
  private request: MatrixRequest | null = null;
  private last: AccessMatrix | null = null;

  constructor(private readonly options: MatrixPanelOptions) {
    super(byId("panel-matrix"));
    setFormValues(this.form, { matrixMode: "user", user: "alice@example.com", hideEmpty: false });
    showModeFields(this.form);
    this.form.addEventListener("change", (event) => {
      showModeFields(this.form);
      if ((event.target as HTMLInputElement | null)?.name === "hideEmpty") {
        this.renderLast();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  // Until the form is first submitted, the panel runs the request that its fields were filled with.
  protected run(): void {
    if (this.request === null) {
      this.submit();
      return;
    }
    const { target, options } = this.request;
    void this.requests.run(
      this.revision,
      () => this.options.accessMatrix(target, options),
      (matrix) => {
        this.last = matrix;
        this.renderLast();
      },
    );
  }

  private submit(): void {
    const request = buildMatrixRequest(this.form);
    if (typeof request === "string") {
      this.request = null;
      this.last = null;
      this.requests.showError(request);
      return;
    }
    this.request = request;
    this.run();
  }

  private renderLast(): void {
    if (this.last !== null) {
      this.result.replaceChildren(...this.render(this.last, formChecked(this.form, "hideEmpty")));
    }
  }

  private render(matrix: AccessMatrix, hideEmpty: boolean): HTMLElement[] {
    const byUser = matrix.rows.every((row) => row.subject === null);
    const withAccess = matrix.rows.filter((row) => row.allowed.some((verbs) => verbs.length > 0));
    const rows = hideEmpty ? withAccess : matrix.rows;
    const summary = h(
      "p",
      { class: "view-summary", "data-testid": "matrix-summary" },
      `${plural(withAccess.length, byUser ? "namespace" : "subject")} of ${matrix.rows.length} with some access, ` +
        `${plural(matrix.resources.length, "resource")} × ${plural(matrix.verbs.length, "verb")}.`,
    );
    if (matrix.resources.length === 0 || matrix.verbs.length === 0) {
      return [summary, h("p", { class: "muted" }, "No resource or verb to check.")];
    }
    if (rows.length === 0) {
      return [summary, h("p", { class: "muted" }, "Nothing is allowed.")];
    }

    const head = h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, byUser ? "Namespace" : "Subject"),
        h("th", { scope: "col" }, "Resource"),
        ...matrix.verbs.map((verb) =>
          h("th", { scope: "col", class: "verb-head" }, h("span", null, verb)),
        ),
      ),
    );
    const bodies = rows.map((row) => {
      const label = rowLabel(row);
      const resourceIndexes = matrix.resources
        .map((_, index) => index)
        .filter((index) => !hideEmpty || row.allowed[index].length > 0);
      return h(
        "tbody",
        { "data-testid": "matrix-group", "data-row": label },
        ...resourceIndexes.map((index, position) => {
          const resource = matrix.resources[index];
          const name = resourceLabel(resource.group, resource.resource);
          const allowed = new Set(row.allowed[index]);
          return h(
            "tr",
            { "data-testid": "matrix-row", "data-row": label, "data-resource": name },
            position === 0
              ? h(
                  "th",
                  { scope: "rowgroup", rowspan: resourceIndexes.length, class: "mono" },
                  ...breakable(label),
                )
              : null,
            h("td", { class: "mono" }, resourceNode(name)),
            ...matrix.verbs.map((verb) => {
              const ok = allowed.has(verb);
              return h(
                "td",
                {
                  class: ok ? "cell allowed" : "cell",
                  "data-testid": "matrix-cell",
                  "data-verb": verb,
                  "data-allowed": String(ok),
                  title: `${label}: ${verb} ${name} ${ok ? "allowed" : "denied"}`,
                },
                ok ? "✓" : "·",
              );
            }),
          );
        }),
      );
    });
    return [
      summary,
      h(
        "div",
        { class: "table-scroll" },
        h("table", { class: "data-table matrix", "data-testid": "matrix-table" }, head, ...bodies),
      ),
    ];
  }
}
