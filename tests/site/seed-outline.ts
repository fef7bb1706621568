/**
 * Where each heading of the seed chapter lives in the book, in the seed's order.
 * Headings include the seed's admonition titles and bold sub-headings, because a
 * reader scanning the page meets them as headings.
 */
export interface OutlinePage {
  /** Route of the page in the built site. */
  path: string;
  /** Seed headings, in order, that the page must show. */
  headings: string[];
  /** How many Mermaid diagrams the page draws at least. */
  diagrams: number;
}

export const PRODUCTION_RECOMMENDATIONS = [
  'Start with permissive mTLS, then move to STRICT',
  'Monitor service mesh metrics',
  'Use gradual rollout for mesh adoption',
  'Document traffic policies',
  'Test failure scenarios',
  'Monitor sidecar resource usage',
];

export const SEED_OUTLINE: OutlinePage[] = [
  {path: '/', headings: ['Service Mesh Deep Dive', '🎯 Learning Objectives', 'Service Mesh Benefits', 'Complexity Trade-off'], diagrams: 0},
  {
    path: '/architecture',
    headings: ['Service Mesh Architecture', 'Components', 'Data Plane', 'Control Plane', 'Sidecar Pattern'],
    diagrams: 1,
  },
  {path: '/istio', headings: ['Istio'], diagrams: 0},
  {path: '/istio/installation', headings: ['Installation'], diagrams: 0},
  {path: '/istio/traffic-management', headings: ['Traffic Management', 'Traffic Splitting'], diagrams: 1},
  {path: '/istio/security', headings: ['Security', 'mTLS Impact'], diagrams: 1},
  {path: '/istio/ambient', headings: ['Ambient Mode'], diagrams: 2},
  {path: '/istio/ambient-operations', headings: ['Ambient in Practice'], diagrams: 0},
  {path: '/troubleshooting', headings: ['Troubleshooting', 'Common Issues'], diagrams: 0},
  {path: '/troubleshooting/sidecar-not-injected', headings: ['Sidecar Not Injected'], diagrams: 0},
  {path: '/troubleshooting/traffic-not-routing', headings: ['Traffic Not Routing Correctly'], diagrams: 0},
  {path: '/troubleshooting/waypoint-not-used', headings: ['Waypoint Not Used'], diagrams: 0},
  {path: '/patterns', headings: ['Advanced Mesh Patterns'], diagrams: 0},
  {path: '/patterns/resilience', headings: ['Resilience Patterns', 'Timeouts and retries', 'Circuit breaking', 'Fault injection', 'Locality failover'], diagrams: 1},
  {path: '/patterns/traffic', headings: ['Traffic Patterns', 'Mirroring', 'Header-based routing for tests in production', 'Egress control', 'Rate limiting'], diagrams: 1},
  {path: '/patterns/security', headings: ['Security Patterns', 'Istio: the order of evaluation', 'Linkerd: authorization per route'], diagrams: 1},
  {path: '/best-practices', headings: ['Best Practices', 'Production Recommendations', ...PRODUCTION_RECOMMENDATIONS], diagrams: 0},
  {path: '/next-chapter', headings: ['Next Chapter: Ingress & Load Balancing'], diagrams: 0},
];
