import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ScenarioSession} from '../../../src/terminal/session';
import {namespaced, service, sidecarPod} from './support/mesh';
import {print, text} from './support/answers';

const DEFAULTS = {type: 'ClusterIP', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIPs: ['10.96.0.10'], sessionAffinity: 'None', internalTrafficPolicy: 'Cluster'};
const web = (extra: Record<string, unknown> = {}, ports: unknown[] = [{name: 'http', port: 80, protocol: 'TCP', targetPort: 'web'}]) => service('web', 'default', ports, {...DEFAULTS, ...extra});
const pod = (name: string, ip: string, ready = true) => sidecarPod(name, 'default', {app: 'web'}, ip, {ready, ports: [{name: 'web', containerPort: 8080}]});

describe('kubectl describe service, as describe.go describeService lays it out', () => {
  it('prints the fields through tabwriter (padding 2), the port name in a column of its own, the endpoint at the named target port', () => {
    expect(text('kubectl describe svc web', namespaced(web(), pod('web-1', '10.244.1.5'), pod('web-2', '10.244.1.6', false)))).toBe([
      'Name:                     web',
      'Namespace:                default',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 app=web',
      'Type:                     ClusterIP',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.96.0.10',
      'IPs:                      10.96.0.10',
      'Port:                     http  80/TCP',
      'TargetPort:               web/TCP',
      'Endpoints:                10.244.1.5:8080',
      'Session Affinity:         None',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
      '',
    ].join('\n'));
  });

  it('prints <unset> for an unnamed port, its NodePort, and an empty Endpoints line when no pod is ready', () => {
    const nodePort = web({type: 'NodePort', externalTrafficPolicy: 'Cluster'}, [{port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080}]);
    const lines = text('kubectl describe service web', namespaced(nodePort, pod('web-1', '10.244.1.5', false))).split('\n');
    expect(lines.filter((line) => /^(Port|TargetPort|NodePort|Endpoints|External Traffic Policy):/.test(line))).toEqual([
      'Port:                     <unset>  80/TCP',
      'TargetPort:               8080/TCP',
      'NodePort:                 <unset>  30080/TCP',
      'Endpoints:                ',
      'External Traffic Policy:  Cluster',
    ]);
  });

  it('finds a named target port as FindPort does: of the Service port\'s protocol, in the app containers then the native sidecars', () => {
    const endpointsOf = (target: ModelObject): string => text('kubectl describe svc web', namespaced(web(), target)).split('\n').find((line) => line.startsWith('Endpoints:'))!;
    // A container port of that name but another protocol is not the target: the pod is no endpoint of the port.
    const udp = sidecarPod('web-1', 'default', {app: 'web'}, '10.244.1.5', {ports: [{name: 'web', containerPort: 8080, protocol: 'UDP'}]});
    expect(endpointsOf(udp)).toBe('Endpoints:                ');
    // A restartable init container (a native sidecar) declares the name.
    const sidecarPorted = sidecarPod('web-1', 'default', {app: 'web'}, '10.244.1.5');
    const initContainers = [...(sidecarPorted.value.spec as {initContainers: Array<Record<string, unknown>>}).initContainers];
    initContainers[1] = {...initContainers[1], ports: [{name: 'web', containerPort: 15021}]};
    const native: ModelObject = {...sidecarPorted, value: {...sidecarPorted.value, spec: {...(sidecarPorted.value.spec as object), initContainers}}};
    expect(endpointsOf(native)).toBe('Endpoints:                10.244.1.5:15021');
  });

  it('prints the Service\'s events as their own table, after the fields are flushed', () => {
    const event: ModelObject = {group: '', kind: 'Event', namespace: 'default', name: 'web.1', value: {
      apiVersion: 'v1', kind: 'Event', metadata: {name: 'web.1', namespace: 'default'}, involvedObject: {kind: 'Service', name: 'web'},
      type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer ', source: {component: 'service-controller'},
      firstTimestamp: '2026-11-24T21:00:00Z', lastTimestamp: '2026-11-24T21:09:00Z', count: 3,
    }};
    const model: StateModel = {objects: [web({type: 'LoadBalancer'}), pod('web-1', '10.244.1.5'), event], now: Date.parse('2026-11-24T21:10:00Z')};
    expect(text('kubectl describe svc web', model).split('\n').slice(-5)).toEqual([
      'Events:',
      '  Type    Reason                Age                From                Message',
      '  ----    ------                ----               ----                -------',
      '  Normal  EnsuringLoadBalancer  60s (x3 over 10m)  service-controller  Ensuring load balancer',
      '',
    ]);
  });

  it('describes every Service a missing name is a prefix of, and names each missing one of several', () => {
    const model = namespaced(web(), service('webhook', 'default', [{name: 'https', port: 443, protocol: 'TCP', targetPort: 9443}], DEFAULTS), pod('web-1', '10.244.1.5'));
    expect(text('kubectl describe svc we', model).match(/^Name: +\S+$/gm)).toEqual(['Name:                     web', 'Name:                     webhook']);
    const both = text('kubectl describe svc/web svc/nope', model);
    expect(both.endsWith('Events:                   <none>\nError from server (NotFound): services "nope" not found\n')).toBe(true);
    expect(text('kubectl describe svc web webhook', model).split('\n\nName:')).toHaveLength(2);
  });

  it('refuses what the model cannot say: several endpoints (their order is the controller\'s), no selector, a field the API server sets', () => {
    expect(print('kubectl describe svc web', namespaced(web(), pod('web-1', '10.244.1.5'), pod('web-2', '10.244.1.6')))?.kind).toBe('gap');
    expect(print('kubectl describe svc web', namespaced(web({selector: undefined})))?.kind).toBe('gap');
    const {sessionAffinity: _, ...withoutAffinity} = DEFAULTS;
    expect(print('kubectl describe svc web', namespaced(service('web', 'default', [{name: 'http', port: 80, protocol: 'TCP', targetPort: 80}], withoutAffinity)))?.kind).toBe('gap');
    expect(print('kubectl describe svc web --show-events=false', namespaced(web()))).toBeUndefined();
  });
});

describe('a typed kubectl describe svc in a session', () => {
  it('is answered from the state\'s model', () => {
    const dir = 'labs/sessions/traffic-not-routing';
    const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
    const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip'});
    const session = new ScenarioSession(scenario, stateModels(scenario, read));
    const reply = session.run('kubectl describe svc details');
    expect(reply.kind).toBe('printed');
    expect(reply.text).toContain('Endpoints:                10.244.2.12:9080\n');
    expect(session.run('kubectl describe svc istiod -n istio-system').text).toContain('Port:                     https-webhook  443/TCP\nTargetPort:               15017/TCP\nEndpoints:                10.244.1.3:15017\n');
  });
});
