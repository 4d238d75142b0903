// A small element builder. Text always goes through text nodes and attributes through
// setAttribute, so strings from manifests or the analyser are never parsed as HTML.

export type Child = Node | string | number | null | undefined | false;
type Listener = (event: Event) => void;
export type Attributes = Record<string, string | number | boolean | null | undefined | Listener>;

/**
 * Creates an element. A key starting with "on" with a function value adds an event listener,
 * so "onclick" listens to "click". The value `true` sets an empty attribute, and `false`,
 * null or undefined leave the attribute out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Attributes | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (typeof value === "function") {
      if (!key.startsWith("on")) {
        throw new Error(`Invalid attribute ${key}: only "on…" keys may have a function value`);
      }
      element.addEventListener(key.slice(2), value);
    } else if (value === true) {
      element.setAttribute(key, "");
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(key, String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Returns the element with the given id, or throws when the page lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) {
    throw new Error(`The page has no element with id "${id}"`);
  }
  return element as T;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function debounce<A extends unknown[]>(
  delayMs: number,
  callback: (...args: A) => void,
): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => callback(...args), delayMs);
  };
}

/** Returns the value of a named text field, select or radio group of a form, or "". */
export function formValue(form: HTMLFormElement, name: string): string {
  const element = form.elements.namedItem(name);
  if (
    element instanceof RadioNodeList ||
    element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof HTMLTextAreaElement
  ) {
    return element.value;
  }
  return "";
}

/** Returns whether a named checkbox of a form is checked. */
export function formChecked(form: HTMLFormElement, name: string): boolean {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement && element.checked;
}

/** Splits a list typed by hand at commas and whitespace, dropping empty entries. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== "");
}

/**
 * Creates a table with a header row, in a box that scrolls sideways when the table is wider
 * than the panel. `attributes` go on the table element.
 */
export function table(
  headers: string[],
  rows: HTMLTableRowElement[],
  attributes?: Attributes | null,
): HTMLElement {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "data-table", ...attributes },
      h("thead", null, h("tr", null, ...headers.map((header) => h("th", { scope: "col" }, header)))),
      h("tbody", null, ...rows),
    ),
  );
}

/** Returns the message of an error value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sets named fields of a form: text fields and radio groups take strings, checkboxes booleans. */
export function setFormValues(form: HTMLFormElement, values: Record<string, string | boolean>): void {
  for (const [name, value] of Object.entries(values)) {
    const element = form.elements.namedItem(name);
    if (element instanceof HTMLInputElement && element.type === "checkbox") {
      element.checked = value === true;
    } else if (
      element instanceof RadioNodeList ||
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
    ) {
      element.value = String(value);
    }
  }
}
