/**
 * `linkerd check` (linkerd2 version-2.20 cli/cmd/check.go configureAndRunChecks) answered from a
 * state's model: the categories pkg/healthcheck/healthcheck.go allCategories defines, in its order,
 * each check judged from the model's objects (namespaces, control-plane objects, pods and their
 * proxies) or from the facts the CLI learns elsewhere (cluster.linkerd: versions, certificates),
 * then the viz extension's checks (viz/pkg/healthcheck VizCategory, VizDataPlaneCategory) when a
 * namespace carries `linkerd.io/extension=viz` (check.go runExtensionChecks). Printed as
 * healthcheck_output.go runChecksTable prints: a category header underlined with dashes, `√`, `‼`
 * or `×` per check, the error and `see <hint> for hints` under a failed one, a blank line after each
 * checker run, and PrintChecksResult's `Status check results are √|×`. With `-o short`
 * (runChecksTable's prettyPrintResultsShort) only the failed checks print, under their categories,
 * and the run's blank line only when something failed or warned; with `-o json` (runChecksJSON) each
 * checker run is one CheckOutput object, the core's then each extension's (check_extensions.go runs
 * the extension with `--output=json` and prints its results in the format asked), and no result line.
 *
 * A failed fatal check ends its run (HealthChecker.RunChecks); checks that return SkipError
 * (CNI when not installed, HA on a non-HA install) print nothing.
 */
import {field, ModelGap, type ModelObject, type StateModel} from './model';
import {goStructJsonIndent} from './output';
import {
  annotationsOf, CONTROL_PLANE_NAMESPACE, CONTROLLER_NS_LABEL, EXTENSION_LABEL, hasProxy, has, labelsOf,
  linkerdState, objectsOf, podPhase, proxyReady, type LinkerdState,
} from './linkerd-model';
import {findLinkerdConfigValues, valuesScalar} from './linkerd-values';

export interface CheckRequest {
  pre: boolean;
  proxy: boolean;
  crds: boolean;
  /** --namespace for the data-plane checks; '' for all namespaces. */
  namespace: string;
  /** -o: table (the default), short or json. */
  output?: CheckOutputFormat;
}

export type CheckOutputFormat = 'table' | 'short' | 'json';

type Outcome = {ok: true} | {ok: false; error: string} | {skip: true};
const ok: Outcome = {ok: true};
const fail = (error: string): Outcome => ({ok: false, error});
const SKIP: Outcome = {skip: true};

interface Checker {
  description: string;
  hintAnchor: string;
  fatal?: boolean;
  warning?: boolean;
  check: (context: CheckContext) => Outcome;
}

interface CheckContext {
  state: LinkerdState;
  request: CheckRequest;
  now: number;
}

interface Category {
  id: string;
  checkers: Checker[];
}

/** healthcheck.HintBaseURL: `stable-X.Y.` versions link to their own docs, others to /2/. */
export function hintBaseUrl(version: string): string {
  const stable = /stable-(\d\.\d+)\./.exec(version);
  return stable ? `https://linkerd.io/${stable[1]}/checks/#` : 'https://linkerd.io/2/checks/#';
}

const DAY = 24 * 60 * 60 * 1000;

/** When a certificate of cluster.linkerd.certificates expires. */
function notAfter(context: CheckContext, name: string): number {
  const text = context.state.facts.certificates[name];
  if (text === undefined) throw new ModelGap(`the model does not say when the ${name} certificate expires (cluster.linkerd.certificates.${name})`);
  return Date.parse(text);
}

/** issuercerts CheckCertValidityPeriod / CheckExpiringSoon, with the wording of healthcheck.go's callers. */
const withinValidity = (context: CheckContext, name: string, what: string): Outcome =>
  notAfter(context, name) < context.now ? fail(`${what} not valid anymore. Expired on ${new Date(notAfter(context, name)).toISOString().replace('.000Z', 'Z')}`) : ok;
const notExpiringSoon = (context: CheckContext, name: string, what: string): Outcome =>
  notAfter(context, name) - context.now < 60 * DAY ? fail(`${what} will expire on ${new Date(notAfter(context, name)).toISOString().replace('.000Z', 'Z')}`) : ok;

/** checkResources: `missing <resources>: a, b` for the expected names the model lacks. */
function missing(model: StateModel, group: string, kind: string, namespace: string, names: readonly string[], resourceName: string): Outcome {
  const absent = names.filter((name) => !has(model, group, kind, namespace, name)).sort();
  return absent.length > 0 ? fail(`missing ${resourceName}: ${absent.join(', ')}`) : ok;
}

/** The CRDs `linkerd install --crds` applies (../shared/reference/linkerd-2.20/crds.yaml), without the Gateway API's. */
export const LINKERD_CRDS = [
  'authorizationpolicies.policy.linkerd.io', 'egressnetworks.policy.linkerd.io', 'externalworkloads.workload.linkerd.io',
  'httplocalratelimitpolicies.policy.linkerd.io', 'httproutes.policy.linkerd.io', 'meshtlsauthentications.policy.linkerd.io',
  'networkauthentications.policy.linkerd.io', 'serverauthorizations.policy.linkerd.io', 'servers.policy.linkerd.io', 'serviceprofiles.linkerd.io',
];

/** CheckCustomResourceDefinitions: `missing NAME` for each, joined by `, `. */
function crdsExist(model: StateModel): Outcome {
  const absent = LINKERD_CRDS.filter((name) => !has(model, 'apiextensions.k8s.io', 'CustomResourceDefinition', '', name));
  return absent.length > 0 ? fail(absent.map((name) => `missing ${name}`).join(', ')) : ok;
}

const namespaceExists = (model: StateModel, name: string): boolean => has(model, '', 'Namespace', '', name);

/** hc.CheckNamespace. */
const checkNamespace = (model: StateModel, name: string, shouldExist: boolean): Outcome => {
  const exists = namespaceExists(model, name);
  if (shouldExist && !exists) return fail(`The "${name}" namespace does not exist`);
  if (!shouldExist && exists) return fail(`The "${name}" namespace already exists`);
  return ok;
};

/** The proxy's version, as the injector records it on the pod (k8s.ProxyVersionAnnotation). */
const proxyVersion = (pod: ModelObject): string | undefined => annotationsOf(pod)['linkerd.io/proxy-version'];

/** Channels.Match: the latest version of the actual version's channel must be the actual version. */
function matchLatest(context: CheckContext, actual: string): Outcome {
  const latest = context.state.facts.latestVersions;
  if (!latest || latest.length === 0) return fail('unable to determine version channel');
  const channel = actual.split('-')[0];
  const known = latest.find((version) => version.split('-')[0] === channel);
  if (!known) return fail(`unsupported version channel: ${actual}`);
  return known === actual ? ok : fail(`is running version ${actual.split('-').slice(1).join('-')} but the latest ${channel} version is ${known.split('-').slice(1).join('-')}`);
}

/** CheckProxyVersionsUpToDate over pods with a proxy. */
function proxiesUpToDate(context: CheckContext, pods: readonly ModelObject[]): Outcome {
  const outdated = pods.filter(hasProxy).filter((pod) => {
    const version = proxyVersion(pod);
    return version !== undefined && matchLatest(context, version) !== ok;
  });
  return outdated.length > 0 ? fail(`some proxies are not running the current version:\n\t* ${outdated.map((pod) => `${pod.name} (${proxyVersion(pod)})`).join('\n\t* ')}`) : ok;
}

/** CheckIfProxyVersionsMatchWithCLI. */
function proxiesMatchCli(context: CheckContext, pods: readonly ModelObject[]): Outcome {
  const cli = context.state.facts.cliVersion;
  const other = pods.filter(hasProxy).find((pod) => proxyVersion(pod) !== undefined && proxyVersion(pod) !== cli);
  return other ? fail(`${other.name} running ${proxyVersion(other)} but cli running ${cli}`) : ok;
}

/** k8s.GetPodStatus, as far as a model's pod says: its phase. */
const podStatus = (pod: ModelObject): string => podPhase(pod);

/** CheckPodsRunning: every data-plane pod running with its proxy ready. */
function podsRunning(pods: readonly ModelObject[], namespace: string): Outcome {
  if (pods.length === 0) return fail(`no "linkerd-proxy" containers found${namespace ? ` in the "${namespace}" namespace` : ''}`);
  for (const pod of pods) {
    const status = podStatus(pod);
    if (['Completed', 'NodeShutdown', 'Shutdown', 'Terminated'].includes(status)) continue;
    if (status !== 'Running' && status !== 'Evicted') return fail(`pod "${pod.name}" status is ${status}`);
    if (!proxyReady(pod)) return fail(`container "linkerd-proxy" in pod "${pod.name}" is not ready`);
  }
  return ok;
}

const controlPlanePods = (model: StateModel): ModelObject[] => objectsOf(model, '', 'Pod', CONTROL_PLANE_NAMESPACE);

/** validateControlPlanePods: a pod of each component with all its containers ready. */
function controlPlaneReady(model: StateModel): Outcome {
  for (const name of ['destination', 'identity', 'proxy-injector']) {
    const pods = controlPlanePods(model).filter((pod) => labelsOf(pod)['linkerd.io/control-plane-component'] === name && podPhase(pod) === 'Running');
    if (pods.length === 0) return fail(`No running pods for "linkerd-${name}"`);
    let error: string | undefined;
    const ready = pods.some((pod) => {
      const statuses = (field(pod.value, 'status', 'containerStatuses') as unknown[] | undefined) ?? [];
      const notReady = statuses.find((s) => (s as {ready?: boolean}).ready !== true) as {name?: string} | undefined;
      if (notReady) error = `pod/${pod.name} container ${notReady.name} is not ready`;
      return !notReady;
    });
    if (!ready) return fail(error!);
  }
  return ok;
}

/** Linkerd's default clusterNetworks (values.yaml), which every IP of the cluster must be in. */
const CLUSTER_NETWORKS = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'];

function inNetworks(ip: string): boolean {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return ip.includes(':') && /^fd/i.test(ip);
  const value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  return CLUSTER_NETWORKS.filter((cidr) => !cidr.includes(':')).some((cidr) => {
    const [base, bits] = cidr.split('/');
    const b = base!.split('.').map(Number);
    const baseValue = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
    const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return ((value & mask) >>> 0) === ((baseValue & mask) >>> 0);
  });
}

/** checkClusterNetworksContainAllPods / ...AllServices: the first address outside them. */
function networksContain(model: StateModel, kind: 'Pod' | 'Service'): Outcome {
  for (const object of objectsOf(model, '', kind)) {
    const ip = kind === 'Pod' ? field(object.value, 'status', 'podIP') : field(object.value, 'spec', 'clusterIP');
    if (typeof ip !== 'string' || ip === 'None' || ip === '' || field(object.value, 'spec', 'hostNetwork') === true) continue;
    if (!inNetworks(ip)) {
      return fail(kind === 'Pod'
        ? `the Linkerd clusterNetworks [${CLUSTER_NETWORKS.join(',')}] do not include pod ${object.namespace}/${object.name} (${ip})`
        : `the Linkerd clusterNetworks [${CLUSTER_NETWORKS.join(',')}] do not include svc ${object.namespace}/${object.name} (${ip})`);
    }
  }
  return ok;
}

/** GetServerVersion: linkerd-config's values, `linkerdVersion`. */
function serverVersion(model: StateModel): string | undefined {
  const values = findLinkerdConfigValues(model);
  return values === undefined ? undefined : valuesScalar(values, ['linkerdVersion']);
}

/** GetDataPlanePods: the pods labelled with the control plane's namespace, in the --namespace or everywhere. */
const dataPlanePods = (context: CheckContext): ModelObject[] =>
  objectsOf(context.state.model, '', 'Pod', context.request.namespace || undefined).filter((pod) => labelsOf(pod)[CONTROLLER_NS_LABEL] === CONTROL_PLANE_NAMESPACE);

function coreCategories(): Category[] {
  return [
    {id: 'kubernetes-api', checkers: [
      {description: 'can initialize the client', hintAnchor: 'k8s-api', fatal: true, check: () => ok},
      {description: 'can query the Kubernetes API', hintAnchor: 'k8s-api', fatal: true, check: () => ok},
    ]},
    // The sessions' clusters run Kubernetes 1.33, above the minimum (healthcheck.go MinimumK8sVersion).
    {id: 'kubernetes-version', checkers: [{description: 'is running the minimum Kubernetes API version', hintAnchor: 'k8s-version', check: () => ok}]},
    {id: 'pre-kubernetes-setup', checkers: [
      {description: 'control plane namespace does not already exist', hintAnchor: 'pre-ns', check: ({state}) => checkNamespace(state.model, CONTROL_PLANE_NAMESPACE, false)},
      // The sessions' kubeconfig is kind's cluster-admin: every SelfSubjectAccessReview allows.
      ...['can create non-namespaced resources', 'can create ServiceAccounts', 'can create Services', 'can create Deployments', 'can create CronJobs', 'can create ConfigMaps', 'can create Secrets', 'can read Secrets', 'can read extension-apiserver-authentication configmap']
        .map((description, i): Checker => ({description, hintAnchor: i === 0 ? 'pre-k8s-cluster-k8s' : 'pre-k8s', fatal: true, check: () => ok})),
      // One node whose clock is the state's: nothing to skew against.
      {description: 'no clock skew detected', hintAnchor: 'pre-k8s-clock-skew', warning: true, check: () => ok},
    ]},
    {id: 'linkerd-crd', checkers: [{description: 'control plane CustomResourceDefinitions exist', hintAnchor: 'l5d-existence-crd', fatal: true, check: ({state}) => crdsExist(state.model)}]},
    {id: 'linkerd-existence', checkers: [
      {description: "'linkerd-config' config map exists", hintAnchor: 'l5d-existence-linkerd-config', fatal: true,
        check: ({state}) => (has(state.model, '', 'ConfigMap', CONTROL_PLANE_NAMESPACE, 'linkerd-config') ? ok : fail('configmaps "linkerd-config" not found'))},
      {description: 'heartbeat ServiceAccount exist', hintAnchor: 'l5d-existence-sa', fatal: true,
        check: ({state}) => missing(state.model, '', 'ServiceAccount', CONTROL_PLANE_NAMESPACE, ['linkerd-heartbeat'], 'ServiceAccounts')},
      {description: 'control plane replica sets are ready', hintAnchor: 'l5d-existence-replicasets', fatal: true, check: ({state}) => replicaSetsReady(state.model)},
      {description: 'no unschedulable pods', hintAnchor: 'l5d-existence-unschedulable-pods', warning: true,
        check: ({state}) => {
          const pending = controlPlanePods(state.model).find((pod) => podPhase(pod) === 'Pending');
          return pending ? fail(`${pending.name}: pod is unschedulable`) : ok;
        }},
      {description: 'control plane pods are ready', hintAnchor: 'l5d-api-control-ready', fatal: true, check: ({state}) => controlPlaneReady(state.model)},
      // The model holds no Node: ranging over none finds no podCIDR outside the networks.
      {description: 'cluster networks contains all node podCIDRs', hintAnchor: 'l5d-cluster-networks-cidr', check: () => ok},
      {description: 'cluster networks contains all pods', hintAnchor: 'l5d-cluster-networks-pods', check: ({state}) => networksContain(state.model, 'Pod')},
      {description: 'cluster networks contains all services', hintAnchor: 'l5d-cluster-networks-pods', check: ({state}) => networksContain(state.model, 'Service')},
    ]},
    {id: 'linkerd-config', checkers: [
      {description: 'control plane Namespace exists', hintAnchor: 'l5d-existence-ns', fatal: true, check: ({state}) => checkNamespace(state.model, CONTROL_PLANE_NAMESPACE, true)},
      {description: 'control plane ClusterRoles exist', hintAnchor: 'l5d-existence-cr', fatal: true,
        check: ({state}) => missing(state.model, 'rbac.authorization.k8s.io', 'ClusterRole', '', ['linkerd-linkerd-identity', 'linkerd-linkerd-proxy-injector'], 'ClusterRoles')},
      {description: 'control plane ClusterRoleBindings exist', hintAnchor: 'l5d-existence-crb', fatal: true,
        check: ({state}) => missing(state.model, 'rbac.authorization.k8s.io', 'ClusterRoleBinding', '', ['linkerd-linkerd-identity', 'linkerd-linkerd-proxy-injector'], 'ClusterRoleBindings')},
      {description: 'control plane ServiceAccounts exist', hintAnchor: 'l5d-existence-sa', fatal: true,
        check: ({state}) => missing(state.model, '', 'ServiceAccount', CONTROL_PLANE_NAMESPACE, ['linkerd-destination', 'linkerd-identity', 'linkerd-proxy-injector'], 'ServiceAccounts')},
      {description: 'control plane CustomResourceDefinitions exist', hintAnchor: 'l5d-existence-crd', fatal: true, check: ({state}) => crdsExist(state.model)},
      {description: 'control plane MutatingWebhookConfigurations exist', hintAnchor: 'l5d-existence-mwc', fatal: true,
        check: ({state}) => missing(state.model, 'admissionregistration.k8s.io', 'MutatingWebhookConfiguration', '', ['linkerd-proxy-injector-webhook-config'], 'MutatingWebhookConfigurations')},
      {description: 'control plane ValidatingWebhookConfigurations exist', hintAnchor: 'l5d-existence-vwc', fatal: true,
        check: ({state}) => missing(state.model, 'admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', '', ['linkerd-policy-validator-webhook-config', 'linkerd-sp-validator-webhook-config'], 'ValidatingWebhookConfigurations')},
      // CheckNodesHaveNonDockerRuntime ranges over the nodes; the model holds none (kind runs containerd).
      {description: 'proxy-init container runs as root user if docker container runtime is used', hintAnchor: 'l5d-proxy-init-run-as-root', check: () => ok},
    ]},
    // Not enabled without --linkerd-cni-enabled / a CNI install: every checker returns SkipError.
    {id: 'linkerd-cni-plugin', checkers: [{description: 'cni plugin ConfigMap exists', hintAnchor: 'cni-plugin-cm-exists', fatal: true, check: () => SKIP}]},
    {id: 'linkerd-identity', checkers: [
      {description: 'certificate config is valid', hintAnchor: 'l5d-identity-cert-config-valid', fatal: true,
        check: ({state}) => (has(state.model, '', 'Secret', CONTROL_PLANE_NAMESPACE, 'linkerd-identity-issuer') ? ok : fail('secrets "linkerd-identity-issuer" not found'))},
      {description: 'trust anchors are using supported crypto algorithm', hintAnchor: 'l5d-identity-trustAnchors-use-supported-crypto', fatal: true, check: () => ok},
      {description: 'trust anchors are within their validity period', hintAnchor: 'l5d-identity-trustAnchors-are-time-valid', fatal: true,
        check: (c) => (notAfter(c, 'trustAnchor') < c.now ? fail('Invalid anchors:\n\t* 1 identity.linkerd.cluster.local not valid anymore') : ok)},
      {description: 'trust anchors are valid for at least 60 days', hintAnchor: 'l5d-identity-trustAnchors-not-expiring-soon', warning: true,
        check: (c) => (notAfter(c, 'trustAnchor') - c.now < 60 * DAY ? fail('Anchors expiring soon:\n\t* 1 identity.linkerd.cluster.local will expire soon') : ok)},
      {description: 'issuer cert is using supported crypto algorithm', hintAnchor: 'l5d-identity-issuer-cert-uses-supported-crypto', fatal: true, check: () => ok},
      {description: 'issuer cert is within its validity period', hintAnchor: 'l5d-identity-issuer-cert-is-time-valid', fatal: true, check: (c) => withinValidity(c, 'issuer', 'issuer certificate is')},
      {description: 'issuer cert is valid for at least 60 days', hintAnchor: 'l5d-identity-issuer-cert-not-expiring-soon', warning: true, check: (c) => notExpiringSoon(c, 'issuer', 'issuer certificate')},
      {description: 'issuer cert is issued by the trust anchor', hintAnchor: 'l5d-identity-issuer-cert-issued-by-trust-anchor', check: () => ok},
    ]},
    {id: 'linkerd-webhooks-and-apisvc-tls', checkers: [
      ...webhookCheckers('proxy-injector', 'proxyInjector'),
      ...webhookCheckers('sp-validator', 'spValidator'),
      ...webhookCheckers('policy-validator', 'policyValidator'),
    ]},
    {id: 'linkerd-identity-data-plane', checkers: [{description: 'data plane proxies certificate match CA', hintAnchor: 'l5d-identity-data-plane-proxies-certs-match-ca', warning: true, check: () => ok}]},
    {id: 'linkerd-version', checkers: [
      {description: 'can determine the latest version', hintAnchor: 'l5d-version-latest', warning: true,
        check: (c) => (c.state.facts.latestVersions ? ok : fail('failed to resolve version check server: https://versioncheck.linkerd.io/version.json'))},
      {description: 'cli is up-to-date', hintAnchor: 'l5d-version-cli', warning: true, check: (c) => matchLatest(c, c.state.facts.cliVersion)},
    ]},
    {id: 'control-plane-version', checkers: [
      {description: 'can retrieve the control plane version', hintAnchor: 'l5d-version-control', fatal: true,
        check: ({state}) => (serverVersion(state.model) ? ok : fail('configmaps "linkerd-config" not found'))},
      {description: 'control plane is up-to-date', hintAnchor: 'l5d-version-control', warning: true, check: (c) => matchLatest(c, serverVersion(c.state.model) ?? '')},
      {description: 'control plane and cli versions match', hintAnchor: 'l5d-version-control', warning: true,
        check: (c) => (serverVersion(c.state.model) === c.state.facts.cliVersion ? ok : fail(`control plane running ${serverVersion(c.state.model)} but cli running ${c.state.facts.cliVersion}`))},
    ]},
    {id: 'linkerd-control-plane-proxy', checkers: [
      {description: 'control plane proxies are healthy', hintAnchor: 'l5d-cp-proxy-healthy', fatal: true,
        check: ({state}) => {
          const unhealthy = controlPlanePods(state.model).find((pod) => hasProxy(pod) && !proxyReady(pod));
          return unhealthy ? fail(`container "linkerd-proxy" in pod "${unhealthy.name}" is not ready`) : ok;
        }},
      {description: 'control plane proxies are up-to-date', hintAnchor: 'l5d-cp-proxy-version', warning: true, check: (c) => proxiesUpToDate(c, controlPlanePods(c.state.model))},
      {description: 'control plane proxies and cli versions match', hintAnchor: 'l5d-cp-proxy-cli-version', warning: true, check: (c) => proxiesMatchCli(c, controlPlanePods(c.state.model))},
    ]},
    {id: 'linkerd-data-plane', checkers: [
      {description: 'data plane namespace exists', hintAnchor: 'l5d-data-plane-exists', fatal: true, check: (c) => (c.request.namespace === '' ? ok : checkNamespace(c.state.model, c.request.namespace, true))},
      {description: 'data plane proxies are ready', hintAnchor: 'l5d-data-plane-ready', fatal: true, check: (c) => podsRunning(dataPlanePods(c), c.request.namespace)},
      {description: 'data plane is up-to-date', hintAnchor: 'l5d-data-plane-version', warning: true, check: (c) => proxiesUpToDate(c, dataPlanePods(c))},
      {description: 'data plane and cli versions match', hintAnchor: 'l5d-data-plane-cli-version', warning: true, check: (c) => proxiesMatchCli(c, dataPlanePods(c))},
      // The labels and annotations these read are the injector's own: the sessions' workloads set none by hand.
      {description: 'data plane pod labels are configured correctly', hintAnchor: 'l5d-data-plane-pod-labels', warning: true, check: () => ok},
      {description: 'data plane service labels are configured correctly', hintAnchor: 'l5d-data-plane-services-labels', warning: true, check: () => ok},
      {description: 'data plane service annotations are configured correctly', hintAnchor: 'l5d-data-plane-services-annotations', warning: true, check: () => ok},
      {description: 'opaque ports are properly annotated', hintAnchor: 'linkerd-opaque-ports-definition', warning: true, check: () => ok},
    ]},
    // isHA() is false for a default install: SkipError{"not run for non HA installs"}.
    {id: 'linkerd-ha-checks', checkers: [{description: 'multiple replicas of control plane pods', hintAnchor: 'l5d-control-plane-replicas', warning: true, check: () => SKIP}]},
    {id: 'linkerd-extension-checks', checkers: [{description: 'namespace configuration for extensions', hintAnchor: 'l5d-extension-namespaces', warning: true, check: () => ok}]},
  ];
}

/** The two checks healthcheck.go runs for each webhook's certificate. */
function webhookCheckers(name: string, certificate: string): Checker[] {
  return [
    {description: `${name} webhook has valid cert`, hintAnchor: `l5d-${name}-webhook-cert-valid`, fatal: true, check: (c) => withinValidity(c, certificate, 'certificate is')},
    {description: `${name} cert is valid for at least 60 days`, hintAnchor: `l5d-${name}-webhook-cert-not-expiring-soon`, warning: true, check: (c) => notExpiringSoon(c, certificate, 'certificate')},
  ];
}

/** checkControlPlaneReplicaSets: each control-plane Deployment's rollout has its replicas available. */
function replicaSetsReady(model: StateModel): Outcome {
  for (const deployment of objectsOf(model, 'apps', 'Deployment', CONTROL_PLANE_NAMESPACE)) {
    const wanted = field(deployment.value, 'spec', 'replicas') ?? 1;
    const available = field(deployment.value, 'status', 'availableReplicas') ?? 0;
    if (available !== wanted) return fail(`${deployment.name} not ready`);
  }
  return ok;
}

/** cli/cmd/check.go: which categories one `linkerd check` enables. */
function enabledCategories(request: CheckRequest): string[] {
  const ids = ['kubernetes-api', 'kubernetes-version', 'linkerd-version'];
  if (request.pre) return [...ids, 'pre-kubernetes-setup'];
  if (request.crds) return [...ids, 'linkerd-crd'];
  ids.push('linkerd-config', 'linkerd-existence', 'linkerd-identity', 'linkerd-webhooks-and-apisvc-tls', 'linkerd-control-plane-proxy');
  if (request.proxy) ids.push('linkerd-data-plane', 'linkerd-identity-data-plane', 'linkerd-opaque-ports-definition');
  else ids.push('control-plane-version', 'linkerd-extension-checks');
  return [...ids, 'linkerd-cni-plugin', 'linkerd-ha-checks'];
}

export interface CheckResult {
  category: string;
  description: string;
  error?: string;
  warning: boolean;
  hint: string;
}

/** HealthChecker.RunChecks over enabled categories in allCategories' order: stops at a failed fatal check. */
function runCategories(categories: readonly Category[], context: CheckContext, hintBase: string): CheckRun {
  const results: CheckResult[] = [];
  let success = true;
  let warning = false;
  for (const category of categories) {
    for (const checker of category.checkers) {
      const outcome = checker.check(context);
      if ('skip' in outcome) continue;
      const error = outcome.ok ? undefined : outcome.error;
      results.push({category: category.id, description: checker.description, warning: checker.warning === true, hint: hintBase + checker.hintAnchor, ...(error === undefined ? {} : {error})});
      if (error !== undefined) {
        if (!checker.warning) success = false;
        else warning = true;
        if (checker.fatal) return {results, success, warning};
      }
    }
  }
  return {results, success, warning};
}

/** One checker run's results and CheckResults.RunChecks' verdicts: success (no failed error), warning (a failed warning). */
export interface CheckRun {
  results: CheckResult[];
  success: boolean;
  warning: boolean;
}

/** viz check (viz/cmd/check.go): VizCategory(true), and VizDataPlaneCategory with --proxy. */
function vizCategories(vizNamespace: string): Category[] {
  const vizPods = (c: CheckContext): ModelObject[] => objectsOf(c.state.model, '', 'Pod', vizNamespace);
  return [{id: 'linkerd-viz', checkers: [
    {description: 'linkerd-viz Namespace exists', hintAnchor: 'l5d-viz-ns-exists', fatal: true, check: () => ok},
    {description: 'can initialize the client', hintAnchor: 'l5d-viz-existence-client', fatal: true, check: () => ok},
    {description: 'linkerd-viz ClusterRoles exist', hintAnchor: 'l5d-viz-cr-exists', fatal: true,
      check: ({state}) => missing(state.model, 'rbac.authorization.k8s.io', 'ClusterRole', '', [`linkerd-${vizNamespace}-metrics-api`, `linkerd-${vizNamespace}-prometheus`, `linkerd-${vizNamespace}-tap`, `linkerd-${vizNamespace}-tap-admin`, `linkerd-${vizNamespace}-web-check`], 'ClusterRoles')},
    {description: 'linkerd-viz ClusterRoleBindings exist', hintAnchor: 'l5d-viz-crb-exists', fatal: true,
      check: ({state}) => missing(state.model, 'rbac.authorization.k8s.io', 'ClusterRoleBinding', '', [`linkerd-${vizNamespace}-metrics-api`, `linkerd-${vizNamespace}-prometheus`, `linkerd-${vizNamespace}-tap`, `linkerd-${vizNamespace}-tap-auth-delegator`, `linkerd-${vizNamespace}-web-admin`, `linkerd-${vizNamespace}-web-check`], 'ClusterRoleBindings')},
    {description: 'tap API server has valid cert', hintAnchor: 'l5d-tap-cert-valid', fatal: true, check: (c) => withinValidity(c, 'tap', 'certificate is')},
    {description: 'tap API server cert is valid for at least 60 days', hintAnchor: 'l5d-tap-cert-not-expiring-soon', warning: true, check: (c) => notExpiringSoon(c, 'tap', 'certificate')},
    {description: 'tap API service is running', hintAnchor: 'l5d-tap-api', warning: true, check: (c) => podsUp(vizPods(c).filter((pod) => labelsOf(pod).component === 'tap'), 'tap')},
    {description: 'linkerd-viz pods are injected', hintAnchor: 'l5d-viz-pods-injection', warning: true,
      check: (c) => {
        const bare = vizPods(c).filter((pod) => !hasProxy(pod)).map((pod) => pod.name);
        return bare.length > 0 ? fail(`Could not find proxy container for ${bare.join(', ')} pod(s)`) : ok;
      }},
    {description: 'viz extension pods are running', hintAnchor: 'l5d-viz-pods-running', warning: true, check: (c) => podsUp(vizPods(c), 'viz')},
    {description: 'viz extension proxies are healthy', hintAnchor: 'l5d-viz-proxy-healthy', warning: true,
      check: (c) => {
        const unhealthy = vizPods(c).find((pod) => hasProxy(pod) && !proxyReady(pod));
        return unhealthy ? fail(`container "linkerd-proxy" in pod "${unhealthy.name}" is not ready`) : ok;
      }},
    {description: 'viz extension proxies are up-to-date', hintAnchor: 'l5d-viz-proxy-cp-version', warning: true, check: (c) => proxiesUpToDate(c, vizPods(c))},
    {description: 'viz extension proxies and cli versions match', hintAnchor: 'l5d-viz-proxy-cli-version', warning: true, check: (c) => proxiesMatchCli(c, vizPods(c))},
    {description: 'prometheus is installed and configured correctly', hintAnchor: 'l5d-viz-prometheus', warning: true,
      check: (c) => (vizPods(c).some((pod) => labelsOf(pod).component === 'prometheus') ? ok : fail('No running pods for "prometheus"'))},
    {description: 'viz extension self-check', hintAnchor: 'l5d-viz-metrics-api', fatal: true, check: () => ok},
  ]}];
}

const vizDataPlane: Category = {id: 'linkerd-viz-data-plane', checkers: [
  {description: 'data plane namespace exists', hintAnchor: 'l5d-data-plane-exists', fatal: true, check: (c) => (c.request.namespace === '' ? ok : checkNamespace(c.state.model, c.request.namespace, true))},
  {description: 'prometheus is authorized to scrape data plane pods', hintAnchor: 'l5d-viz-data-plane-prom-authz', warning: true, check: () => ok},
  // validateDataPlanePodReporting: Prometheus has scraped every running meshed pod of the state.
  {description: 'data plane proxy metrics are present in Prometheus', hintAnchor: 'l5d-data-plane-prom', warning: true,
    check: (c) => {
      const absent = dataPlanePods(c).filter((pod) => !(podPhase(pod) === 'Running' && proxyReady(pod))).map((pod) => pod.name);
      return absent.length > 0 ? fail(`Data plane metrics not found for ${absent.join(', ')}.`) : ok;
    }},
]};

/** healthcheck.CheckForPods-like: every pod of the set Running. */
function podsUp(pods: readonly ModelObject[], what: string): Outcome {
  if (pods.length === 0) return fail(`No running pods for "${what}"`);
  const down = pods.find((pod) => podPhase(pod) !== 'Running');
  return down ? fail(`pod "${down.name}" status is ${podPhase(down)}`) : ok;
}

/** runChecksTable's lines for one checker run: categories, results, then Fprintln's blank line; `short` prints failed checks only. */
export function printCheckResults(results: readonly CheckResult[], format: 'table' | 'short' = 'table', run: {success: boolean; warning: boolean} = {success: true, warning: false}): string {
  let text = '';
  let last = '';
  for (const result of results) {
    if (format === 'short' && result.error === undefined) continue;
    if (result.category !== last) {
      if (last !== '') text += '\n';
      text += `${result.category}\n${'-'.repeat(result.category.length)}\n`;
      last = result.category;
    }
    text += `${result.error === undefined ? '\u221A' : result.warning ? '\u203C' : '\u00D7'} ${result.description}\n`;
    if (result.error !== undefined) text += `    ${result.error}\n    see ${result.hint} for hints\n`;
  }
  return format !== 'short' || !run.success || run.warning ? `${text}\n` : text;
}

/** runChecksJSON: CheckOutput marshalled with two-space indents, categories in the order they ran, hint and error only for a failed check. */
export function printCheckJson(run: Pick<CheckRun, 'results' | 'success'>): string {
  const categories: {categoryName: string; checks: Record<string, string>[]}[] = [];
  for (const result of run.results) {
    if (categories.at(-1)?.categoryName !== result.category) categories.push({categoryName: result.category, checks: []});
    const failed = result.error !== undefined;
    categories.at(-1)!.checks.push({
      description: result.description,
      ...(failed && result.hint ? {hint: result.hint} : {}),
      ...(failed ? {error: result.error!} : {}),
      result: failed ? (result.warning ? 'warning' : 'error') : 'success',
    });
  }
  // A nil slice when nothing ran: encoding/json writes null.
  return `${goStructJsonIndent({success: run.success, categories: categories.length > 0 ? categories : null}, '  ')}\n`;
}

/** One checker run printed in the format asked. */
const printRun = (run: CheckRun, format: CheckOutputFormat): string =>
  format === 'json' ? printCheckJson(run) : printCheckResults(run.results, format, run);

export function printLinkerdCheck(request: CheckRequest, model: StateModel): string {
  const state = linkerdState(model);
  if (model.now === undefined) throw new ModelGap('the session gives this state no clock (cluster.now): certificate validity cannot be judged');
  const context: CheckContext = {state, request, now: model.now};
  const hintBase = hintBaseUrl(state.facts.cliVersion);
  const enabled = new Set(enabledCategories(request));
  const format = request.output ?? 'table';
  const core = runCategories(coreCategories().filter((category) => enabled.has(category.id)), context, hintBase);
  let text = printRun(core, format);
  let success = core.success;
  if (!request.pre && !request.crds) {
    // runExtensionChecks: namespaces labelled with an extension, each extension's own check.
    const viz = objectsOf(model, '', 'Namespace').find((namespace) => labelsOf(namespace)[EXTENSION_LABEL] === 'viz');
    if (viz) {
      const extension = runCategories([...vizCategories(viz.name), ...(request.proxy ? [vizDataPlane] : [])], context, hintBase);
      text += printRun(extension, format);
      success &&= extension.success;
    }
  }
  // PrintChecksResult prints nothing for json.
  return format === 'json' ? text : `${text}Status check results are ${success ? '\u221A' : '\u00D7'}\n`;
}
