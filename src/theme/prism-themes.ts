/**
 * Code colours for the book, light and dark: VS Code's (prism-react-renderer's vsLight and
 * vsDark, which the YAML labs' Monaco themes also follow, so a lab's server-rendered YAML and
 * its editor look alike), with every colour brought to 4.5:1 against its background (WCAG AA;
 * the e2e suite checks with axe). YAML keys take Monaco's key colour.
 */
import {themes, type PrismTheme} from 'prism-react-renderer';

function withStyles(base: PrismTheme, background: string, overrides: PrismTheme['styles']): PrismTheme {
  return {plain: {...base.plain, backgroundColor: background}, styles: [...base.styles, ...overrides]};
}

export const lightCodeTheme: PrismTheme = withStyles(themes.vsLight, '#ffffff', [
  {types: ['attr-name'], style: {color: '#c4161c'}},
  {types: ['atrule', 'key'], languages: ['yaml'], style: {color: '#007a7a'}},
  {types: ['string'], languages: ['yaml'], style: {color: '#0451a5'}},
  {types: ['boolean', 'null', 'important'], languages: ['yaml'], style: {color: '#0000ff'}},
]);

export const darkCodeTheme: PrismTheme = withStyles(themes.vsDark, '#1e1e1e', [
  {types: ['prolog'], style: {color: '#9a9ad8'}},
  {types: ['constant'], style: {color: '#a3a5d9'}},
  {types: ['comment'], style: {color: '#7ca668'}},
  {types: ['punctuation'], languages: ['markup'], style: {color: '#a0a0a0'}},
  {types: ['atrule', 'key'], languages: ['yaml'], style: {color: '#3dc9b0'}},
  {types: ['string'], languages: ['yaml'], style: {color: '#ce9178'}},
]);
