/**
 * The linkerd 2.20 CLI's commands the terminal answers, as cobra knows them (use line, Long, Example,
 * flags with their pflag types and defaults), for their -h/--help text and the usage cobra prints
 * after an error (./cobra.ts). From linkerd2 version-2.20: cli/cmd/root.go (persistent flags),
 * cli/cmd/check.go, cli/cmd/inject.go with cli/cmd/options.go makeProxyFlags and makeInjectFlags,
 * cli/cmd/policy.go, viz/cmd/root.go and viz/cmd/authz.go. Defaults are linkerd2.NewValues()'s, the
 * charts' values.yaml (./linkerd-values.ts CHART_DEFAULTS), never the cluster's.
 */
import type {CobraCommand, CobraFlag} from './cobra';
import {CHART_DEFAULTS} from './linkerd-values';

/** Persistent flags `kubeconfig`, `context`, `as`, `as-group`, `api-addr` and `verbose`, which viz and the root both define. */
const CLIENT_FLAGS: readonly CobraFlag[] = [
  {name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests'},
  {name: 'context', type: 'string', usage: 'Name of the kubeconfig context to use'},
  {name: 'as', type: 'string', usage: 'Username to impersonate for Kubernetes operations'},
  {name: 'as-group', type: 'stringArray', usage: 'Group to impersonate for Kubernetes operations'},
  {name: 'api-addr', type: 'string', usage: 'Override kubeconfig and communicate directly with the control plane at host:port (mostly for testing)'},
  {name: 'verbose', type: 'bool', usage: 'Turn on debug logging'},
];

/** viz/cmd/root.go's persistent flags. */
export const VIZ_FLAGS: readonly CobraFlag[] = [
  {name: 'linkerd-namespace', shorthand: 'L', type: 'string', usage: 'Namespace in which Linkerd is installed', defaultValue: 'linkerd'},
  ...CLIENT_FLAGS,
  {name: 'viz-namespace', type: 'string', usage: 'Name of the linkerd-viz namespace. If not set, it\'s automatically detected'},
];

/** cli/cmd/root.go's persistent flags. */
export const ROOT_FLAGS: readonly CobraFlag[] = [
  {name: 'linkerd-namespace', shorthand: 'L', type: 'string', usage: 'Namespace in which Linkerd is installed ($LINKERD_NAMESPACE)', defaultValue: 'linkerd'},
  {name: 'cni-namespace', type: 'string', usage: 'Namespace in which the Linkerd CNI plugin is installed', defaultValue: 'linkerd-cni'},
  ...CLIENT_FLAGS,
];

/** newCmdCheck: its persistent checkFlagSet and its own nonConfigFlagSet, both local to it. */
export const CHECK: CobraCommand = {
  useLine: 'linkerd check [flags]',
  name: 'check',
  long: `Check the Linkerd installation for potential problems.

The check command will perform a series of checks to validate that the linkerd
CLI and control plane are configured correctly. If the command encounters a
failure it will print additional information about the failure and exit with a
non-zero exit code.`,
  example: `  # Check that the Linkerd control plane is up and running
  linkerd check

  # Check that the Linkerd control plane can be installed in the "test" namespace
  linkerd check --pre --linkerd-namespace test

  # Check that the Linkerd data plane proxies in the "app" namespace are up and running
  linkerd check --proxy --namespace app`,
  flags: [
    {name: 'expected-version', type: 'string', usage: 'Overrides the version used when checking if Linkerd is running the latest version (mostly for testing)'},
    {name: 'cli-version-override', type: 'string', usage: 'Used to override the version of the cli (mostly for testing)'},
    {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: table, json, short', defaultValue: 'table'},
    {name: 'wait', type: 'duration', usage: 'Maximum allowed time for all tests to pass', defaultValue: '5m0s'},
    {name: 'linkerd-cni-enabled', type: 'bool', usage: 'When running pre-installation checks (--pre), assume the linkerd-cni plugin is already installed, and a NET_ADMIN check is not needed'},
    {name: 'namespace', shorthand: 'n', type: 'string', usage: 'Namespace to use for --proxy checks (default: all namespaces)'},
    {name: 'pre', type: 'bool', usage: 'Only run pre-installation checks, to determine if the control plane can be installed'},
    {name: 'crds', type: 'bool', usage: 'Only run checks which determine if the Linkerd CRDs have been installed'},
    {name: 'proxy', type: 'bool', usage: 'Only run data-plane checks, to determine if the data plane is healthy'},
  ],
  parentFlags: [ROOT_FLAGS],
};

/** pflag's StringSlice default text: `[a,b]` (a CSV row), `[]` for none, which is the zero value. */
const sliceDefault = (csv: string): string | undefined => (csv === '' ? undefined : `[${csv}]`);
const chart = (path: string): string | undefined => (CHART_DEFAULTS[path] === '' ? undefined : CHART_DEFAULTS[path]);

/**
 * makeProxyFlags then makeInjectFlags, as a version-2.20 build shows them: `version-2.20` is no release
 * channel (pkg/version IsReleaseChannel: edge or stable), so proxy-image and image-pull-policy stay
 * visible; the deprecated proxy-memory, proxy-cpu and proxy-version and the hidden disable-identity
 * are left out of the usage (pflag hides deprecated flags) but still parsed.
 */
const PROXY_FLAGS: readonly CobraFlag[] = [
  {name: 'proxy-image', type: 'string', usage: 'Linkerd proxy container image name', defaultValue: chart('proxy.image.name')},
  {name: 'image-pull-policy', type: 'string', usage: 'Docker image pull policy', defaultValue: chart('imagePullPolicy')},
  {name: 'inbound-port', type: 'uint', usage: 'Proxy port to use for inbound traffic', defaultValue: chart('proxy.ports.inbound')},
  {name: 'outbound-port', type: 'uint', usage: 'Proxy port to use for outbound traffic', defaultValue: chart('proxy.ports.outbound')},
  {name: 'skip-inbound-ports', type: 'strings', usage: 'Ports and/or port ranges (inclusive) that should skip the proxy and send directly to the application'},
  {name: 'skip-outbound-ports', type: 'strings', usage: 'Outbound ports and/or port ranges (inclusive) that should skip the proxy'},
  {name: 'proxy-uid', type: 'int', usage: 'Run the proxy under this user ID', defaultValue: chart('proxy.uid')},
  {name: 'proxy-gid', type: 'int', usage: 'Run the proxy under this group ID', defaultValue: chart('proxy.gid')},
  {name: 'proxy-log-level', type: 'string', usage: 'Log level for the proxy', defaultValue: chart('proxy.logLevel')},
  {name: 'control-port', type: 'uint', usage: 'Proxy port to use for control', defaultValue: chart('proxy.ports.control')},
  {name: 'admin-port', type: 'uint', usage: 'Proxy port to serve metrics on', defaultValue: chart('proxy.ports.admin')},
  {name: 'proxy-cpu-request', type: 'string', usage: 'Amount of CPU units that the proxy sidecar requests', defaultValue: chart('proxy.resources.cpu.request')},
  {name: 'proxy-cpu-limit', type: 'string', usage: 'Maximum amount of CPU units that the proxy sidecar can use', defaultValue: chart('proxy.resources.cpu.limit')},
  {name: 'proxy-memory-request', type: 'string', usage: 'Amount of Memory that the proxy sidecar requests', defaultValue: chart('proxy.resources.memory.request')},
  {name: 'proxy-memory-limit', type: 'string', usage: 'Maximum amount of Memory that the proxy sidecar can use', defaultValue: chart('proxy.resources.memory.limit')},
  {name: 'enable-external-profiles', type: 'bool', usage: 'Enable service profiles for non-Kubernetes services'},
  {name: 'default-inbound-policy', type: 'string', usage: 'Inbound policy to use to control inbound access to the proxy', defaultValue: chart('proxy.defaultInboundPolicy')},
  {name: 'registry', type: 'string', usage: 'Docker registry to pull images from ($LINKERD_DOCKER_REGISTRY)', defaultValue: 'cr.l5d.io/linkerd'},
  {name: 'native-sidecar', type: 'bool', usage: 'Enable native sidecar'},
  {name: 'wait-before-exit-seconds', type: 'int', usage: 'The period during which the proxy sidecar must stay alive while its pod is terminating. Must be smaller than terminationGracePeriodSeconds for the pod (default 0)'},
  {name: 'require-identity-on-inbound-ports', type: 'strings', usage: 'Inbound ports on which the proxy should require identity', defaultValue: sliceDefault(CHART_DEFAULTS['proxy.requireIdentityOnInboundPorts']!)},
  {name: 'ingress', type: 'bool', usage: 'Enable ingress mode in the linkerd proxy'},
  {name: 'opaque-ports', type: 'strings', usage: 'Set opaque ports on the proxy', defaultValue: sliceDefault(CHART_DEFAULTS['proxy.opaquePorts']!)},
];

/** NewCmdInject: its own flags, then the proxy and inject flag sets. */
export const INJECT: CobraCommand = {
  useLine: 'linkerd inject [flags] CONFIG-FILE',
  name: 'inject',
  long: `Add the Linkerd proxy to a Kubernetes config.

You can inject resources contained in a single file, inside a folder and its
sub-folders, or coming from stdin.`,
  example: `  # Inject all the deployments in the default namespace.
  kubectl get deploy -o yaml | linkerd inject - | kubectl apply -f -

  # Injecting a file from a remote URL
  linkerd inject https://url.to/yml | kubectl apply -f -

  # Inject all the resources inside a folder and its sub-folders.
  linkerd inject <folder> | kubectl apply -f -`,
  flags: [
    {name: 'manual', type: 'bool', usage: 'Include the proxy sidecar container spec in the YAML output (the auto-injector won\'t pick it up, so config annotations aren\'t supported) (default false)'},
    {name: 'ignore-cluster', type: 'bool', usage: 'Ignore the current Kubernetes cluster when checking for existing cluster configuration (default false)'},
    {name: 'enable-debug-sidecar', type: 'bool', usage: 'Inject a debug sidecar for data plane debugging'},
    {name: 'close-wait-timeout', type: 'duration', usage: 'Sets nf_conntrack_tcp_timeout_close_wait'},
    {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format, one of: json|yaml', defaultValue: 'yaml'},
    ...PROXY_FLAGS,
  ],
  parentFlags: [ROOT_FLAGS],
};

/** viz/cmd/authz.go NewCmdAuthz (its flags persistent, so local to it). */
export const VIZ_AUTHZ: CobraCommand = {
  useLine: 'linkerd viz authz [flags] resource',
  name: 'authz',
  long: 'Display stats for authorizations for a resource.',
  flags: [
    {name: 'namespace', shorthand: 'n', type: 'string', usage: 'Namespace of the specified resource'},
    {name: 'time-window', shorthand: 't', type: 'string', usage: 'Stat window (for example: "15s", "1m", "10m", "1h"). Needs to be at least 15s.', defaultValue: '1m'},
    {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format; one of: "table" or "json" or "wide"', defaultValue: 'table'},
    {name: 'selector', shorthand: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', and \'!=\''},
  ],
  parentFlags: [VIZ_FLAGS, ROOT_FLAGS],
};

/** cli/cmd/policy.go newCmdPolicy, under `diagnostics` (which has no persistent flags of its own). */
export const DIAGNOSTICS_POLICY: CobraCommand = {
  useLine: 'linkerd diagnostics policy [flags] resource port',
  name: 'policy',
  long: `Introspect Linkerd's policy state.
This command provides debug information about the internal state of the
control-plane's policy controller. It queries the same control-plane
endpoint as the linkerd-proxy's, and returns the policies associated with the
given resource. If the resource is a Pod, inbound policy for that Pod is
displayed. If the resource is a Service, outbound policy for that Service is
displayed.`,
  example: `  # get the inbound policy for pod emoji-6d66d87995-bvrnn on port 8080
  linkerd diagnostics policy -n emojivoto po/emoji-6d66d87995-bvrnn 8080
  # get the outbound policy for Service emoji-svc on port 8080
  linkerd diagnostics policy -n emojivoto svc/emoji-svc 8080`,
  flags: [
    {name: 'destination-pod', type: 'string', usage: 'Target a specific destination Pod when there are multiple running'},
    {name: 'token', type: 'string', usage: 'Token to use when querying the policy service', defaultValue: 'default:diagnostics'},
    {name: 'namespace', shorthand: 'n', type: 'string', usage: 'Namespace of resource', defaultValue: 'default'},
    {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: yaml, json', defaultValue: 'yaml'},
  ],
  parentFlags: [ROOT_FLAGS],
};
