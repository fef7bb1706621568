import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import {darkCodeTheme, lightCodeTheme} from './src/theme/prism-themes';
import leanCommonChunk from './src/plugins/lean-common-chunk';
import labContexts from './src/plugins/lab-contexts';
import labSessions from './src/plugins/lab-sessions';
import labExercises from './src/plugins/lab-exercises';
import {MERMAID_SECURITY} from './src/theme/Mermaid/security';

// The book must work with no network at all: no CDN, no hosted search, no remote fonts.
// Everything the pages need is bundled by this build and served from the site itself.
const config: Config = {
  title: 'Service Mesh Deep Dive',
  tagline: 'Service meshes and Istio, with YAML labs and troubleshooting terminals that run in your browser',
  favicon: 'img/favicon.svg',

  url: 'http://localhost',
  baseUrl: '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  i18n: {defaultLocale: 'en', locales: ['en']},


  markdown: {
    mermaid: true,
    hooks: {onBrokenMarkdownLinks: 'throw'},
  },

  plugins: [leanCommonChunk, labContexts, labSessions, labExercises],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // Built into the site at build time and searched in the browser: works offline.
        hashed: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
      },
    ],
  ],

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: {respectPrefersColorScheme: true},
    navbar: {
      title: 'Service Mesh Deep Dive',
      // The title is written beside the logo: the image itself is decoration.
      logo: {alt: '', src: 'img/logo.svg'},
      items: [{type: 'docSidebar', sidebarId: 'chapter', position: 'left', label: 'Chapter'}],
    },
    footer: {
      style: 'dark',
      copyright: 'Service Mesh Deep Dive: an offline, interactive chapter on service meshes. Examples target Istio 1.30, Linkerd 2.20 and Kubernetes 1.33.',
    },
    mermaid: {
      theme: {light: 'neutral', dark: 'dark'},
      options: MERMAID_SECURITY,
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      additionalLanguages: ['bash', 'yaml', 'json'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
