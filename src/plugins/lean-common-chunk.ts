import type {Plugin} from '@docusaurus/types';
import type {Module} from 'webpack';

/**
 * Docusaurus puts every module used by half of all chunks into one `common` chunk that
 * every page loads. Mermaid's parser (langium, chevrotain) is shared by its many lazy
 * diagram chunks, so it lands there and text-only pages pay ~650 KiB for diagrams they
 * never draw. Libraries that load late stay out of that chunk; webpack then splits
 * them into chunks of their own, fetched only by the pages that use them.
 */
const LOADED_LATE =
  /[\\/]node_modules[\\/](mermaid|@mermaid-js|langium|chevrotain|@chevrotain|vscode-[\w-]+|cytoscape[\w-]*|d3[\w-]*|dagre[\w-]*|elkjs|khroma|katex|roughjs|lodash-es|monaco-editor|monaco-yaml|@monaco-editor|@xterm)[\\/]/;

export default function leanCommonChunk(): Plugin {
  return {
    name: 'lean-common-chunk',
    configureWebpack(_config, isServer) {
      if (isServer) return {};
      return {
        optimization: {
          splitChunks: {
            cacheGroups: {
              common: {
                test: (module: Module) => !LOADED_LATE.test(module.nameForCondition() ?? ''),
              },
            },
          },
        },
      };
    },
  };
}
