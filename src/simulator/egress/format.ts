/** `meshdive route`'s egress lines: whether the request leaves the mesh, by what, and its hops. */
import type {Decision} from '../decision';

export function egressLines(decision: Decision): string[] {
  const egress = decision.egress;
  if (!egress) return [];
  const lines = [`Egress: ${egress.verdict === 'allowed' ? 'leaves the mesh' : 'blocked'}: ${egress.answer}`];
  if (egress.policy) lines.push(`  outbound traffic policy ${egress.policy.mode} (${egress.policy.from})`);
  if (egress.serviceEntry) lines.push(`  registered by ServiceEntry ${egress.serviceEntry.namespace}/${egress.serviceEntry.name} (${egress.serviceEntry.location}, resolution ${egress.serviceEntry.resolution})`);
  if (egress.egressNetwork) lines.push(`  EgressNetwork ${egress.egressNetwork.namespace}/${egress.egressNetwork.name} (trafficPolicy ${egress.egressNetwork.trafficPolicy})${egress.route ? `, route ${egress.route.kind} ${egress.route.namespace}/${egress.route.name}` : ''}`);
  if (egress.cluster) lines.push(`  cluster ${egress.cluster}`);
  egress.hops?.forEach((hop, i) => lines.push(`  hop ${i + 1}: ${hop.proxy}${hop.routedBy ? ` (${hop.routedBy.kind} ${hop.routedBy.namespace}/${hop.routedBy.name})` : ''} → ${hop.to}`));
  return lines;
}
