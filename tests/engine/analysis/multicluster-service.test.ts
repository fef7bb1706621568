/**
 * istioctl analyze, multicluster/service.go (services.MultiClusterServiceAnalyzer): a Service
 * defined differently in the clusters of a mesh (IST0170).
 */
import {describe, expect, it} from 'vitest';
import {findInconsistencies} from '../../../src/engine/analysis/analyzers/multicluster/service';
import {messageText} from '../../../src/engine/analysis/messages';
import {istioctlLines} from '../support/istioctl';

const clusters = (...specs: Record<string, unknown>[]) => new Map(specs.map((spec, i) => [`cluster${i + 1}`, spec]));
const port = (fields: Record<string, unknown>) => ({name: 'http', port: 80, ...fields});

describe('copies of one Service across clusters', () => {
  it('agree when type, headlessness and ports match, whatever the order of the ports', () => {
    const a = {type: 'ClusterIP', ports: [port({}), port({name: 'grpc', port: 81})]};
    const b = {type: 'ClusterIP', ports: [port({name: 'grpc', port: 81}), port({})]};
    expect(findInconsistencies(clusters(a, b))).toEqual({clusters: [], reasons: ''});
  });

  it('mixing headless and ClusterIP marks every cluster', () => {
    const found = findInconsistencies(clusters({clusterIP: 'None'}, {}, {}));
    expect(found).toEqual({clusters: ['cluster1', 'cluster2', 'cluster3'], reasons: 'service has mixed mode like headless and clusterIP'});
  });

  it('a different type or different ports mark that cluster and the first, with every reason', () => {
    const found = findInconsistencies(clusters({type: 'ClusterIP', ports: [port({})]}, {type: 'ClusterIP', ports: [port({})]}, {type: 'NodePort', ports: [port({port: 8080})]}));
    expect(found).toEqual({clusters: ['cluster1', 'cluster3'], reasons: 'service ports are inconsistent; service type is inconsistent'});
  });

  it('compares ports field by field: an absent appProtocol differs from an empty one, a named targetPort from a number', () => {
    expect(findInconsistencies(clusters({ports: [port({})]}, {ports: [port({appProtocol: ''})]})).clusters).toEqual(['cluster1', 'cluster2']);
    expect(findInconsistencies(clusters({ports: [port({targetPort: 8080})]}, {ports: [port({targetPort: '8080'})]})).clusters).toEqual(['cluster1', 'cluster2']);
    expect(findInconsistencies(clusters({ports: [port({})]}, {ports: [port({protocol: ''})]})).clusters).toEqual([]);
  });

  it('are named in the message with the clusters quoted as Go prints a []string', () => {
    expect(messageText('MultiClusterInconsistentService', ['web', 'shop', ['cluster1', 'cluster2'], 'service type is inconsistent'])).toBe(
      'The service web in namespace "shop" is inconsistent across clusters ["cluster1" "cluster2"], which can lead to undefined behaviors. The inconsistent behaviors are: service type is inconsistent.');
  });

  it('are never compared in one cluster: istioctl analyze of files reads a single cluster', () => {
    const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ${type}\n  ports: [{port: 80}]\n`;
    expect(istioctlLines(`${service('ClusterIP')}---\n${service('NodePort')}`, 'services.MultiClusterServiceAnalyzer')).toEqual([]);
  });
});
