/**
 * Monaco from the site's own bundle, with only what YAML editing needs. Imported
 * lazily (when a lab nears the viewport), never in a page's initial JavaScript.
 * @monaco-editor/react is pointed at this instance so that it never reaches for its
 * default CDN copy, and the editor worker is a chunk of this build.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
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
