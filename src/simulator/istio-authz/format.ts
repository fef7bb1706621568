/** Istio's authorization answers as `meshdive route` prints them: one block per enforcing proxy, before the trace. */
import type {Decision} from '../decision';
import type {Located} from '../world';
import {istioAnswers, type IstioAnswer} from './attach';

function place(at: Located | undefined, files: readonly string[]): string {
  if (!at) return '';
  return `  [${at.file < 0 ? 'context' : files[at.file] ?? `file ${at.file}`}#${at.document}${at.pointer || '/'}]`;
}

function verdict(a: IstioAnswer): string {
  if (a.verdict === 'allowed') return a.audited ? 'allowed (audited)' : 'allowed';
  if (a.verdict === 'ext-authz') return `ext_authz provider ${a.provider} decides`;
  if (a.reset) return 'connection reset';
  return `${a.status}${a.status === 403 ? ' RBAC: access denied' : a.jwt.error ? ` ${a.jwt.error}` : ''}`;
}

export function formatIstioText(answers: readonly IstioAnswer[], files: readonly string[]): string[] {
  const lines: string[] = [];
  for (const a of answers) {
    const where = a.at.kind === 'waypoint' ? `waypoint ${a.at.namespace}/${a.at.name} for ${a.workload.namespace}/${a.workload.name}` : `${a.enforcer} of ${a.workload.namespace}/${a.workload.name}`;
    lines.push(`Istio: ${verdict(a)} at ${where} port ${a.port} (${a.protocol === 'tcp' ? 'TCP' : 'HTTP'})`);
    lines.push(`  peer: ${a.peer.principal ? `principal ${a.peer.principal}` : 'no principal (plaintext)'}${a.jwt.requestPrincipal ? `; request principal ${a.jwt.requestPrincipal}` : ''}`);
    if (a.jwt.requestAuthentications.length) lines.push(`  RequestAuthentication: ${a.jwt.requestAuthentications.map((r) => `${r.namespace}/${r.name}`).join(', ')}: token ${a.jwt.outcome}${a.jwt.error ? ` (${a.jwt.error})` : ''}`);
    for (const p of a.policies) {
      const state = p.ignored ? `ignored: ${p.ignored}` : p.matchedRule !== undefined ? `rules[${p.matchedRule}] matches` : p.rules.length === 0 ? 'no rules: matches nothing' : 'no rule matches';
      lines.push(`  ${p.dryRun ? 'dry-run ' : ''}${p.action}${p.provider ? ` (provider ${p.provider}${p.providerProblem ? `, unusable: ${p.providerProblem}` : ''})` : ''} ${p.namespace}/${p.name}: ${state}${place(p.at, files)}`);
    }
    for (const w of a.wouldHave) lines.push(`  ${w}`);
    lines.push(`  decision: ${a.summary}${a.decidedBy ? place(a.decidedBy.at, files) : ''}`);
  }
  return lines;
}

/** The decision's text with Istio's blocks inserted before its trace. */
export function withIstioText(text: string, decision: Decision, files: readonly string[]): string {
  const answers = istioAnswers(decision);
  if (answers.length === 0) return text;
  const block = `${formatIstioText(answers, files).join('\n')}\n`;
  const at = text.lastIndexOf('Trace:\n');
  return at < 0 ? `${text}${block}` : `${text.slice(0, at)}${block}${text.slice(at)}`;
}
