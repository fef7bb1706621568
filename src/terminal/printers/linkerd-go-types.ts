/**
 * What an object kubectl printed looks like after linkerd inject reads it into its k8s.io/api Go type
 * and writes it back (linkerd2 version-2.20 pkg/inject/inject.go: parse's yaml.Unmarshal into
 * getFreshWorkloadObj's type, then getFilteredJSON, which is github.com/clarketm/json: encoding/json
 * that also leaves out zero structs under `omitempty`). So an `omitempty` value field at its zero
 * (`hostNetwork: false`, `resources: {}`, `status: {}`, a template's `creationTimestamp: null`) is
 * dropped, while a pointer (`emptyDir: {}`, `automountServiceAccountToken: false`) or a field without
 * `omitempty` (`serviceName: ""`, `restartCount: 0`) is kept. Non-zero values come back as they went in.
 *
 * The table holds the json tags of k8s.io/api and apimachinery v0.35.4 (linkerd2 2.20's go.mod) for
 * the kinds inject reads and the types under them. A zero value inside a type it leaves opaque (X), or
 * a field it does not list, is a gap rather than a guess.
 *
 * Quantities (resource.Quantity, and ResourceList's values) are read and written back as Go does,
 * canonical (`0.1` → `100m`, `1024Mi` → `1Gi`): ../../engine/go/resource-quantity.ts.
 */
import {canonicalQuantityJson} from '../../engine/go/resource-quantity';
import {isRecord, ModelGap} from './model';

/**
 * Per Go struct, its fields as `json:spec`: `?` omitempty, `*` pointer, `[]` slice, `M` map (kept as
 * it is), then s|b|i (string, bool, integer kinds), T (metav1.Time), X (not modelled), or a struct
 * of this table, Q (resource.Quantity) or, after M, R (a ResourceList: its values quantities); `...Name` is an inline embedded struct.
 */
const GO_TYPES: Record<string, string> = {
  Deployment: '...TypeMeta metadata:?ObjectMeta spec:?DeploymentSpec status:?DeploymentStatus',
  StatefulSet: '...TypeMeta metadata:?ObjectMeta spec:?StatefulSetSpec status:?StatefulSetStatus',
  DaemonSet: '...TypeMeta metadata:?ObjectMeta spec:?DaemonSetSpec status:?DaemonSetStatus',
  ReplicaSet: '...TypeMeta metadata:?ObjectMeta spec:?ReplicaSetSpec status:?ReplicaSetStatus',
  ReplicationController: '...TypeMeta metadata:?ObjectMeta spec:?ReplicationControllerSpec status:?ReplicationControllerStatus',
  Job: '...TypeMeta metadata:?ObjectMeta spec:?JobSpec status:?JobStatus',
  CronJob: '...TypeMeta metadata:?ObjectMeta spec:?CronJobSpec status:?CronJobStatus',
  Pod: '...TypeMeta metadata:?ObjectMeta spec:?PodSpec status:?PodStatus',
  Namespace: '...TypeMeta metadata:?ObjectMeta spec:?NamespaceSpec status:?NamespaceStatus',
  Service: '...TypeMeta metadata:?ObjectMeta spec:?ServiceSpec status:?ServiceStatus',
  ObjectMeta: 'name:?s generateName:?s namespace:?s selfLink:?s uid:?s resourceVersion:?s generation:?i creationTimestamp:?T deletionTimestamp:?*T deletionGracePeriodSeconds:?*i labels:?M annotations:?M ownerReferences:?[]OwnerReference finalizers:?[]s managedFields:?[]X',
  OwnerReference: 'apiVersion:s kind:s name:s uid:s controller:?*b blockOwnerDeletion:?*b',
  LabelSelector: 'matchLabels:?M matchExpressions:?[]LabelSelectorRequirement',
  LabelSelectorRequirement: 'key:s operator:s values:?[]s',
  DeploymentSpec: 'replicas:?*i selector:*LabelSelector template:PodTemplateSpec strategy:?DeploymentStrategy minReadySeconds:?i revisionHistoryLimit:?*i paused:?b progressDeadlineSeconds:?*i',
  StatefulSetSpec: 'replicas:?*i selector:*LabelSelector template:PodTemplateSpec volumeClaimTemplates:?[]X serviceName:s podManagementPolicy:?s updateStrategy:?StatefulSetUpdateStrategy revisionHistoryLimit:?*i minReadySeconds:?i persistentVolumeClaimRetentionPolicy:?*X ordinals:?*X',
  DaemonSetSpec: 'selector:*LabelSelector template:PodTemplateSpec updateStrategy:?DaemonSetUpdateStrategy minReadySeconds:?i revisionHistoryLimit:?*i',
  ReplicaSetSpec: 'replicas:?*i minReadySeconds:?i selector:*LabelSelector template:?PodTemplateSpec',
  ReplicationControllerSpec: 'replicas:?*i minReadySeconds:?i selector:?M template:?*PodTemplateSpec',
  JobSpec: 'parallelism:?*i completions:?*i activeDeadlineSeconds:?*i podFailurePolicy:?*X successPolicy:?*X backoffLimit:?*i backoffLimitPerIndex:?*i maxFailedIndexes:?*i selector:?*LabelSelector manualSelector:?*b template:PodTemplateSpec ttlSecondsAfterFinished:?*i completionMode:?*s suspend:?*b podReplacementPolicy:?*s managedBy:?*s',
  CronJobSpec: 'schedule:s timeZone:?*s startingDeadlineSeconds:?*i concurrencyPolicy:?s suspend:?*b jobTemplate:JobTemplateSpec successfulJobsHistoryLimit:?*i failedJobsHistoryLimit:?*i',
  JobTemplateSpec: 'metadata:?ObjectMeta spec:?JobSpec',
  PodTemplateSpec: 'metadata:?ObjectMeta spec:?PodSpec',
  DeploymentStrategy: 'type:?s rollingUpdate:?*RollingUpdateDeployment',
  RollingUpdateDeployment: 'maxUnavailable:?*X maxSurge:?*X',
  StatefulSetUpdateStrategy: 'type:?s rollingUpdate:?*RollingUpdateStatefulSetStrategy',
  RollingUpdateStatefulSetStrategy: 'partition:?*i maxUnavailable:?*X',
  DaemonSetUpdateStrategy: 'type:?s rollingUpdate:?*RollingUpdateDaemonSet',
  RollingUpdateDaemonSet: 'maxUnavailable:?*X maxSurge:?*X',
  PodSpec: 'volumes:?[]Volume initContainers:?[]Container containers:[]Container ephemeralContainers:?[]X restartPolicy:?s terminationGracePeriodSeconds:?*i activeDeadlineSeconds:?*i dnsPolicy:?s nodeSelector:?M serviceAccountName:?s serviceAccount:?s automountServiceAccountToken:?*b nodeName:?s hostNetwork:?b hostPID:?b hostIPC:?b shareProcessNamespace:?*b securityContext:?*PodSecurityContext imagePullSecrets:?[]LocalObjectReference hostname:?s subdomain:?s affinity:?*X schedulerName:?s tolerations:?[]Toleration hostAliases:?[]X priorityClassName:?s priority:?*i dnsConfig:?*X readinessGates:?[]X runtimeClassName:?*s enableServiceLinks:?*b preemptionPolicy:?*s overhead:?R topologySpreadConstraints:?[]X setHostnameAsFQDN:?*b os:?*X hostUsers:?*b schedulingGates:?[]X resourceClaims:?[]X resources:?*ResourceRequirements hostnameOverride:?*s workloadRef:?*X',
  Container: 'name:s image:?s command:?[]s args:?[]s workingDir:?s ports:?[]ContainerPort envFrom:?[]EnvFromSource env:?[]EnvVar resources:?ResourceRequirements resizePolicy:?[]X restartPolicy:?*s restartPolicyRules:?[]X volumeMounts:?[]VolumeMount volumeDevices:?[]X livenessProbe:?*Probe readinessProbe:?*Probe startupProbe:?*Probe lifecycle:?*Lifecycle terminationMessagePath:?s terminationMessagePolicy:?s imagePullPolicy:?s securityContext:?*SecurityContext stdin:?b stdinOnce:?b tty:?b',
  ContainerPort: 'name:?s hostPort:?i containerPort:i protocol:?s hostIP:?s',
  EnvVar: 'name:s value:?s valueFrom:?*EnvVarSource',
  EnvVarSource: 'fieldRef:?*ObjectFieldSelector resourceFieldRef:?*ResourceFieldSelector configMapKeyRef:?*ConfigMapKeySelector secretKeyRef:?*SecretKeySelector fileKeyRef:?*X',
  ObjectFieldSelector: 'apiVersion:?s fieldPath:s',
  ResourceFieldSelector: 'containerName:?s resource:s divisor:?Q',
  ConfigMapKeySelector: '...LocalObjectReference key:s optional:?*b',
  SecretKeySelector: '...LocalObjectReference key:s optional:?*b',
  LocalObjectReference: 'name:?s',
  EnvFromSource: 'prefix:?s configMapRef:?*ConfigMapEnvSource secretRef:?*SecretEnvSource',
  ConfigMapEnvSource: '...LocalObjectReference optional:?*b',
  SecretEnvSource: '...LocalObjectReference optional:?*b',
  Probe: '...ProbeHandler initialDelaySeconds:?i timeoutSeconds:?i periodSeconds:?i successThreshold:?i failureThreshold:?i terminationGracePeriodSeconds:?*i',
  ProbeHandler: 'exec:?*ExecAction httpGet:?*HTTPGetAction tcpSocket:?*TCPSocketAction grpc:?*GRPCAction',
  HTTPGetAction: 'path:?s port:X host:?s scheme:?s httpHeaders:?[]HTTPHeader',
  HTTPHeader: 'name:s value:s',
  TCPSocketAction: 'port:X host:?s',
  ExecAction: 'command:?[]s',
  GRPCAction: 'port:i service:*s',
  Lifecycle: 'postStart:?*LifecycleHandler preStop:?*LifecycleHandler stopSignal:?*s',
  LifecycleHandler: 'exec:?*ExecAction httpGet:?*HTTPGetAction tcpSocket:?*TCPSocketAction sleep:?*SleepAction',
  SleepAction: 'seconds:i',
  VolumeMount: 'name:s readOnly:?b recursiveReadOnly:?*s mountPath:s subPath:?s mountPropagation:?*s subPathExpr:?s',
  Volume: 'name:s ...VolumeSource',
  VolumeSource: 'hostPath:?*HostPathVolumeSource emptyDir:?*EmptyDirVolumeSource gcePersistentDisk:?*X awsElasticBlockStore:?*X gitRepo:?*X secret:?*SecretVolumeSource nfs:?*X iscsi:?*X glusterfs:?*X persistentVolumeClaim:?*PersistentVolumeClaimVolumeSource rbd:?*X flexVolume:?*X cinder:?*X cephfs:?*X flocker:?*X downwardAPI:?*DownwardAPIVolumeSource fc:?*X azureFile:?*X configMap:?*ConfigMapVolumeSource vsphereVolume:?*X quobyte:?*X azureDisk:?*X photonPersistentDisk:?*X projected:?*ProjectedVolumeSource portworxVolume:?*X scaleIO:?*X storageos:?*X csi:?*X ephemeral:?*X image:?*X',
  EmptyDirVolumeSource: 'medium:?s sizeLimit:?*Q',
  ConfigMapVolumeSource: '...LocalObjectReference items:?[]KeyToPath defaultMode:?*i optional:?*b',
  SecretVolumeSource: 'secretName:?s items:?[]KeyToPath defaultMode:?*i optional:?*b',
  KeyToPath: 'key:s path:s mode:?*i',
  ProjectedVolumeSource: 'sources:[]VolumeProjection defaultMode:?*i',
  VolumeProjection: 'secret:?*SecretProjection downwardAPI:?*DownwardAPIProjection configMap:?*ConfigMapProjection serviceAccountToken:?*ServiceAccountTokenProjection clusterTrustBundle:?*X podCertificate:?*X',
  ServiceAccountTokenProjection: 'audience:?s expirationSeconds:?*i path:s',
  ConfigMapProjection: '...LocalObjectReference items:?[]KeyToPath optional:?*b',
  SecretProjection: '...LocalObjectReference items:?[]KeyToPath optional:?*b',
  DownwardAPIProjection: 'items:?[]DownwardAPIVolumeFile',
  DownwardAPIVolumeSource: 'items:?[]DownwardAPIVolumeFile defaultMode:?*i',
  DownwardAPIVolumeFile: 'path:s fieldRef:?*ObjectFieldSelector resourceFieldRef:?*ResourceFieldSelector mode:?*i',
  PersistentVolumeClaimVolumeSource: 'claimName:s readOnly:?b',
  HostPathVolumeSource: 'path:s type:?*s',
  SecurityContext: 'capabilities:?*Capabilities privileged:?*b seLinuxOptions:?*X windowsOptions:?*X runAsUser:?*i runAsGroup:?*i runAsNonRoot:?*b readOnlyRootFilesystem:?*b allowPrivilegeEscalation:?*b procMount:?*s seccompProfile:?*SeccompProfile appArmorProfile:?*X',
  PodSecurityContext: 'seLinuxOptions:?*X windowsOptions:?*X runAsUser:?*i runAsGroup:?*i runAsNonRoot:?*b supplementalGroups:?[]i supplementalGroupsPolicy:?*s fsGroup:?*i sysctls:?[]X fsGroupChangePolicy:?*s seccompProfile:?*SeccompProfile appArmorProfile:?*X seLinuxChangePolicy:?*s',
  Capabilities: 'add:?[]s drop:?[]s',
  SeccompProfile: 'type:s localhostProfile:?*s',
  ResourceRequirements: 'limits:?R requests:?R claims:?[]X',
  Toleration: 'key:?s operator:?s value:?s effect:?s tolerationSeconds:?*i',
  PodStatus: 'observedGeneration:?i phase:?s conditions:?[]PodCondition message:?s reason:?s nominatedNodeName:?s hostIP:?s hostIPs:?[]HostIP podIP:?s podIPs:?[]PodIP startTime:?*T initContainerStatuses:?[]ContainerStatus containerStatuses:?[]ContainerStatus qosClass:?s ephemeralContainerStatuses:?[]ContainerStatus resize:?s resourceClaimStatuses:?[]X extendedResourceClaimStatus:?*X allocatedResources:?R resources:?*ResourceRequirements',
  ContainerStatus: 'name:s state:?ContainerState lastState:?ContainerState ready:b restartCount:i image:s imageID:s containerID:?s started:?*b allocatedResources:?R resources:?*ResourceRequirements volumeMounts:?[]VolumeMountStatus user:?*X allocatedResourcesStatus:?[]X stopSignal:?*s',
  ContainerState: 'waiting:?*ContainerStateWaiting running:?*ContainerStateRunning terminated:?*ContainerStateTerminated',
  ContainerStateRunning: 'startedAt:?T',
  ContainerStateTerminated: 'exitCode:i signal:?i reason:?s message:?s startedAt:?T finishedAt:?T containerID:?s',
  ContainerStateWaiting: 'reason:?s message:?s',
  PodCondition: 'type:s observedGeneration:?i status:s lastProbeTime:?T lastTransitionTime:?T reason:?s message:?s',
  PodIP: 'ip:s',
  HostIP: 'ip:s',
  VolumeMountStatus: 'name:s mountPath:s readOnly:?b recursiveReadOnly:?*s',
  DeploymentStatus: 'observedGeneration:?i replicas:?i updatedReplicas:?i readyReplicas:?i availableReplicas:?i unavailableReplicas:?i terminatingReplicas:?*i conditions:?[]DeploymentCondition collisionCount:?*i',
  DeploymentCondition: 'type:s status:s lastUpdateTime:?T lastTransitionTime:?T reason:?s message:?s',
  StatefulSetStatus: 'observedGeneration:?i replicas:i readyReplicas:?i currentReplicas:?i updatedReplicas:?i currentRevision:?s updateRevision:?s collisionCount:?*i conditions:?[]StatefulSetCondition availableReplicas:i',
  StatefulSetCondition: 'type:s status:s lastTransitionTime:?T reason:?s message:?s',
  DaemonSetStatus: 'currentNumberScheduled:i numberMisscheduled:i desiredNumberScheduled:i numberReady:i observedGeneration:?i updatedNumberScheduled:?i numberAvailable:?i numberUnavailable:?i collisionCount:?*i conditions:?[]DaemonSetCondition',
  DaemonSetCondition: 'type:s status:s lastTransitionTime:?T reason:?s message:?s',
  ReplicaSetStatus: 'replicas:i fullyLabeledReplicas:?i readyReplicas:?i availableReplicas:?i terminatingReplicas:?*i observedGeneration:?i conditions:?[]ReplicaSetCondition',
  ReplicaSetCondition: 'type:s status:s lastTransitionTime:?T reason:?s message:?s',
  ReplicationControllerStatus: 'replicas:i fullyLabeledReplicas:?i readyReplicas:?i availableReplicas:?i observedGeneration:?i conditions:?[]ReplicationControllerCondition',
  ReplicationControllerCondition: 'type:s status:s lastTransitionTime:?T reason:?s message:?s',
  JobStatus: 'conditions:?[]JobCondition startTime:?*T completionTime:?*T active:?i succeeded:?i failed:?i terminating:?*i completedIndexes:?s failedIndexes:?*s uncountedTerminatedPods:?*X ready:?*i',
  JobCondition: 'type:s status:s lastProbeTime:?T lastTransitionTime:?T reason:?s message:?s',
  CronJobStatus: 'active:?[]ObjectReference lastScheduleTime:?*T lastSuccessfulTime:?*T',
  NamespaceSpec: 'finalizers:?[]s',
  NamespaceStatus: 'phase:?s conditions:?[]NamespaceCondition',
  NamespaceCondition: 'type:s status:s lastTransitionTime:?T reason:?s message:?s',
  ServiceSpec: 'ports:?[]ServicePort selector:?M clusterIP:?s clusterIPs:?[]s type:?s externalIPs:?[]s sessionAffinity:?s loadBalancerIP:?s loadBalancerSourceRanges:?[]s externalName:?s externalTrafficPolicy:?s healthCheckNodePort:?i publishNotReadyAddresses:?b sessionAffinityConfig:?*X ipFamilies:?[]s ipFamilyPolicy:?*s allocateLoadBalancerNodePorts:?*b loadBalancerClass:?*s internalTrafficPolicy:?*s trafficDistribution:?*s',
  ServicePort: 'name:?s protocol:?s appProtocol:?*s port:i targetPort:?X nodePort:?i',
  ServiceStatus: 'loadBalancer:?LoadBalancerStatus conditions:?[]Condition',
  LoadBalancerStatus: 'ingress:?[]LoadBalancerIngress',
  LoadBalancerIngress: 'ip:?s hostname:?s ipMode:?*s ports:?[]PortStatus',
  PortStatus: 'port:i protocol:s error:?*s',
  Condition: 'type:s status:s observedGeneration:?i lastTransitionTime:T reason:s message:s',
  TypeMeta: 'kind:?s apiVersion:?s',
  ObjectReference: 'kind:?s namespace:?s name:?s uid:?s apiVersion:?s resourceVersion:?s fieldPath:?s',
};

interface FieldType {
  omitEmpty: boolean;
  pointer: boolean;
  slice: boolean;
  map: boolean;
  /** s, b, i, T, X, Q or a struct name of GO_TYPES; a map's values' type (Q for a ResourceList, '' for a map kept as it is). */
  base: string;
}

const parsedTypes = new Map<string, Map<string, FieldType>>();

/** A struct's fields, inline embeddings merged (parsed once). */
function structFields(name: string): Map<string, FieldType> {
  const cached = parsedTypes.get(name);
  if (cached) return cached;
  const fields = new Map<string, FieldType>();
  for (const entry of (GO_TYPES[name] ?? '').split(' ').filter(Boolean)) {
    if (entry.startsWith('...')) {
      for (const [key, type] of structFields(entry.slice(3))) fields.set(key, type);
      continue;
    }
    const [key, spec] = entry.split(':') as [string, string];
    // M and R stand alone (a struct's name may start with either letter).
    const match = /^(\?)?(\*)?(\[\])?(?:(M|R)$|(.*)$)/.exec(spec)!;
    fields.set(key, {omitEmpty: !!match[1], pointer: !!match[2], slice: !!match[3], map: !!match[4], base: match[4] === 'R' ? 'Q' : match[5] ?? ''});
  }
  parsedTypes.set(name, fields);
  return fields;
}

const isZeroScalar = (value: unknown): boolean => value === '' || value === 0 || value === false;

/** Whether a value holds a zero anywhere (what an opaque type could not say it keeps). */
function holdsZero(value: unknown): boolean {
  if (value === null || isZeroScalar(value)) return true;
  if (Array.isArray(value)) return value.length === 0 || value.some(holdsZero);
  if (isRecord(value)) return Object.keys(value).length === 0 || Object.values(value).some(holdsZero);
  return false;
}

const DROP = Symbol('dropped');

/** One field's value written back, or DROP when clarketm/json leaves it out. */
function field(value: unknown, type: FieldType, path: string): unknown {
  if (value === null || value === undefined) {
    if (type.omitEmpty) return DROP;
    if (type.pointer || type.slice || type.map) return null;
    throw new ModelGap(`${path} is null where its Go type holds a value that linkerd inject would write as its zero, which the model does not render`);
  }
  if (type.slice) {
    if (!Array.isArray(value)) throw new ModelGap(`${path} is not a list, which linkerd inject's Go type would refuse`);
    if (value.length === 0 && type.omitEmpty) return DROP;
    return value.map((item, i) => element(item, type.base, `${path}[${i}]`));
  }
  if (type.map) {
    if (isRecord(value) && Object.keys(value).length === 0 && type.omitEmpty) return DROP;
    if (type.base !== 'Q' || !isRecord(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, element(item, 'Q', `${path}.${key}`)]));
  }
  const written = element(value, type.base, path);
  if (type.pointer || !type.omitEmpty) return written;
  if (isRecord(written) && Object.keys(written).length === 0 && type.base in GO_TYPES) return DROP;
  return isZeroScalar(written) ? DROP : written;
}

/** A value of one Go type written back (a struct's zero fields as its tags say). */
function element(value: unknown, base: string, path: string): unknown {
  if (base in GO_TYPES) {
    if (!isRecord(value)) throw new ModelGap(`${path} is not an object, which linkerd inject's Go type would refuse`);
    const fields = structFields(base);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const type = fields.get(key);
      if (!type) throw new ModelGap(`${path}.${key} is not a field the model knows in ${base}, so what linkerd inject writes back for it is not modelled`);
      const written = field(item, type, `${path}.${key}`);
      if (written !== DROP) out[key] = written;
    }
    return out;
  }
  if (base === 'Q') return quantity(value, path);
  if (base === 'X' && holdsZero(value)) throw new ModelGap(`${path} holds a zero value in a type the model leaves opaque, so whether linkerd inject keeps it is not modelled`);
  return value;
}

/** A quantity as UnmarshalJSON reads it and MarshalJSON writes it back; one Go refuses is a gap (its error's wrapping is not modelled). */
function quantity(value: unknown, path: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new ModelGap(`${path} is neither a string nor a number, which a resource.Quantity refuses in words not modelled`);
  // A YAML integer beyond 2^53 has lost digits in JavaScript that Go would keep.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21) throw new ModelGap(`${path} is an integer too large to read exactly`);
  const written = canonicalQuantityJson(value);
  if (typeof written !== 'string') throw new ModelGap(`${path} (${String(value)}) is not a quantity: ${written.error}`);
  return written;
}

/** The kinds inject.go reads into a Go type (getFreshWorkloadObj): lower-case kind to the table's name. */
export const GO_TYPED_KINDS: Readonly<Record<string, string>> = {
  deployment: 'Deployment', replicationcontroller: 'ReplicationController', replicaset: 'ReplicaSet', job: 'Job', daemonset: 'DaemonSet',
  statefulset: 'StatefulSet', pod: 'Pod', namespace: 'Namespace', cronjob: 'CronJob', service: 'Service',
};

/** The object as linkerd inject writes it back through its Go type (getFilteredJSON); `kind` is pkg/k8s's lower-case kind, one of GO_TYPED_KINDS. */
export function throughGoType(kind: string, value: Record<string, unknown>): Record<string, unknown> {
  const type = GO_TYPED_KINDS[kind];
  if (!type) throw new Error(`${kind} is not a kind linkerd inject reads into a Go type`);
  return element(value, type, kind) as Record<string, unknown>;
}
