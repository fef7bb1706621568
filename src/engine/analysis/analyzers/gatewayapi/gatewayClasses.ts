/**
 * The GatewayClasses istiod 1.30.3 serves, and what it knows of each class's controller
 * (pilot/pkg/config/kube/gatewaycommon classinfo.go GetBuiltinGatewayClasses and GetClassInfos,
 * gatewayclass_collection.go FetchGatewayClass; pilot/pkg/features):
 * - `istio` (PILOT_GATEWAY_API_DEFAULT_GATEWAYCLASS_NAME) of the gateway controller, and
 *   `istio-remote` (PILOT_MULTI_NETWORK_DISCOVER_GATEWAY_API, on by default): always;
 * - `istio-waypoint` (istio.io/mesh-controller) only with PILOT_ENABLE_AMBIENT_WAYPOINTS, which
 *   registerAmbient turns on only when PILOT_ENABLE_AMBIENT is (the ambient profile sets it);
 *   without it ClassInfos has no mesh controller either, so even a GatewayClass object naming it
 *   is not istiod's;
 * - `istio-east-west` only with AMBIENT_ENABLE_MULTI_NETWORK too (off by default).
 * Whether ambient is installed is read from the run (ambientInstalled); when the run cannot tell,
 * the analyzers take the waypoint class as served: whoever writes a waypoint Gateway writes it for
 * an ambient mesh, and the book's ambient contexts hold no istiod Deployment.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {envBool} from '../../../go/strconv-bool';
import {ambientEnabled, GATEWAY_MANAGED, isAmbientArtifact, MESH_CONTROLLER as MESH, WAYPOINT_CLASS, WAYPOINT_MANAGED} from '../../../model/ambient';
import type {Workload} from '../../../model/cluster';
import {stringLabels} from '../../../model/labels';
import type {AnalyzerContext} from '../../analyzer';
import {GATEWAY_GROUP} from './routes';

/** pkg/config/constants (and features.ManagedGatewayController): the controllers of istiod's classes. */
export const GATEWAY_CONTROLLER = 'istio.io/gateway-controller';
export const MESH_CONTROLLER = MESH;
const REMOTE_CONTROLLER = 'istio.io/unmanaged-gateway';
export const EAST_WEST_CONTROLLER = 'istio.io/eastwest-controller';

/** label.GatewayManaged: the label istiod's deployment controller puts on what it generates. */
export const MANAGED_LABEL = GATEWAY_MANAGED;

/** The parts of a ClassInfo the analyzers read. */
export interface ClassInfo {
  controller: string;
  /** Templates set: istiod's deployment controller deploys its managed Gateways. */
  deploys: boolean;
  /** DefaultServiceType of the Service it deploys. */
  serviceType?: 'LoadBalancer' | 'ClusterIP';
  /** DisableNameSuffix: the deployed objects take the Gateway's own name, not `<name>-<class>`. */
  nameWithoutSuffix: boolean;
  supportsListenerSet: boolean;
  /** DisableRouteGeneration: istiod builds nothing for the class's Gateways. */
  remote: boolean;
}

const GATEWAY_INFO: ClassInfo = {controller: GATEWAY_CONTROLLER, deploys: true, serviceType: 'LoadBalancer', nameWithoutSuffix: false, supportsListenerSet: true, remote: false};
const REMOTE_INFO: ClassInfo = {controller: REMOTE_CONTROLLER, deploys: false, nameWithoutSuffix: false, supportsListenerSet: false, remote: true};
const MESH_INFO: ClassInfo = {controller: MESH_CONTROLLER, deploys: true, serviceType: 'ClusterIP', nameWithoutSuffix: true, supportsListenerSet: false, remote: false};
const EAST_WEST_INFO: ClassInfo = {controller: EAST_WEST_CONTROLLER, deploys: true, serviceType: 'LoadBalancer', nameWithoutSuffix: true, supportsListenerSet: false, remote: false};

/** Every controller's ClassInfo, whether or not this run's istiod serves it (classInfos says which it does). */
export const CLASS_INFOS: ReadonlyMap<string, ClassInfo> = new Map([GATEWAY_INFO, REMOTE_INFO, MESH_INFO, EAST_WEST_INFO].map((info) => [info.controller, info]));

/** What the run says of the istiod that judges it: its settings, and whether ambient is installed. */
interface Istiod {
  /** true, false, or undefined when the run cannot tell. */
  ambient: boolean | undefined;
  env: ReadonlyMap<string, string>;
  /** The whole cluster is the input and it holds istiod: its env is all of its settings. */
  held: boolean;
  /** classInfos and builtinClasses of these settings: asked for each Gateway by several analyzers, made once. */
  classInfos: ReadonlyMap<string, ClassInfo>;
  builtinClasses: ReadonlyMap<string, string>;
  /** controllerOf's answers by class name (NONE: no class istiod serves), decided once: every route and Gateway asks. */
  controllers: Map<string, string | typeof NONE>;
}

const NONE = Symbol('none');

const readings = new WeakMap<AnalyzerContext, Istiod>();

function istiod(ctx: AnalyzerContext): Istiod {
  let reading = readings.get(ctx);
  if (!reading) {
    reading = readIstiod(ctx);
    readings.set(ctx, reading);
  }
  return reading;
}

/**
 * Ambient as the run shows it (../../../model/ambient.ts ambientEnabled): istiod's PILOT_ENABLE_AMBIENT
 * when set; else a ztunnel, a GatewayClass of the mesh controller (istiod creates it only then), or a
 * Service or workload its mesh controller deployed; else off when the whole cluster is the input and
 * holds istiod. Otherwise the run cannot tell.
 */
function readIstiod(ctx: AnalyzerContext): Istiod {
  const istiods = ctx.cluster.workloads.filter((workload) => workload.labels.app === 'istiod');
  const env = new Map<string, string>();
  for (const workload of istiods) for (const [name, value] of containerEnv(workload)) env.set(name, value);
  const ambientArtifacts = ctx.cluster.workloads.some((workload) => isAmbientArtifact(workload.labels))
    || ctx.resources(GATEWAY_GROUP, 'GatewayClass').some((c) => asString(asObject(c.value.spec)?.controllerName) === MESH_CONTROLLER)
    || ctx.resources('', 'Service').some((service) => stringLabels(asObject(service.value.metadata)?.labels)[MANAGED_LABEL] === WAYPOINT_MANAGED);
  const held = ctx.closedWorld && istiods.length > 0;
  const ambient = ambientEnabled({istiodEnv: env, istiodHeld: held, ambientArtifacts});
  const infos = classInfosOf(ambient, env);
  return {ambient, env, held, classInfos: infos, builtinClasses: builtinClassesOf(infos, env), controllers: new Map()};
}

/** The literal `env` values of the workload's containers (valueFrom is not read). */
function containerEnv(workload: Workload): Array<[string, string]> {
  return asArray(workload.podSpec?.containers).flatMap((container) => asArray(asObject(container)?.env))
    .map((entry) => [asString(asObject(entry)?.name), asString(asObject(entry)?.value)] as const)
    .filter((pair): pair is [string, string] => pair[0] !== undefined && pair[1] !== undefined);
}

/** Whether ambient is installed: true, false, or undefined when the run cannot tell. */
export function ambientInstalled(ctx: AnalyzerContext): boolean | undefined {
  return istiod(ctx).ambient;
}

/** features/experimental.go EnableAlphaGatewayAPI: istiod's PILOT_ENABLE_ALPHA_GATEWAY_API (off by default), which TCP listeners need. */
export function alphaGatewayApiEnabled(ctx: AnalyzerContext): boolean {
  return envBool(istiod(ctx).env.get('PILOT_ENABLE_ALPHA_GATEWAY_API'), false);
}

/** classinfo.go ClassInfos: the controllers istiod serves in this run (the mesh controller unless ambient is known to be off). */
function classInfos(ctx: AnalyzerContext): ReadonlyMap<string, ClassInfo> {
  return istiod(ctx).classInfos;
}

function classInfosOf(ambient: boolean | undefined, env: ReadonlyMap<string, string>): ReadonlyMap<string, ClassInfo> {
  const infos = new Map<string, ClassInfo>([[GATEWAY_INFO.controller, GATEWAY_INFO]]);
  // env.Register bools (pilot.go, ambient.go registerAmbient): unset or unparsable is the default.
  if (envBool(env.get('PILOT_MULTI_NETWORK_DISCOVER_GATEWAY_API'), true)) infos.set(REMOTE_INFO.controller, REMOTE_INFO);
  if (ambient !== false) {
    if (envBool(env.get('PILOT_ENABLE_AMBIENT_WAYPOINTS'), true)) infos.set(MESH_INFO.controller, MESH_INFO);
    if (ambient && envBool(env.get('AMBIENT_ENABLE_MULTI_NETWORK'), false)) infos.set(EAST_WEST_INFO.controller, EAST_WEST_INFO);
  }
  return infos;
}

/** GetBuiltinGatewayClasses: the class names istiod serves without a GatewayClass object, and their controllers. */
export function builtinClasses(ctx: AnalyzerContext): ReadonlyMap<string, string> {
  return istiod(ctx).builtinClasses;
}

function builtinClassesOf(infos: ReadonlyMap<string, ClassInfo>, env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const classes = new Map<string, string>([[env.get('PILOT_GATEWAY_API_DEFAULT_GATEWAYCLASS_NAME') || 'istio', GATEWAY_CONTROLLER]]);
  if (infos.has(REMOTE_CONTROLLER)) classes.set('istio-remote', REMOTE_CONTROLLER);
  if (infos.has(MESH_CONTROLLER)) classes.set(WAYPOINT_CLASS, MESH_CONTROLLER);
  if (infos.has(EAST_WEST_CONTROLLER)) classes.set('istio-east-west', EAST_WEST_CONTROLLER);
  return classes;
}

/**
 * FetchGatewayClass: the controller of a GatewayClass object of istiod's controllers
 * (GatewayClassesCollection skips the others), else of a built-in name; undefined when istiod
 * serves no class of that name.
 */
export function controllerOf(ctx: AnalyzerContext, className: string): string | undefined {
  const {controllers} = istiod(ctx);
  let controller = controllers.get(className);
  if (controller === undefined) controllers.set(className, (controller = findController(ctx, className) ?? NONE));
  return controller === NONE ? undefined : controller;
}

function findController(ctx: AnalyzerContext, className: string): string | undefined {
  const gatewayClass = ctx.resources(GATEWAY_GROUP, 'GatewayClass').find((candidate) => candidate.name === className);
  const controller = asString(asObject(gatewayClass?.value.spec)?.controllerName);
  if (controller !== undefined && classInfos(ctx).has(controller)) return controller;
  return builtinClasses(ctx).get(className);
}

/**
 * Why a class istiod creates only under some settings does not exist in this run's cluster, when
 * the run tells (the class is not held as an object, and the settings are known); undefined otherwise.
 */
export function missingBuiltinClass(ctx: AnalyzerContext, className: string): string | undefined {
  if (className !== WAYPOINT_CLASS && className !== 'istio-east-west') return undefined;
  if (builtinClasses(ctx).has(className) || ctx.resources(GATEWAY_GROUP, 'GatewayClass').some((c) => c.name === className)) return undefined;
  const {ambient, held} = istiod(ctx);
  if (className === WAYPOINT_CLASS) {
    return ambient === false ? 'istiod creates it only with ambient installed (PILOT_ENABLE_AMBIENT=true, as the ambient profile sets), and this cluster\'s istiod runs without it' : undefined;
  }
  if (!held && ambient !== false) return undefined;
  return 'istiod creates it only with ambient installed and AMBIENT_ENABLE_MULTI_NETWORK=true, which this cluster\'s istiod does not set';
}

/** The ClassInfo of the class a Gateway names, when istiod serves it in this run. */
export function classInfoOf(ctx: AnalyzerContext, className: string | undefined): ClassInfo | undefined {
  const controller = className === undefined ? undefined : controllerOf(ctx, className);
  return controller === undefined ? undefined : classInfos(ctx).get(controller);
}

/**
 * The class controller of a Gateway istiod builds listeners for and writes a status on
 * (GatewayCollection: ClassInfos without DisableRouteGeneration): its gateway, mesh (waypoint) and
 * east-west controllers; undefined for any other.
 */
export function listenerController(ctx: AnalyzerContext, gateway: {value: Record<string, unknown>}): string | undefined {
  const info = classInfoOf(ctx, asString(asObject(gateway.value.spec)?.gatewayClassName));
  return info && !info.remote ? info.controller : undefined;
}
