import type {ReactNode} from 'react';
import CodeBlock from '@theme-original/CodeBlock';
import type {Props} from '@theme/CodeBlock';
import {upgradeFor} from '@site/src/labs/code-block-meta';
import YamlLab from '@site/src/components/YamlLab';
import TerminalLab from '@site/src/components/TerminalLab';

/**
 * Upgrades plain fenced code blocks into labs, the way theme-live-codeblock upgrades
 * ```jsx live blocks: authors write Markdown, the theme decides what the block becomes.
 */
function codeOf(children: ReactNode): string {
  return typeof children === 'string' ? children : Array.isArray(children) ? children.join('') : '';
}

function languageOf(props: Props): string | undefined {
  return props.language ?? /language-(\S+)/.exec(props.className ?? '')?.[1];
}

export default function CodeBlockEnhancer(props: Props): ReactNode {
  const upgrade = upgradeFor(languageOf(props), props.metastring, codeOf(props.children));
  switch (upgrade.kind) {
    case 'yaml-lab':
      return (
        <YamlLab
          code={codeOf(props.children)}
          context={upgrade.context}
          id={upgrade.id}
          fallback={<CodeBlock {...props} showLineNumbers />}
        />
      );
    case 'terminal':
      return <TerminalLab session={upgrade.session} code={codeOf(props.children)} />;
    default:
      return <CodeBlock {...props} />;
  }
}
