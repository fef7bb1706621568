import {Fragment, type ReactNode} from 'react';

/**
 * An exercise's task, written in a small Markdown subset (paragraphs, numbered and
 * bulleted lists, `code`, **bold**), rendered as React text nodes: lab data never
 * reaches the page as HTML.
 */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, index) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return <code key={index}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 3) return <strong key={index}>{part.slice(2, -2)}</strong>;
    return <Fragment key={index}>{part}</Fragment>;
  });
}

/** One line of the subset (`code`, **bold**): for hints and criteria. */
export function InlineMarkdown({text}: {text: string}): ReactNode {
  return <>{inline(text)}</>;
}

export default function TaskText({text}: {text: string}): ReactNode {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <>
      {blocks.map((block, index) => {
        const lines = block.split('\n');
        const numbered = lines.every((line, i) => (i === 0 ? /^\d+\.\s/.test(line) : true)) && /^\d+\.\s/.test(lines[0]!);
        const bulleted = /^[-*]\s/.test(lines[0]!);
        if (numbered || bulleted) {
          // Items start with "1. " or "- "; indented lines continue the previous item.
          const items: string[] = [];
          for (const line of lines) {
            if (/^(\d+\.|[-*])\s/.test(line)) items.push(line.replace(/^(\d+\.|[-*])\s+/, ''));
            else items[items.length - 1] += ` ${line.trim()}`;
          }
          const List = numbered ? 'ol' : 'ul';
          return (
            <List key={index}>
              {items.map((item, itemIndex) => (
                <li key={itemIndex}>{inline(item)}</li>
              ))}
            </List>
          );
        }
        return <p key={index}>{inline(lines.join(' '))}</p>;
      })}
    </>
  );
}
