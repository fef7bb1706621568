import type {ReactNode} from 'react';
import Layout from '@theme-original/Layout';
import type {Props} from '@theme/Layout';
import {useLocation} from '@docusaurus/router';
import useBaseUrl from '@docusaurus/useBaseUrl';

/**
 * Every page of the book has a `main` landmark except the search plugin's, which puts its
 * results straight into the layout; screen-reader users could not jump to them (axe:
 * landmark-one-main, region). The plugin does not export its content on its own, so the
 * layout gives that one page its landmark, on the server as in the browser.
 */
export default function LayoutWithMain(props: Props): ReactNode {
  const {pathname} = useLocation();
  const searchPage = useBaseUrl('/search');
  if (pathname.replace(/\/$/, '') !== searchPage) return <Layout {...props} />;
  return (
    <Layout {...props}>
      <main>{props.children}</main>
    </Layout>
  );
}
