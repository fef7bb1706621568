/**
 * The `linkerd` CLI's commands the printers answer (./linkerd-command.ts): a thunk that prints the
 * line's output from a state's model (throwing ModelGap where the model lacks what the CLI reads),
 * or undefined for a line no Linkerd printer covers.
 */
import {parseLinkerd} from './linkerd-command';
import {printLinkerdCheck} from './linkerd-check';
import {printVizStat} from './linkerd-stat';
import {printVizAuthz} from './linkerd-authz';
import {printDiagnosticsPolicy} from './linkerd-policy';
import type {StateModel} from './model';

export function printLinkerd(line: string, context: {namespace: string; placeholders: Readonly<Record<string, string>>}, model: StateModel): (() => string) | undefined {
  const parsed = parseLinkerd(line, context.namespace, context.placeholders);
  if (!parsed) return undefined;
  switch (parsed.command) {
    case 'check':
      return () => printLinkerdCheck(parsed.request, model);
    case 'stat':
      return () => printVizStat(parsed.request, model);
    case 'authz':
      return () => printVizAuthz(parsed.request, model);
    case 'policy':
      return () => printDiagnosticsPolicy(parsed.request, model);
    case 'failure':
    case 'help':
      return () => parsed.text;
  }
}
