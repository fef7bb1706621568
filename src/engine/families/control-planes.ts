/**
 * Control planes whose admission webhook also judges kinds another family serves, in the light
 * form the book's pages read (it imports no schema, rule or analyzer): which kinds, and what in
 * a cluster shows that control plane runs. The engine's side of the same facts is each family's
 * `admissionOfOtherKinds` and `showsControlPlane` (families/README.md); a test keeps them equal.
 */
import {showsLinkerd} from './linkerd/shows';

export interface WebhookOnOtherKinds {
  /** The family whose control plane runs the webhook. */
  family: string;
  /** The kinds it judges, as `group/kind`. */
  kinds: ReadonlySet<string>;
  /** Whether a cluster object shows that control plane runs. */
  shows(object: Record<string, unknown>): boolean;
}

export const WEBHOOKS_ON_OTHER_KINDS: readonly WebhookOnOtherKinds[] = [
  {
    // linkerd-policy-validator.linkerd.io (charts/linkerd-control-plane templates/destination-rbac.yaml).
    family: 'linkerd',
    kinds: new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'].map((kind) => `gateway.networking.k8s.io/${kind}`)),
    shows: showsLinkerd,
  },
];
