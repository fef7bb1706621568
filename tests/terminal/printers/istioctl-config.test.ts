import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {StateModel} from '../../../src/terminal/printers/model';
import {tabwrite} from '../../../src/terminal/printers/tabwriter';
import {sharedFile} from '../../support/shared';
import {destinationRule, GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const HTTP = [{name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080}];
const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const reviews = (version: string, ip: string, options = {}) => sidecarPod(`reviews-${version}-x`, 'default', {app: 'reviews', version}, ip, options);

describe('istioctl proxy-config cluster, as cluster.go PrintClusterSummary prints it', () => {
  it('lists a Service\'s default cluster and one per subset, subsets sorted as strings, naming the DestinationRule', () => {
    const model = namespaced(ISTIOD, client, service('reviews', 'default', HTTP), destinationRule('reviews', 'default', 'reviews', ['v2', 'v10', 'version-2', 'v1']));
    expect(text('istioctl proxy-config cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local', model)).toBe([
      'SERVICE FQDN                          PORT     SUBSET        DIRECTION     TYPE     DESTINATION RULE',
      'reviews.default.svc.cluster.local     9080     -             outbound      EDS      reviews.default',
      'reviews.default.svc.cluster.local     9080     v1            outbound      EDS      reviews.default',
      'reviews.default.svc.cluster.local     9080     v10           outbound      EDS      reviews.default',
      'reviews.default.svc.cluster.local     9080     v2            outbound      EDS      reviews.default',
      'reviews.default.svc.cluster.local     9080     version-2     outbound      EDS      reviews.default',
      '',
    ].join('\n'));
  });

  it('sorts a host\'s clusters by subset before port, and filters by port and subset as substrings of the name', () => {
    const ports = [{name: 'http', port: 9080}, {name: 'http-admin', port: 8080}];
    const model = namespaced(ISTIOD, client, service('reviews', 'default', ports), destinationRule('reviews', 'default', 'reviews.default.svc.cluster.local', ['v1']));
    const rows = (line: string) => text(line, model).split('\n').slice(1, -1).map((row) => row.split(/\s{2,}/).slice(1, 3).join(' '));
    expect(rows('istioctl pc clusters productpage-v1-abc --fqdn reviews.default.svc.cluster.local')).toEqual(['8080 -', '9080 -', '8080 v1', '9080 v1']);
    expect(rows('istioctl pc c productpage-v1-abc.default --fqdn reviews.default.svc.cluster.local --port 8080')).toEqual(['8080 -', '8080 v1']);
    expect(rows('istioctl pc c productpage-v1-abc --fqdn reviews.default.svc.cluster.local --subset v1')).toEqual(['8080 v1', '9080 v1']);
  });

  it('leaves the rule column empty without a DestinationRule, and types a headless Service ORIGINAL_DST', () => {
    const model = namespaced(ISTIOD, client, service('db', 'default', [{name: 'tcp', port: 5432}], {clusterIP: 'None'}));
    expect(text('istioctl pc cluster productpage-v1-abc --fqdn db.default.svc.cluster.local', model)).toBe(
      'SERVICE FQDN                     PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE\ndb.default.svc.cluster.local     5432     -          outbound      ORIGINAL_DST     \n',
    );
  });

  it('leaves out a Service not exported to the proxy\'s namespace, and a rule of another namespace that is not exported to it', () => {
    const hidden = service('secret', 'other', HTTP, {}, {'networking.istio.io/exportTo': '.'});
    expect(text('istioctl pc cluster productpage-v1-abc --fqdn secret.other.svc.cluster.local', namespaced(ISTIOD, client, hidden)))
      .toBe('SERVICE FQDN     PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE\n');
    // A rule of the root namespace applies to every namespace it is exported to.
    const rule = destinationRule('reviews', 'istio-system', 'reviews.default.svc.cluster.local', ['v1']);
    const listed = () => text('istioctl pc cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local', namespaced(ISTIOD, client, service('reviews', 'default', HTTP), rule)).split('\n');
    expect(listed()).toHaveLength(4);
    (rule.value.spec as Record<string, unknown>).exportTo = ['.'];
    expect(listed()).toHaveLength(3);
  });

  it('refuses listings the model cannot complete: no --fqdn, a short name, a namespace without Services or an unmeshed pod', () => {
    const model: StateModel = {...namespaced(ISTIOD, GATEWAY, client, service('reviews', 'default', HTTP)), held: ['/Pod/default', '/Service/default', '/Pod/istio-system']};
    expect(print('istioctl pc cluster productpage-v1-abc', model)?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn reviews', model)?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn kube-dns.kube-system.svc.cluster.local', model)?.kind).toBe('gap');
    // A gateway's clusters of a held namespace are printed as a sidecar's are; its whole listing is not.
    expect(print('istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system --fqdn reviews.default.svc.cluster.local', model)?.kind).toBe('printed');
    expect(print('istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system', model)?.kind).toBe('gap');
    expect(print('istioctl pc cluster nothing-here --fqdn reviews.default.svc.cluster.local', model)?.kind).toBe('gap');
    // -o json reads the mesh config (the connect timeout, auto mTLS), which this model lacks.
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local -o json', model)?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local -o wide', model)).toBeUndefined();
  });
});

describe('istioctl proxy-config cluster without a filter: every cluster of the sidecar', () => {
  const model = (mesh: Record<string, unknown> = {}) => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
    service('productpage', 'default', [{name: 'http', port: 9080, targetPort: 9080}]),
    service('reviews', 'default', HTTP), destinationRule('reviews', 'default', 'reviews', ['v1']),
    service('kube-dns', 'istio-system', [{name: 'dns', port: 53, protocol: 'UDP'}, {name: 'dns-tcp', port: 53, protocol: 'TCP'}])), mesh);

  it('lists the inbound, outbound, istiod-made and bootstrap clusters, sorted by name with the inbound ones (no name) first', () => {
    expect(text('istioctl pc cluster productpage-v1-abc', model())).toBe([
      'SERVICE FQDN                                PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE',
      '                                            9080     -          inbound       ORIGINAL_DST     ',
      'BlackHoleCluster                            -        -          -             STATIC           ',
      'InboundPassthroughCluster                   -        -          -             ORIGINAL_DST     ',
      'PassthroughCluster                          -        -          -             ORIGINAL_DST     ',
      'agent                                       -        -          -             STATIC           ',
      'kube-dns.istio-system.svc.cluster.local     53       -          outbound      EDS              ',
      'productpage.default.svc.cluster.local       9080     -          outbound      EDS              ',
      'prometheus_stats                            -        -          -             STATIC           ',
      'reviews.default.svc.cluster.local           9080     -          outbound      EDS              reviews.default',
      'reviews.default.svc.cluster.local           9080     v1         outbound      EDS              reviews.default',
      'sds-grpc                                    -        -          -             STATIC           ',
      'xds-grpc                                    -        -          -             STATIC           ',
      '',
    ].join('\n'));
  });

  it('adds the bootstrap\'s zipkin cluster when the mesh config traces to Zipkin, and filters the listing as substrings', () => {
    const traced = model({defaultConfig: {tracing: {zipkin: {address: 'zipkin.istio-system:9411'}}}});
    expect(text('istioctl pc cluster productpage-v1-abc --fqdn zipkin', traced)).toBe(
      'SERVICE FQDN     PORT     SUBSET     DIRECTION     TYPE           DESTINATION RULE\nzipkin           -        -          -             STRICT_DNS     \n');
    expect(text('istioctl pc cluster productpage-v1-abc --direction inbound', model())).toBe(
      'SERVICE FQDN     PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE\n                 9080     -          inbound       ORIGINAL_DST     \n');
  });

  it('refuses the listing when a namespace\'s Services are not kept track of or the mesh config is missing, and a PASSTHROUGH load balancer', () => {
    expect(print('istioctl pc cluster productpage-v1-abc', {...model(), held: ['/Service/default']})?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc', {...model(), meshConfig: undefined})?.kind).toBe('gap');
    const passthrough = destinationRule('reviews', 'default', 'reviews', ['v1']);
    (passthrough.value.spec as Record<string, unknown>).trafficPolicy = {loadBalancer: {simple: 'PASSTHROUGH'}};
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local', namespaced(ISTIOD, client, service('reviews', 'default', HTTP), passthrough))?.kind).toBe('gap');
  });
});

describe('istioctl proxy-config endpoint, as clusters.go PrintEndpointsSummary prints it', () => {
  const model = namespaced(ISTIOD, client, service('reviews', 'default', [{name: 'http', port: 9080, targetPort: 'web'}]),
    destinationRule('reviews', 'default', 'reviews', ['v1', 'v2', 'v3']),
    reviews('v2', '10.244.2.15', {ports: [{name: 'web', containerPort: 8080}]}),
    reviews('v1', '10.244.10.3', {ports: [{name: 'web', containerPort: 8080}]}),
    sidecarPod('reviews-v1-y', 'default', {app: 'reviews', version: 'v1'}, '10.244.1.7', {ports: [{name: 'web', containerPort: 8080}]}),
    reviews('v3', '10.244.3.3', {ready: false, ports: [{name: 'web', containerPort: 8080}]}));

  it('lists the ready pods the cluster selects at the targeted container port, sorted by address as a string', () => {
    expect(text("istioctl pc ep productpage-v1-abc --cluster 'outbound|9080|v1|reviews.default.svc.cluster.local'", model)).toBe([
      'ENDPOINT             STATUS      OUTLIER CHECK     CLUSTER',
      '10.244.1.7:8080      HEALTHY     OK                outbound|9080|v1|reviews.default.svc.cluster.local',
      '10.244.10.3:8080     HEALTHY     OK                outbound|9080|v1|reviews.default.svc.cluster.local',
      '',
    ].join('\n'));
    expect(text("istioctl pc endpoints productpage-v1-abc --cluster 'outbound|9080||reviews.default.svc.cluster.local'", model).split('\n')).toHaveLength(5);
  });

  it('prints the header alone for a cluster the proxy lacks (a subset no rule defines) and leaves out pods that are not ready', () => {
    expect(text("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|9080|v4|reviews.default.svc.cluster.local'", model)).toBe('ENDPOINT     STATUS     OUTLIER CHECK     CLUSTER\n');
    expect(text("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|9080|v3|reviews.default.svc.cluster.local'", model)).toBe('ENDPOINT     STATUS     OUTLIER CHECK     CLUSTER\n');
  });

  it('refuses the whole endpoint list, which holds the bootstrap\'s and other namespaces\' clusters', () => {
    expect(print('istioctl pc endpoint productpage-v1-abc', model)?.kind).toBe('gap');
  });
});

const goldens = sharedFile('reference/istio-1.30.3/istioctl-outputs/writer/envoy/configdump/testdata', 'istioctl 1.30.3\'s configdump writer golden outputs');

/** A golden table's cells, cut at the header's column starts (istioctl's cells never hold two spaces). */
function cells(table: string): string[][] {
  const [header, ...rows] = table.replace(/\n$/, '').split('\n');
  const starts = [...header!.matchAll(/(?:^|(?<=\s{2}))\S/g)].map((m) => m.index!);
  return [header!, ...rows].map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trimEnd()));
}

describe.skipIf(!goldens.available)('the istioctl printers\' tabwriter against istioctl 1.30.3\'s golden outputs', () => {
  it.each(['routes/empty-gateway/output.txt', 'routes/istio-gateway-http-route-prefix/output.txt', 'routes/k8s-gateway-http-route-path-prefix/output.txt', 'endpoint/portfilter_output.txt', 'endpoint/emptyfilter_output.txt', 'secret/istio/output'])(
    '%s: cells written with padding 5 lay out as istioctl laid them out, an empty last cell padded',
    (file) => {
      const golden = readFileSync(join(goldens.path, file), 'utf8');
      const table = cells(golden);
      // route.go and endpoint.go end each row with "\n" after the last cell; an empty last cell keeps the previous one's padding.
      expect(tabwrite(`${table.map((row) => row.join('\t')).join('\n')}\n`, 0, 5)).toBe(golden);
    },
  );
});
