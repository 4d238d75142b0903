// Conversion of the analyser's diagnostics into CodeMirror lint diagnostics: the text range that
// each one marks, and the content of its tooltip.

import type { Text } from "@codemirror/state";
import type { Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Diagnostic } from "./api";
import { h } from "./dom";

/**
 * Returns the lint diagnostic of an analyser diagnostic in `doc`, the text that was analysed.
 * Lines past the end of the text are put on the last line.
 */
export function lintDiagnostic(doc: Text, diagnostic: Diagnostic): LintDiagnostic {
  const { from, to } = markedRange(doc, diagnostic.location?.line ?? 1, diagnostic.location?.column ?? null);
  return {
    from,
    to,
    severity: diagnostic.severity,
    message: diagnostic.help
      ? `${diagnostic.code}: ${diagnostic.message} (help: ${diagnostic.help})`
      : `${diagnostic.code}: ${diagnostic.message}`,
    renderMessage: () => tooltipContent(diagnostic),
  };
}

/**
 * Returns the range that a diagnostic at a 1-based line and column marks. That is the YAML
 * token that starts at the column, or the rest of the line when no token starts there. A null
 * column marks the whole line.
 */
export function markedRange(doc: Text, line: number, column: number | null): { from: number; to: number } {
  const lineInfo = doc.line(Math.min(Math.max(line, 1), doc.lines));
  if (column === null) {
    return { from: lineInfo.from, to: lineInfo.to };
  }
  const start = utf16Offset(lineInfo.text, column - 1);
  const length = tokenLength(lineInfo.text, start);
  const end = length > 0 ? start + length : lineInfo.length;
  // A column at the end of the line marks the line's last character, so the mark stays visible.
  const from = start < lineInfo.length || lineInfo.length === 0 ? start : lineInfo.length - 1;
  return { from: lineInfo.from + from, to: lineInfo.from + Math.max(end, from) };
}

/**
 * Converts a count of Unicode code points from the start of a line into UTF-16 code units, the
 * unit of CodeMirror positions. The analyser counts columns in code points.
 */
export function utf16Offset(text: string, codePoints: number): number {
  let offset = 0;
  for (let counted = 0; counted < codePoints && offset < text.length; counted++) {
    const code = text.codePointAt(offset) ?? 0;
    offset += code > 0xffff ? 2 : 1;
  }
  return offset;
}

/** Counts the Unicode code points of a string, the unit of the analyser's columns. */
export function codePointCount(text: string): number {
  let count = 0;
  for (let offset = 0; offset < text.length; count++) {
    offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  return count;
}

/**
 * Returns the length of the YAML scalar that starts at `start`: a quoted string up to its
 * closing quote, or a plain scalar up to a flow indicator, a ": " or a " #" comment. Returns 0
 * when the text at `start` is whitespace, an indicator or the end of the line.
 */
function tokenLength(text: string, start: number): number {
  const first = text[start];
  if (first === undefined || /[\s,[\]{}]/.test(first)) {
    return 0;
  }
  if (first === '"' || first === "'") {
    let index = start + 1;
    while (index < text.length) {
      if (first === '"' && text[index] === "\\") {
        index += 2;
        continue;
      }
      if (text[index] === first) {
        // Two single quotes in a single-quoted scalar are an escaped quote.
        if (first === "'" && text[index + 1] === "'") {
          index += 2;
          continue;
        }
        return index + 1 - start;
      }
      index++;
    }
    return text.length - start;
  }
  let end = start;
  while (end < text.length) {
    const character = text[end];
    if (/[,[\]{}]/.test(character)) {
      break;
    }
    if (character === ":" && (end + 1 === text.length || /\s/.test(text[end + 1]))) {
      break;
    }
    if (character === "#" && end > start && /\s/.test(text[end - 1])) {
      break;
    }
    end++;
  }
  while (end > start && /\s/.test(text[end - 1])) {
    end--;
  }
  return end - start;
}

/** Creates the tooltip body of a diagnostic: its code, message and help, all as text. */
function tooltipContent(diagnostic: Diagnostic): HTMLElement {
  return h(
    "div",
    { class: "kr-diagnostic", "data-testid": "lint-tooltip", "data-code": diagnostic.code },
    h(
      "div",
      { class: "kr-diagnostic-head" },
      h("code", { class: "kr-diagnostic-code", "data-testid": "lint-code" }, diagnostic.code),
      " ",
      h("span", { "data-testid": "lint-message" }, diagnostic.message),
    ),
    diagnostic.help
      ? h("div", { class: "kr-diagnostic-help", "data-testid": "lint-help" }, `help: ${diagnostic.help}`)
      : null,
  );
}
