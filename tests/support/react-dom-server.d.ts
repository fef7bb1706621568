// react-dom ships no types and @types/react-dom is not installed: the one call tests make, as React 19 declares it.
declare module 'react-dom/server' {
  export function renderToStaticMarkup(element: import('react').ReactNode): string;
}
