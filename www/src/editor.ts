// The manifest editor: CodeMirror 6 with YAML highlighting, line numbers, undo history, search,
// bracket matching and folding, and the analyser's diagnostics as inline lint markers.

import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import {
  Decoration,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  tooltips,
  type DecorationSet,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, linter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import type { Diagnostic, SourceFile } from "./api";
import { codePointCount, lintDiagnostic, utf16Offset } from "./markers";

/** A caret position with a 1-based line and a 1-based column counted in code points. */
export interface CursorPosition {
  line: number;
  column: number;
}

export interface EditorEvents {
  /** Called after every change that the user makes to the open file's text. */
  onChange(file: SourceFile): void;
  /** Called when the caret moves, and when another file is opened. */
  onCursor(position: CursorPosition): void;
}

/** An open file's editor state, kept while another file is shown so its history survives. */
interface SavedFile {
  state: EditorState;
  /** The file's text when the state was saved: a different text makes the state unusable. */
  text: string;
  scroll: StateEffect<unknown>;
}

// Effect that marks the line, by the position of its start, that a reveal moved the caret to.
const revealLineEffect = StateEffect.define<number>();
const revealedLineDecoration = Decoration.line({ class: "cm-revealedLine" });

// The revealed line stays highlighted until the text changes, as the caret alone is easy to miss.
const revealedLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(revealLineEffect)) {
        return Decoration.set([revealedLineDecoration.range(effect.value)]);
      }
    }
    return transaction.docChanged ? Decoration.none : decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// The page's stylesheet does not reach into the editor's shadow root, so the editor's look is
// defined here. CSS custom properties from :root do cross the shadow boundary.
const editorTheme = EditorView.theme({
  "&": {
    flex: "1 1 auto",
    minWidth: "0",
    color: "var(--text)",
    backgroundColor: "var(--surface)",
    fontSize: "var(--editor-font-size)",
  },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": {
    fontFamily: "var(--font-mono)",
    lineHeight: "var(--editor-line-height)",
  },
  ".cm-content": { padding: "8px 0" },
  ".cm-line": { padding: "0 12px 0 6px" },
  ".cm-gutters": {
    backgroundColor: "var(--surface-alt)",
    color: "#98a1ae",
    borderRight: "1px solid var(--border)",
  },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 10px" },
  ".cm-activeLine": { backgroundColor: "rgba(36, 86, 201, 0.05)" },
  ".cm-activeLineGutter": { backgroundColor: "#e3e8f0", color: "var(--text)" },
  ".cm-revealedLine, .cm-revealedLine.cm-activeLine": { backgroundColor: "#fff3bf" },
  ".cm-selectionMatch": { backgroundColor: "#dbe6fb" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "#c7d6f5" },
  // A tint under the lint underline makes short marked ranges easier to spot.
  ".cm-lintRange-error": { backgroundColor: "rgba(192, 38, 45, 0.1)" },
  ".cm-lintRange-warning": { backgroundColor: "rgba(230, 140, 0, 0.14)" },
  ".cm-lintRange.cm-lintRange-active": { backgroundColor: "#ffdd9980" },
  ".cm-tooltip": {
    fontFamily: "var(--font-sans)",
    fontSize: "13px",
    maxWidth: "min(560px, 90vw)",
    borderColor: "var(--border)",
    borderRadius: "4px",
    boxShadow: "0 4px 14px rgba(23, 32, 46, 0.15)",
  },
  ".kr-diagnostic-code": { fontFamily: "var(--font-mono)", fontSize: "12px", fontWeight: "600" },
  ".kr-diagnostic-help": { marginTop: "4px", color: "var(--muted)" },
  ".cm-panels": { fontFamily: "var(--font-sans)", fontSize: "13px" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
});

export class Editor {
  private readonly view: EditorView;
  private file: SourceFile | null = null;
  /** True while the view's text has changes that `file.text` lacks. */
  private dirty = false;
  private readonly saved = new WeakMap<SourceFile, SavedFile>();
  // One set of extensions for every file's state, so switching files keeps the view's plugins.
  private readonly extensions = this.createExtensions();

  constructor(
    host: HTMLElement,
    private readonly events: EditorEvents,
  ) {
    // In a shadow root, CodeMirror (through style-mod 4.1) mounts its styles as a constructed
    // stylesheet in adoptedStyleSheets, which the page's `style-src 'self'` allows. In the
    // document itself it would add a <style> element, which that policy blocks.
    const root = host.attachShadow({ mode: "open" });
    this.view = new EditorView({ parent: root, root, state: this.createState("") });
  }

  /**
   * Shows a file. The previous file's text is written back first, and its editor state (undo
   * history, selection, scroll position, markers) is kept for when it is opened again.
   */
  open(file: SourceFile): void {
    if (file === this.file) {
      return;
    }
    this.flush();
    if (this.file !== null) {
      this.saved.set(this.file, {
        state: this.view.state,
        text: this.file.text,
        scroll: this.view.scrollSnapshot(),
      });
    }
    this.file = file;
    const saved = this.saved.get(file);
    if (saved !== undefined && saved.text === file.text) {
      this.view.setState(saved.state);
      this.view.dispatch({ effects: saved.scroll });
    } else {
      this.view.setState(this.createState(file.text));
    }
    this.reportCursor();
  }

  /**
   * Writes the editor's text into the open file's `text`. Converting a large document to a
   * string on every keystroke would make typing lag, so this runs only when the text is read.
   */
  flush(): void {
    if (this.dirty && this.file !== null) {
      this.file.text = this.view.state.doc.toString();
      this.dirty = false;
    }
  }

  /**
   * Replaces the lint markers with the given diagnostics of the open file. The caller checks
   * that they come from an analysis of the editor's current text.
   */
  setDiagnostics(diagnostics: Diagnostic[]): void {
    const doc = this.view.state.doc;
    const markers = diagnostics.map((diagnostic) => lintDiagnostic(doc, diagnostic));
    this.view.dispatch(setDiagnostics(this.view.state, markers));
  }

  /**
   * Moves the caret to a 1-based line and column (in code points, the column defaulting to 1),
   * scrolls it into view, highlights the line and focuses the editor.
   */
  reveal(line: number, column: number | null): void {
    const doc = this.view.state.doc;
    const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
    const offset = Math.min(utf16Offset(target.text, (column ?? 1) - 1), target.length);
    const position = target.from + offset;
    this.view.dispatch({
      selection: { anchor: position },
      effects: [
        EditorView.scrollIntoView(position, { y: "center" }),
        revealLineEffect.of(target.from),
      ],
      userEvent: "select.reveal",
    });
    this.view.focus();
  }

  private createState(text: string): EditorState {
    return EditorState.create({ doc: text, extensions: this.extensions });
  }

  private createExtensions(): Extension[] {
    return [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yaml(),
      // Diagnostics come from the analysis worker through setDiagnostics, not from a lint source.
      linter(null),
      revealedLine,
      // Tooltips stay inside the editor instead of covering the panels beside it.
      tooltips({ tooltipSpace: (view) => view.dom.getBoundingClientRect() }),
      EditorState.tabSize.of(2),
      // YAML forbids tabs in indentation, so Tab indents with spaces.
      indentUnit.of("  "),
      keymap.of([
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
        ...foldKeymap,
        ...lintKeymap,
        indentWithTab,
      ]),
      EditorView.contentAttributes.of({
        "data-testid": "editor",
        "aria-label": "Manifest text",
        spellcheck: "false",
        autocapitalize: "off",
        autocorrect: "off",
      }),
      editorTheme,
      EditorView.updateListener.of((update) => {
        if (update.docChanged && this.file !== null) {
          this.dirty = true;
          this.events.onChange(this.file);
        }
        if (update.docChanged || update.selectionSet) {
          this.reportCursor();
        }
      }),
    ];
  }

  private reportCursor(): void {
    const state = this.view.state;
    const head = state.selection.main.head;
    const line = state.doc.lineAt(head);
    this.events.onCursor({
      line: line.number,
      column: codePointCount(line.text.slice(0, head - line.from)) + 1,
    });
  }
}
