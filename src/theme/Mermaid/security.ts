import type {MermaidConfig} from 'mermaid';

/**
 * Mermaid settings for every diagram on the site: the book's own (Docusaurus passes
 * `themeConfig.mermaid.options` to `mermaid.initialize`) and the YAML lab's routing
 * diagram, which draws whatever a shared link put in the editor.
 *
 * `strict` (Mermaid's default, written so it is never dropped): labels are sanitised and
 * `click` callbacks and `javascript:` links never run. `secure` lists the settings a
 * diagram's own `%%{init: …}%%` directive or front matter may not change. Mermaid locks
 * only `securityLevel` and a few limits; a directive could still restyle the diagram with
 * CSS that loads from any host (`themeCSS`, fonts, theme variables) or widen the
 * sanitiser (`dompurifyConfig`). The book's diagrams use no directive, and the routing
 * diagram's labels cannot write one (src/simulator/diagram.ts): this is the second lock.
 */
export const MERMAID_SECURITY = {
  securityLevel: 'strict',
  secure: [
    // Mermaid's own list.
    'secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges',
    // Styling that can fetch, and the sanitiser's settings.
    'themeCSS', 'themeVariables', 'fontFamily', 'altFontFamily', 'theme', 'darkMode', 'look', 'dompurifyConfig', 'htmlLabels',
  ],
} satisfies MermaidConfig;
