/**
 * Kubernetes' built-in kinds a mesh manifest holds, as an API server of 1.30 serves them
 * (kubectl api-resources: names, short names, scope).
 */
import type {FamilyKinds, KindSpec, PodSource} from '../types';

const FROM_TEMPLATE = ['spec', 'template'] as const;
const REPLICATED: PodSource = {template: FROM_TEMPLATE, count: 'replicas'};

function kinds(group: string, versions: readonly string[], specs: ReadonlyArray<Omit<KindSpec, 'group' | 'versions' | 'namespaced'> & {namespaced?: boolean}>): KindSpec[] {
  return specs.map((spec) => ({group, versions, namespaced: true, ...spec}));
}

const CLUSTER = {namespaced: false};

export const kubernetesKinds: FamilyKinds = {
  name: 'kubernetes',
  title: 'Kubernetes',
  judgedAs: 'Kubernetes 1.33',
  groups: ['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'autoscaling'],
  openGroups: ['storage.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
    'scheduling.k8s.io', 'certificates.k8s.io', 'node.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'apiregistration.k8s.io'],
  labs: false,
  kinds: [
    ...kinds('', ['v1'], [
      {kind: 'Pod', plural: 'pods', shortNames: ['po'], pods: 'self'},
      {kind: 'Service', plural: 'services', shortNames: ['svc']},
      {kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], ...CLUSTER},
      {kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm']},
      {kind: 'Secret', plural: 'secrets'},
      {kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa']},
      {kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep']},
      {kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc']},
      {kind: 'PersistentVolume', plural: 'persistentvolumes', shortNames: ['pv'], ...CLUSTER},
      {kind: 'Node', plural: 'nodes', shortNames: ['no'], ...CLUSTER},
      {kind: 'ReplicationController', plural: 'replicationcontrollers', shortNames: ['rc'], pods: REPLICATED},
      {kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits']},
      {kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota']},
      {kind: 'Event', plural: 'events', shortNames: ['ev']},
      // A List is no resource of the API server: kubectl unpacks its items.
      {kind: 'List', plural: ''},
      {kind: 'Binding', plural: 'bindings'},
      {kind: 'PodTemplate', plural: 'podtemplates'},
      {kind: 'ComponentStatus', plural: 'componentstatuses', shortNames: ['cs'], ...CLUSTER},
    ]),
    ...kinds('apps', ['v1'], [
      {kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], pods: REPLICATED},
      {kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], pods: REPLICATED},
      {kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], pods: {template: FROM_TEMPLATE, count: 'one-per-node'}},
      {kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], pods: REPLICATED},
      {kind: 'ControllerRevision', plural: 'controllerrevisions'},
    ]),
    ...kinds('batch', ['v1'], [
      {kind: 'Job', plural: 'jobs', pods: {template: FROM_TEMPLATE, count: 'parallelism'}},
      // A CronJob runs no pod until its schedule fires a Job.
      {kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj']},
    ]),
    ...kinds('networking.k8s.io', ['v1'], [
      {kind: 'Ingress', plural: 'ingresses', shortNames: ['ing']},
      {kind: 'IngressClass', plural: 'ingressclasses', ...CLUSTER},
      {kind: 'NetworkPolicy', plural: 'networkpolicies', shortNames: ['netpol']},
      // GA in 1.33: the ranges the API server allocates ClusterIPs from (the simulator reads them: src/simulator/cluster-networks.ts).
      {kind: 'ServiceCIDR', plural: 'servicecidrs', ...CLUSTER},
    ]),
    ...kinds('policy', ['v1'], [{kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb']}]),
    ...kinds('rbac.authorization.k8s.io', ['v1'], [
      {kind: 'Role', plural: 'roles'},
      {kind: 'RoleBinding', plural: 'rolebindings'},
      {kind: 'ClusterRole', plural: 'clusterroles', ...CLUSTER},
      {kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', ...CLUSTER},
    ]),
    ...kinds('autoscaling', ['v1', 'v2'], [{kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', shortNames: ['hpa']}]),
    // Kinds of the open groups the book's sessions name (kubectl get crds, mutatingwebhookconfigurations).
    ...kinds('apiextensions.k8s.io', ['v1'], [{kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', shortNames: ['crd', 'crds'], ...CLUSTER}]),
    ...kinds('admissionregistration.k8s.io', ['v1'], [
      {kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', ...CLUSTER},
      {kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', ...CLUSTER},
      {kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', ...CLUSTER},
      {kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings', ...CLUSTER},
    ]),
    // The cluster-scoped kinds of the other open groups: their scope decides whether kubectl keeps a namespace.
    ...kinds('apiregistration.k8s.io', ['v1'], [{kind: 'APIService', plural: 'apiservices', ...CLUSTER}]),
    ...kinds('storage.k8s.io', ['v1'], [
      {kind: 'StorageClass', plural: 'storageclasses', shortNames: ['sc'], ...CLUSTER},
      {kind: 'CSIDriver', plural: 'csidrivers', ...CLUSTER},
      {kind: 'CSINode', plural: 'csinodes', ...CLUSTER},
      {kind: 'VolumeAttachment', plural: 'volumeattachments', ...CLUSTER},
    ]),
    ...kinds('scheduling.k8s.io', ['v1'], [{kind: 'PriorityClass', plural: 'priorityclasses', shortNames: ['pc'], ...CLUSTER}]),
    ...kinds('node.k8s.io', ['v1'], [{kind: 'RuntimeClass', plural: 'runtimeclasses', ...CLUSTER}]),
    ...kinds('certificates.k8s.io', ['v1'], [{kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', shortNames: ['csr'], ...CLUSTER}]),
    ...kinds('flowcontrol.apiserver.k8s.io', ['v1', 'v1beta3'], [
      {kind: 'FlowSchema', plural: 'flowschemas', ...CLUSTER},
      {kind: 'PriorityLevelConfiguration', plural: 'prioritylevelconfigurations', ...CLUSTER},
    ]),
  ],
};
