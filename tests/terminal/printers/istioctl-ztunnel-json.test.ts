/**
 * `istioctl ztunnel-config workloads|services|policies -o json|yaml`: istioctl 1.30.3's api.go
 * structs marshalled with four-space indents (zero values of fields ztunnel's serde skips, omitempty
 * fields left out, Go maps' keys sorted as strings), or through JSONToYAML.
 */
import {describe, expect, it} from 'vitest';
import {cluster, obj, policy, print, svc} from './ztunnel-support';

const reviewsPod = obj('', 'Pod', 'default', 'reviews-v1-5d8b9c7f4-q8w2m', {
  metadata: {
    labels: {app: 'reviews', version: 'v1', 'pod-template-hash': '5d8b9c7f4'},
    annotations: {'ambient.istio.io/redirection': 'enabled'},
    ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'reviews-v1-5d8b9c7f4', controller: true}],
  },
  spec: {nodeName: 'kind-worker', serviceAccountName: 'bookinfo-reviews', containers: [{name: 'reviews', ports: [{name: 'http', containerPort: 9080}]}]},
  status: {phase: 'Running', podIP: '10.244.1.8', conditions: [{type: 'Ready', status: 'True'}]},
});
const node = obj('', 'Node', '', 'kind-worker', {metadata: {labels: {'topology.kubernetes.io/region': 'eu-west1', 'topology.kubernetes.io/zone': 'eu-west1-b'}}});

const model = () => {
  const base = cluster({'istio.io/dataplane-mode': 'ambient'}, [node, policy('reviews-port', {selector: {matchLabels: {app: 'reviews'}}, rules: [{to: [{operation: {ports: ['9080']}}]}]})]);
  return {objects: [...base.objects.filter((o) => !(o.kind === 'Pod' && o.name.startsWith('reviews-')) && o.name !== 'reviews'), reviewsPod,
    obj('', 'Service', 'default', 'reviews', {spec: {clusterIP: '10.96.10.10', selector: {app: 'reviews'}, publishNotReadyAddresses: true,
      ports: [{name: 'http', port: 9080, targetPort: 'http'}, {name: 'status', port: 15021}]}})]};
};

describe('ztunnel-config -o json', () => {
  it('prints a workload with every field of api.go\'s ZtunnelWorkload: the Deployment\'s name, the canonical service, the node\'s locality', () => {
    expect(print('istioctl ztunnel-config workloads reviews-v1-5d8b9c7f4-q8w2m.default -o json', model())).toBe(`[
    {
        "uid": "Kubernetes//Pod/default/reviews-v1-5d8b9c7f4-q8w2m",
        "workloadIps": [
            "10.244.1.8"
        ],
        "protocol": "HBONE",
        "name": "reviews-v1-5d8b9c7f4-q8w2m",
        "namespace": "default",
        "serviceAccount": "bookinfo-reviews",
        "workloadName": "reviews-v1",
        "workloadType": "pod",
        "canonicalName": "reviews",
        "canonicalRevision": "v1",
        "clusterId": "Kubernetes",
        "trustDomain": "cluster.local",
        "locality": {
            "region": "eu-west1",
            "zone": "eu-west1-b"
        },
        "node": "kind-worker",
        "status": "Healthy",
        "hostname": "",
        "capacity": 1,
        "applicationTunnel": {
            "protocol": ""
        },
        "authorizationPolicies": [
            "default/reviews-port"
        ]
    }
]
`);
  });

  it('prints a Service\'s ports and its endpoints\' as Go maps, keys sorted as strings, a named target port as 0 and resolved per pod', () => {
    const text = print('istioctl zc svc --service-namespace default -o json', model());
    expect(text).toContain(`        "ports": {
            "15021": 15021,
            "9080": 0
        },
        "loadBalancer": {
            "mode": "Standard",
            "routingPreferences": [],
            "healthPolicy": "AllowAll"
        },
        "endpoints": {
            "Kubernetes//Pod/default/reviews-v1-5d8b9c7f4-q8w2m": {
                "workloadUid": "Kubernetes//Pod/default/reviews-v1-5d8b9c7f4-q8w2m",
                "service": "",
                "port": {
                    "15021": 15021,
                    "9080": 9080
                }
            }
        },
        "ipFamilies": "IPv4",
        "canonical": true
    }
]
`);
    // Sorted by namespace and name, as the summary: productpage before reviews.
    expect(text.indexOf('"name": "productpage"')).toBeLessThan(text.indexOf('"name": "reviews"'));
  });

  it('prints a policy\'s rules as groups of rules of matches, and an empty list for no policy', () => {
    expect(print('istioctl ztunnel-config policies -o json', model())).toBe(`[
    {
        "name": "reviews-port",
        "namespace": "default",
        "scope": "WorkloadSelector",
        "action": "Allow",
        "rules": [
            [
                [
                    {
                        "destinationPorts": [
                            9080
                        ]
                    }
                ]
            ]
        ]
    }
]
`);
    expect(print('istioctl ztunnel-config policies --policy-namespace istio-system -o json', model())).toBe('[]\n');
  });

  it('gives a waypoint\'s pod its inbound binding and the internal traffic policy Local its load balancer', () => {
    const waypoint = obj('gateway.networking.k8s.io', 'Gateway', 'default', 'waypoint', {
      metadata: {annotations: {'ambient.istio.io/waypoint-inbound-binding': 'PROXY/15088'}},
      spec: {gatewayClassName: 'istio-waypoint'}, status: {addresses: [{type: 'IPAddress', value: '10.96.20.20'}]},
    });
    const waypointPod = obj('', 'Pod', 'default', 'waypoint-6f7b9d8c5-abcde', {
      metadata: {labels: {'gateway.networking.k8s.io/gateway-name': 'waypoint'}}, spec: {nodeName: 'kind-worker'},
      status: {phase: 'Running', podIP: '10.244.1.20', conditions: [{type: 'Ready', status: 'True'}]},
    });
    const local = obj('', 'Service', 'default', 'node-local', {spec: {clusterIP: '10.96.30.30', internalTrafficPolicy: 'Local', ports: [{port: 80}]}});
    const m = {objects: [...model().objects, waypoint, waypointPod, local]};
    expect(print('istioctl zc w waypoint-6f7b9d8c5-abcde.default -o json', m)).toContain(`        "applicationTunnel": {
            "protocol": "PROXY",
            "port": 15088
        }`);
    expect(print('istioctl zc svc -o json', m)).toContain(`        "loadBalancer": {
            "mode": "Strict",
            "routingPreferences": [
                "Node"
            ],
            "healthPolicy": "OnlyHealthy"
        },`);
  });
});

describe('ztunnel-config -o yaml', () => {
  it('prints the JSON through JSONToYAML: keys sorted as go-yaml sorts them, numeric keys quoted, then a blank line', () => {
    const text = print('istioctl zc svc --service-namespace default -o yaml', model());
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text).toContain(`  ports:
    "9080": 0
    "15021": 15021
`);
  });

  it('refuses a headless Service whose IP families the model leaves out, and an output format istioctl does not know', () => {
    const m = {objects: [...model().objects, svc('default', 'headless', 'None', {app: 'reviews'})]};
    expect(() => print('istioctl zc svc -o yaml', m)).toThrow(/IP families/);
    // The summary does not print them.
    expect(print('istioctl zc svc', m)).toMatch(/^default +headless +None +1\/1$/m);
    expect(print('istioctl zc policies -o table', model())).toBe('Error: output format "table" not supported\n');
  });
});
