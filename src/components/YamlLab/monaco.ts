/**
 * Monaco from the site's own bundle, with only what YAML editing needs. Imported
 * lazily (when a lab nears the viewport), never in a page's initial JavaScript.
 * @monaco-editor/react is pointed at this instance so that it never reaches for its
 * default CDN copy, and the editor worker is a chunk of this build.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
// The features/*/register entry points miss a few contributions that editor.main pulls
// in: the suggest controller (completion), snippets (completion inserts) and core commands.
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/languages/definitions/yaml/register';
import {loader} from '@monaco-editor/react';
import {completeInWorker, hoverInWorker} from './validation-client';

declare global {
  interface Window {
    MonacoEnvironment?: {getWorker(workerId: string, label: string): Worker};
  }
}

window.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), {type: 'module'}),
};

loader.config({monaco});

export {monaco};

/**
 * vs-dark with one change: its comment green falls just short of 4.5:1 on the editor's
 * background (WCAG AA; the e2e suite checks with axe). The light theme is Monaco's own vs.
 */
const DARK_THEME = 'meshdive-dark';
monaco.editor.defineTheme(DARK_THEME, {base: 'vs-dark', inherit: true, rules: [{token: 'comment', foreground: '7CA668'}], colors: {}});

/** The Monaco theme for the site's colour mode. */
export function editorTheme(colorMode: string): string {
  return colorMode === 'dark' ? DARK_THEME : 'vs';
}

// Completion and hover for every YAML model, answered by the engine's worker from the schemas.
monaco.languages.registerCompletionItemProvider('yaml', {
  // No trigger characters: suggestions open as a word is typed (or with Ctrl+Space), so a space
  // or colon never pops a list that Enter would then accept instead of breaking the line.
  triggerCharacters: [],
  async provideCompletionItems(model, position) {
    const suggestions = await completeInWorker(model.getValue(), position.lineNumber, position.column);
    const word = model.getWordUntilPosition(position);
    const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
    return {
      suggestions: suggestions.map((suggestion, index) => ({
        label: suggestion.label,
        kind: suggestion.kind === 'field' ? monaco.languages.CompletionItemKind.Field : monaco.languages.CompletionItemKind.EnumMember,
        insertText: suggestion.insertText,
        insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
        detail: [suggestion.detail, suggestion.required ? 'required' : undefined].filter(Boolean).join(' · ') || undefined,
        documentation: suggestion.documentation ? {value: suggestion.documentation} : undefined,
        sortText: String(index).padStart(4, '0'),
        range,
      })),
    };
  },
});

monaco.languages.registerHoverProvider('yaml', {
  async provideHover(model, position) {
    const hover = await hoverInWorker(model.getValue(), position.lineNumber, position.column);
    if (!hover) return null;
    return {
      range: new monaco.Range(hover.line, hover.startColumn, hover.line, hover.endColumn),
      contents: [{value: hover.contents}],
    };
  },
});
