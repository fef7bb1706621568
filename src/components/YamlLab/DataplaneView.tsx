import type {ReactNode} from 'react';
import type {DataplaneDecision, DestinationPath, Hop} from '@site/src/simulator/ambient/types';
import styles from './styles.module.css';

const PROXY_NAMES: Record<Hop['proxy'], string> = {sidecar: 'sidecar', ztunnel: 'ztunnel', waypoint: 'waypoint', gateway: 'gateway'};

function hopName(hop: Hop): string {
  if (hop.side === 'waypoint') return `waypoint ${hop.serves}`;
  return `${PROXY_NAMES[hop.proxy]} (${hop.side === 'client' ? 'client' : hop.serves})`;
}

/**
 * The data plane of the request in a lab that shows ambient mode, as the simulator decided it
 * (ambient/path.ts): who routed, the waypoint or why none, and per destination workload the proxies
 * crossed with how each hands the request on (HBONE, Istio mTLS, plaintext).
 */
export default function DataplaneView({dataplane}: {dataplane: DataplaneDecision}): ReactNode {
  return (
    <div className={styles.dataplane} data-dataplane data-routed-by={dataplane.routedBy}>
      <p>
        <strong>Data plane:</strong> {dataplane.routing}.{' '}
        {dataplane.waypoint
          ? `Waypoint ${dataplane.waypoint.namespace}/${dataplane.waypoint.name}: ${dataplane.waypoint.reason}.`
          : dataplane.paths.some((path) => path.crosses.includes('waypoint'))
            ? 'Waypoints per destination, on the paths below.'
            : dataplane.noWaypoint
              ? `No waypoint: ${dataplane.noWaypoint}.`
              : ''}
      </p>
      <ul className={styles.authorization} aria-label="Proxies each destination workload is reached through">
        {dataplane.paths.map((path, index) => (
          <PathView key={`${index} ${path.namespace}/${path.workload}`} path={path} />
        ))}
      </ul>
    </div>
  );
}

function PathView({path}: {path: DestinationPath}): ReactNode {
  return (
    <li data-path={path.workload} data-crosses={path.crosses.join(' ')}>
      {path.workload}:{' '}
      <span className={styles.dataplaneHops}>
        {path.entry !== 'local' && <span data-transport={path.entry}>{path.entry} → </span>}
        {path.hops.map((hop, index) => (
          <span key={index} data-hop={hop.proxy}>
            <span className={styles.dataplaneHop} title={hop.enforces ? `enforces the destination's ${hop.enforces} policy` : undefined}>
              {hopName(hop)}
            </span>
            {hop.next === 'local' ? ' → ' : <span data-transport={hop.next}> —{hop.next}→ </span>}
          </span>
        ))}
        {path.namespace}/{path.workload}
      </span>
    </li>
  );
}
