/**
 * A pod's locality as istiod 1.30.3's Kubernetes registry gives its endpoints
 * (serviceregistry/kube/controller/controller.go getPodLocality): the pod's `topology.istio.io/locality`
 * label, else its legacy `istio-locality` label (pkg/model GetLocalityLabel; SanitizeLocalityLabel reads
 * dots as slashes unless the value holds a slash); else its node's region and zone
 * (topology.kubernetes.io/…, else the deprecated failure-domain.beta.kubernetes.io/…, getLabelValue) and
 * topology.istio.io/subzone as `region/zone/subzone`; '' without any, or when the node is not found.
 * (ztunnel-dump.ts reads the ambient registry's own getPodLocality, from the node alone.)
 */
import {field, heldKey, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

/** getPodLocality's label: `region/zone/subzone`, a locality label as written, or ''. */
export function podLocalityLabel(pod: ModelObject, model: StateModel): string {
  const labels = stringMap(field(pod.value, 'metadata', 'labels'));
  const written = labels['topology.istio.io/locality'] ?? labels['istio-locality'] ?? '';
  if (written !== '') return written.includes('/') ? written : written.replaceAll('.', '/');
  const nodeName = field(pod.value, 'spec', 'nodeName');
  if (typeof nodeName !== 'string' || nodeName === '') return '';
  const node = model.objects.find((o) => o.group === '' && o.kind === 'Node' && o.name === nodeName);
  if (!node && model.held !== undefined && !model.held.includes(heldKey('', 'Node', ''))) {
    throw new ModelGap(`the model does not keep track of node ${nodeName}, whose topology labels give pod ${pod.namespace}/${pod.name}'s endpoints their locality`);
  }
  if (!node) return '';
  const nodeLabels = stringMap(field(node.value, 'metadata', 'labels'));
  const region = nodeLabels['topology.kubernetes.io/region'] ?? nodeLabels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = nodeLabels['topology.kubernetes.io/zone'] ?? nodeLabels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const subzone = nodeLabels['topology.istio.io/subzone'] ?? '';
  return region === '' && zone === '' && subzone === '' ? '' : `${region}/${zone}/${subzone}`;
}

/** pkg/model ConvertLocality (SplitLocalityLabel: region, zone, then the third part) as util.LocalityToString prints it. */
export function localityString(label: string): string {
  const [region = '', zone = '', subzone = ''] = label.split('/');
  if (zone === '') return region;
  return subzone === '' ? `${region}/${zone}` : `${region}/${zone}/${subzone}`;
}
