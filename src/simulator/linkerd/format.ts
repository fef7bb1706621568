/** Linkerd's answers as `meshdive route` prints them: one block per meshed destination workload, before the trace. */
import type {Decision} from '../decision';
import type {Located} from '../world';
import {linkerdAnswers} from './attach';
import type {LinkerdAuthorization} from './authorize';

function place(at: Located | undefined, files: readonly string[]): string {
  if (!at) return '';
  return `  [${at.file < 0 ? 'context' : files[at.file] ?? `file ${at.file}`}#${at.document}${at.pointer || '/'}]`;
}

function verdict(a: LinkerdAuthorization): string {
  if (a.verdict === 'allowed') return a.audit ? 'allowed (audit: logged)' : 'allowed';
  if (a.verdict === 'refused') return 'connection refused';
  return a.grpcStatus !== undefined ? `grpc-status ${a.grpcStatus}` : `${a.status}`;
}

export function formatLinkerdText(answers: readonly LinkerdAuthorization[], files: readonly string[]): string[] {
  const lines: string[] = [];
  for (const a of answers) {
    lines.push(`Linkerd: ${verdict(a)} at ${a.workload.namespace}/${a.workload.name} port ${a.port}`);
    const server = a.server.kind === 'Server'
      ? `Server ${a.server.namespace}/${a.server.name}${place(a.server.at, files)}`
      : `no Server: default policy ${a.server.policy} (${a.server.from === 'cluster' ? 'cluster default' : `${a.server.from} annotation`})`;
    lines.push(`  server: ${server}, protocol ${a.protocol === 'detect' ? 'detected' : a.protocol}`);
    if (a.route) lines.push(`  route: ${a.route.kind === 'default' ? (a.route.name === 'probe' ? 'default probe route' : 'default') : `${a.route.kind} ${a.route.namespace}/${a.route.name} rules[${a.route.rule}]${place(a.route.at, files)}`}`);
    lines.push(`  client: ${a.client.description}${a.client.meshed ? `, identity ${a.client.identity}` : ', not meshed'}, address ${a.client.address}`);
    if (a.authorizedBy) {
      const by = a.authorizedBy.kind === 'default' ? `default authorization ${a.authorizedBy.name}` : `${a.authorizedBy.kind} ${a.authorizedBy.namespace}/${a.authorizedBy.name}`;
      lines.push(`  authorized by: ${by}${a.authorizedBy.authentications.length ? ` (${a.authorizedBy.authentications.join(', ')})` : ''}${place(a.authorizedBy.at, files)}`);
    }
    if (a.proxyError) lines.push(`  l5d-proxy-error: ${a.proxyError}`);
  }
  return lines;
}

/** The decision's text with Linkerd's blocks inserted before its trace. */
export function withLinkerdText(text: string, decision: Decision, files: readonly string[]): string {
  const answers = linkerdAnswers(decision);
  if (answers.length === 0) return text;
  const block = `${formatLinkerdText(answers, files).join('\n')}\n`;
  const at = text.lastIndexOf('Trace:\n');
  return at < 0 ? `${text}${block}` : `${text.slice(0, at)}${block}${text.slice(at)}`;
}
