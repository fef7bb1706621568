import type {Decision, DestinationDecision, TraceStep} from '../decision';
import type {CandidateRoute} from '../delegates';
import type {ResolvedBackend} from '../destinations';
import type {MatchSource} from '../match';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import type {World} from '../world';

/** What ambient routing borrows from the sidecar router (simulate.ts), passed in to keep the modules acyclic. */
export interface SidecarRouting {
  routeAsSidecar(world: World, request: SimRequest, source: SimSource, trace: TraceStep[]): Decision;
  resolveDestination(world: World, written: {host: string; port: number | undefined}, host: string, backend: ResolvedBackend, listenerPort: number,
    clientNamespace: string, subset: string | undefined, at: DestinationDecision['at'], trace: TraceStep[]): Omit<DestinationDecision, 'share'>;
  listenerPortFor(request: SimRequest, backend: ResolvedBackend, trace: TraceStep[]): number;
  routeThrough(world: World, routes: CandidateRoute[], request: SimRequest, matchSource: MatchSource, port: number, source: SimSource, base: Decision, trace: TraceStep[]): Decision;
}
