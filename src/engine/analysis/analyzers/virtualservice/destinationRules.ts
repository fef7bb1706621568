/** virtualservice/destinationrules.go (DestinationRuleAnalyzer): IST0101 for a subset no DestinationRule of the host defines. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';
import {destinationsOf} from './util';

export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  inputs: [KINDS.VirtualService, KINDS.DestinationRule],
  analyze(ctx) {
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      for (const located of destinationsOf(vs)) {
        const {destination, mirror} = located;
        const host = stringOr(destination.host);
        const subset = stringOr(destination.subset);
        if (!host || !subset) continue;
        const rules = ctx.cluster.destinationRulesFor(host, vs.namespace);
        if (rules.some((dr) => asArray(asObject(dr.value.spec)?.subsets).some((s) => asObject(s)?.name === subset))) continue;
        // Without a cluster context, a host with no DestinationRule here may well have one there.
        if (rules.length === 0 && !ctx.closedWorld) continue;
        ctx.report(vs, 'ReferencedResourceNotFound', [mirror ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule', `${host}+${subset}`],
          {path: at(located.path, 'subset'), lineAt: located.hostLine});
      }
    }
  },
};
