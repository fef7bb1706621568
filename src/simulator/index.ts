/**
 * The traffic simulator: which route, destination, subset and pods a request reaches in a
 * lab, decided as Istio's proxies would, with the path through the config. Pure
 * TypeScript (no DOM, no Node): the CLI, the exercises and the book share it.
 */
export {World, type InputFile, type Located, type Pod} from './world';
export {parseRequest, formatRequest, RequestSyntaxError, type SimRequest} from './request';
export {simulate, type RouteQuery} from './simulate';
export {SourceError, type SourceSpec} from './source';
export {exactDistribution, sampleRequests, seededRandom, type SampledEntry} from './distribution';
export {effectiveMtls, type MtlsDecision, type MtlsMode} from './mtls';
export type {ConnectionState, Decision, DestinationDecision, DistributionEntry, FaultDecision, L4Connection, Outcome, ResourceRef, RetryDecision, TraceStep} from './decision';
export {answerText, reachesPods} from './decision';
