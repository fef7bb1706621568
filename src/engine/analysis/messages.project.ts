/**
 * The project's own analysis messages: checks istioctl has no analyzer for (analyzers/meshdive/),
 * in the shape of istioctl's table (messages.generated.ts), so each is written once too.
 * Codes name what went wrong rather than number it.
 */
export const PROJECT_MESSAGE_TABLE = {
  DuplicateResource: {code: 'duplicate-resource', level: 'Warning', template: '%s %s is also defined in document %d: kubectl apply keeps only the last definition', args: ['kind', 'resource', 'document']},
  StrictMtlsWithoutInjection: {
    code: 'strict-mtls-without-injection', level: 'Warning',
    template: 'PeerAuthentication %s requires STRICT mTLS, but namespace %q is not labelled for sidecar injection (istio-injection=enabled or istio.io/rev=<revision>): ' +
      "its pods run without a proxy and cannot use mTLS. Run 'kubectl label namespace %s istio-injection=enabled' and restart the workloads",
    args: ['peerAuthentication', 'namespace', 'namespace2'],
  },
  ConflictingDestinationRules: {
    code: 'conflicting-destination-rules', level: 'Warning',
    template: 'DestinationRule %s configures host %s, as does DestinationRule %s: Istio merges them only partly ' +
      "(the first rule's traffic policy wins and subsets with the same name are dropped); keep one DestinationRule per host",
    args: ['destinationRule', 'host', 'other'],
  },
} as const;
