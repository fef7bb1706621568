import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {print, text} from './support/answers';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const object = (kind: string, name: string, value: Record<string, unknown>): ModelObject => ({group: '', kind, namespace: 'default', name, value});
const model = (...objects: ModelObject[]): StateModel => ({objects, now: NOW});

interface PodOptions {
  created?: string;
  annotations?: Record<string, string>;
  container?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

/** A running pod as the API server returns it (priority, protocols, tolerations, QoS set). */
function pod(name: string, options: PodOptions = {}): ModelObject {
  return object('Pod', name, {
    metadata: {name, namespace: 'default', creationTimestamp: options.created ?? '2026-11-24T09:00:00Z', labels: {app: 'web'}, annotations: options.annotations ?? {},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', controller: true}]},
    spec: {
      nodeName: 'node-1', serviceAccountName: 'web', priority: 0,
      containers: [{name: 'web', image: 'example/web:1', ports: [{containerPort: 8080, protocol: 'TCP'}], ...options.container}],
      volumes: [{name: 'scratch', emptyDir: {}}],
      tolerations: [
        {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
        {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
      ],
      ...options.spec,
    },
    status: {
      phase: 'Running', hostIP: '172.18.0.2', podIP: '10.244.1.5', podIPs: [{ip: '10.244.1.5'}], qosClass: 'BestEffort', startTime: '2026-11-24T09:00:01Z',
      conditions: [{type: 'Ready', status: 'True'}, {type: 'PodScheduled', status: 'True'}],
      containerStatuses: [{name: 'web', containerID: 'containerd://abc', imageID: 'example/web@sha256:def', ready: true, restartCount: 0,
        state: {running: {startedAt: '2026-11-24T09:00:03Z'}}}],
    },
  });
}

describe('kubectl describe pod, as describe.go describePod lays it out', () => {
  it('prints the fields through tabwriter (padding 2), a block ending at each line without a tab', () => {
    expect(text('kubectl describe pod web-1', model(pod('web-1')))).toBe([
      'Name:             web-1',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  web',
      'Node:             node-1/172.18.0.2',
      'Start Time:       Tue, 24 Nov 2026 09:00:01 +0000',
      'Labels:           app=web',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  ReplicaSet/web-5d8f',
      'Containers:',
      '  web:',
      '    Container ID:   containerd://abc',
      '    Image:          example/web:1',
      '    Image ID:       example/web@sha256:def',
      '    Port:           8080/TCP',
      '    Host Port:      0/TCP',
      '    State:          Running',
      '      Started:      Tue, 24 Nov 2026 09:00:03 +0000',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Environment:    <none>',
      '    Mounts:         <none>',
      'Conditions:',
      // "%v \t%v \n": every condition cell ends with a space, the status too.
      '  Type           Status',
      '  Ready          True ',
      '  PodScheduled   True ',
      'Volumes:',
      '  scratch:',
      // One block from the volume's fields to Events: no line between them lacks a tab.
      '    Type:        EmptyDir (a temporary directory that shares a pod\'s lifetime)',
      // An empty medium still pads its tab-terminated cell.
      '    Medium:      ',
      '    SizeLimit:   <unset>',
      'QoS Class:       BestEffort',
      'Node-Selectors:  <none>',
      // Sorted by key; Exists without a value prints " op=Exists".
      'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      // Scheduled three hours ago: its events have outlived the API server's one-hour TTL.
      'Events:          <none>',
      '',
    ].join('\n'));
  });

  it('keeps an annotation inline while key and value take 140 characters, else puts the value on its own line cut at 138 and "..."', () => {
    const inline = 'a'.repeat(140 - 'k1'.length - 2);
    const long = 'b'.repeat(200);
    const lines = text('kubectl describe pod web-1', model(pod('web-1', {annotations: {k1: inline, k2: `${'c'.repeat(140 - 2 - 2)}x`, k3: long}}))).split('\n');
    const start = lines.findIndex((line) => line.startsWith('Annotations:'));
    expect(lines.slice(start, start + 5)).toEqual([
      `Annotations:      k1: ${inline}`,
      `                  k2:`,
      `                    ${'c'.repeat(136)}x`,
      `                  k3:`,
      `                    ${'b'.repeat(138)}...`,
    ]);
  });

  it('prints the environment as EnvValueRetriever resolves it: metadata paths only, resource limits in base units or "node allocatable"', () => {
    const container = {
      resources: {limits: {cpu: '2', memory: '1Gi'}, requests: {cpu: '100m', memory: '128Mi'}},
      env: [
        {name: 'POD_NAME', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.name'}}},
        {name: 'INSTANCE_IP', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'status.podIP'}}},
        // As Istio 1.30.3's injection template asks for them (divisor "1").
        {name: 'GOMEMLIMIT', valueFrom: {resourceFieldRef: {resource: 'limits.memory', divisor: '1'}}},
        {name: 'GOMAXPROCS', valueFrom: {resourceFieldRef: {resource: 'limits.cpu', divisor: '1'}}},
        {name: 'MEMORY_MI', valueFrom: {resourceFieldRef: {resource: 'requests.memory', divisor: '1Mi'}}},
        {name: 'CPU_MILLI', valueFrom: {resourceFieldRef: {resource: 'requests.cpu', divisor: '1m'}}},
        {name: 'PROXY_CONFIG', value: '{}\n'},
      ],
      readinessProbe: {httpGet: {path: '/healthz/ready', port: 15021, scheme: 'HTTP'}, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4},
    };
    const lines = text('kubectl describe pod web-1', model(pod('web-1', {container}))).split('\n');
    const start = lines.findIndex((line) => line.includes('Limits:'));
    expect(lines.slice(start, lines.findIndex((line) => line.includes('Mounts:')))).toEqual([
      '    Limits:',
      '      cpu:     2',
      '      memory:  1Gi',
      '    Requests:',
      '      cpu:      100m',
      '      memory:   128Mi',
      '    Readiness:  http-get http://:15021/healthz/ready delay=0s timeout=3s period=15s #success=1 #failure=4',
      '    Environment:',
      '      POD_NAME:      web-1 (v1:metadata.name)',
      '      INSTANCE_IP:    (v1:status.podIP)',
      '      GOMEMLIMIT:    1073741824 (limits.memory)',
      '      GOMAXPROCS:    2 (limits.cpu)',
      '      MEMORY_MI:     128 (requests.memory)',
      '      CPU_MILLI:     100 (requests.cpu)',
      // A value's further lines go in the value's column.
      '      PROXY_CONFIG:  {}',
      '                     ',
    ]);
    const unlimited = text('kubectl describe pod web-1', model(pod('web-1', {container: {env: [{name: 'GOMAXPROCS', valueFrom: {resourceFieldRef: {resource: 'limits.cpu'}}}]}})));
    expect(unlimited).toContain('GOMAXPROCS:  node allocatable (limits.cpu)');
  });

  it('prints the pod\'s events after a flush, in a table of their own, oldest first, with repeat counts', () => {
    const event = (name: string, value: Record<string, unknown>): ModelObject => object('Event', name, {involvedObject: {kind: 'Pod', name: 'web-1', namespace: 'default'}, type: 'Normal', ...value});
    const events = [
      event('e2', {reason: 'Pulled', source: {component: 'kubelet'}, firstTimestamp: '2026-11-24T11:50:00Z', lastTimestamp: '2026-11-24T11:50:00Z', count: 1, message: 'Pulled it'}),
      event('e1', {reason: 'Scheduled', source: {}, reportingComponent: 'default-scheduler', eventTime: '2026-11-24T11:50:30.5Z', message: 'Successfully assigned default/web-1 to node-1'}),
      event('e3', {type: 'Warning', reason: 'Unhealthy', source: {component: 'kubelet'}, firstTimestamp: '2026-11-24T11:55:00Z', lastTimestamp: '2026-11-24T11:59:00Z', count: 3, message: 'Readiness probe failed '}),
      object('Event', 'other', {involvedObject: {kind: 'Pod', name: 'web-2'}, type: 'Normal', reason: 'Started', lastTimestamp: '2026-11-24T11:59:00Z'}),
      event('stale', {reason: 'Started', source: {component: 'kubelet'}, lastTimestamp: '2026-11-24T10:59:00Z', message: 'expired'}),
    ];
    const lines = text('kubectl describe pod web-1', model(pod('web-1', {created: '2026-11-24T11:49:30Z'}), ...events)).split('\n');
    expect(lines.slice(lines.indexOf('Events:'))).toEqual([
      'Events:',
      '  Type     Reason     Age               From               Message',
      '  ----     ------     ----              ----               -------',
      // event.SortableEvents orders by lastTimestamp: the scheduler's event (eventTime only) sorts first, as a zero time.
      '  Normal   Scheduled  9m29s             default-scheduler  Successfully assigned default/web-1 to node-1',
      '  Normal   Pulled     10m               kubelet            Pulled it',
      '  Warning  Unhealthy  60s (x3 over 5m)  kubelet            Readiness probe failed',
      '',
    ]);
    // The lines before the table keep their own alignment.
    expect(lines).toContain('Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
  });

  it('is a gap for a pod scheduled within the hour whose events the model does not hold, never an invented <none>', () => {
    expect(print('kubectl describe pod web-1', model(pod('web-1', {created: '2026-11-24T11:30:00Z'})))).toEqual({kind: 'gap', reason: expect.stringContaining('none of its events')});
  });

  it('answers a missing name with NotFound, or describes the pods it prefixes, and names the pods with -n and pod/NAME', () => {
    const pods = model(pod('web-1'), pod('web-2'), pod('api-1'));
    expect(text('kubectl describe pod nope', pods)).toBe('Error from server (NotFound): pods "nope" not found\n');
    const prefixed = text('kubectl describe pods web', pods);
    expect(prefixed.match(/^Name: +\S+$/gm)).toEqual(['Name:             web-1', 'Name:             web-2']);
    expect(text('kubectl describe po/api-1 -n default', pods)).toBe(text('kubectl describe pod api-1', pods));
    expect(print('kubectl describe pod api-1 --show-events=false', pods)).toBeUndefined();
  });

  it('is a gap, not a guess, where the model lacks what the API server sets', () => {
    const bare = pod('web-1');
    delete (bare.value.spec as Record<string, unknown>).priority;
    expect(print('kubectl describe pod web-1', model(bare))).toEqual({kind: 'gap', reason: expect.stringContaining('spec.priority')});
  });
});
