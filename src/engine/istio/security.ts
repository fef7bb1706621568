/** PeerAuthentication, AuthorizationPolicy and RequestAuthentication rules (validation.go). */
import {asArray, asObject, isNonEmptyArray, isSet, stringOr, type Obj} from './access';
import {validateDuration, validateHeaderName, validateWorkloadSelector} from './common';
import {Report, at} from './report';

export function validatePeerAuthentication(report: Report, spec: Obj): void {
  const selector = asObject(spec.selector);
  const emptySelector = !selector || Object.keys(asObject(selector.matchLabels) ?? {}).length === 0;
  const portLevel = spec.portLevelMtls;
  const ports = asObject(portLevel);
  if (emptySelector && ports && Object.keys(ports).length !== 0) {
    report.error('/spec/portLevelMtls', 'mesh/namespace peer authentication cannot have port level mTLS', 'key');
  }
  if (ports && Object.keys(ports).length === 0) {
    report.error('/spec/portLevelMtls', 'port level mTLS, if defined, must have at least one element', 'key');
  }
  for (const port of Object.keys(ports ?? {})) {
    const number = Number(port);
    if (!/^-?[0-9]+$/.test(port) || number <= 0 || number > 65535) report.error(at('/spec/portLevelMtls', port), 'port must be in range 1..65535', 'key');
  }
  validateWorkloadSelector(report, '/spec/selector', spec.selector);
}

function validateSelectorKinds(report: Report, spec: Obj): void {
  const set = [isSet(spec.selector), isSet(spec.targetRef), isNonEmptyArray(spec.targetRefs)].filter(Boolean).length;
  if (set > 1) report.error('/spec', 'only one of targetRefs or workloadSelector can be set', 'key');
  validateWorkloadSelector(report, '/spec/selector', spec.selector);
  const refs = [...(isSet(spec.targetRef) ? [['/spec/targetRef', spec.targetRef] as const] : []),
    ...asArray(spec.targetRefs).map((ref, i) => [at('/spec/targetRefs', i), ref] as const)];
  for (const [path, value] of refs) {
    const ref = asObject(value);
    if (!ref) continue;
    if (stringOr(ref.name) === '') report.error(path, 'targetRef name must be set');
    if (stringOr(ref.namespace) !== '') report.error(at(path, 'namespace'), 'targetRef namespace must not be set; cross namespace referencing is not supported');
    const group = stringOr(ref.group) || 'core';
    const kind = stringOr(ref.kind);
    const allowed = (group === 'core' && kind === 'Service') || (group === 'networking.istio.io' && kind === 'ServiceEntry') ||
      (group === 'gateway.networking.k8s.io' && kind === 'Gateway');
    if (!allowed) {
      report.error(path, `targetRef must be to one of [core/v1, Kind=Service networking.istio.io/v1, Kind=ServiceEntry gateway.networking.k8s.io/v1, Kind=Gateway] but was ${stringOr(ref.group)}/${kind}`);
    }
  }
}

export function validateAuthorizationPolicy(report: Report, spec: Obj, name: string, namespace: string): void {
  validateSelectorKinds(report, spec);
  const prefix = `invalid policy ${name}.${namespace}: `;
  const action = stringOr(spec.action, 'ALLOW');
  const rules = spec.rules;
  const hasProvider = isSet(spec.provider);
  if (action === 'CUSTOM') {
    if (!isSet(rules)) report.error('/spec', `${prefix}CUSTOM action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`, 'key');
    else if (stringOr(asObject(spec.provider)?.name) === '') report.error(hasProvider ? '/spec/provider' : '/spec', `${prefix}\`provider.name\` must not be empty`, 'key');
  }
  if (hasProvider && action !== 'CUSTOM') report.error('/spec/provider', `${prefix}\`provider\` must not be with non CUSTOM action, found ${action}`, 'key');
  if (action === 'DENY' && !isSet(rules)) {
    report.error('/spec', `${prefix}DENY action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`, 'key');
  }
  asArray(rules).forEach((value, i) => {
    const path = at('/spec/rules', i);
    const rule = asObject(value);
    if (!rule) {
      if (value === null) report.error(path, `${prefix}\`rule\` must not be nil, found at rule ${i}`);
      return;
    }
    if (Array.isArray(rule.from) && rule.from.length === 0) report.error(at(path, 'from'), `${prefix}\`from\` must not be empty, found at rule ${i}`);
    asArray(rule.from).forEach((from, j) => {
      const source = asObject(asObject(from)?.source);
      const fpath = at(path, 'from', j);
      if (!source) report.error(fpath, `${prefix}\`from.source\` must not be nil, found at rule ${i}`);
      else if (!Object.values(source).some((v) => isNonEmptyArray(v))) report.error(at(fpath, 'source'), `${prefix}\`from.source\` must not be empty, found at rule ${i}`);
    });
    if (Array.isArray(rule.to) && rule.to.length === 0) report.error(at(path, 'to'), `${prefix}\`to\` must not be empty, found at rule ${i}`);
    asArray(rule.to).forEach((to, j) => {
      const operation = asObject(asObject(to)?.operation);
      const tpath = at(path, 'to', j);
      if (!operation) report.error(tpath, `${prefix}\`to.operation\` must not be nil, found at rule ${i}`);
      else if (!Object.values(operation).some((v) => isNonEmptyArray(v))) report.error(at(tpath, 'operation'), `${prefix}\`to.operation\` must not be empty, found at rule ${i}`);
      else {
        for (const field of ['ports', 'notPorts'] as const) {
          asArray(operation[field]).forEach((port, k) => {
            const n = Number(port);
            if (typeof port !== 'string' || !/^[0-9]+$/.test(port) || n < 0 || n > 65535) {
              report.error(at(tpath, 'operation', field, k), `${prefix}invalid port: ${String(port)}`);
            }
          });
        }
      }
    });
    asArray(rule.when).forEach((condition, j) => {
      const when = asObject(condition);
      const wpath = at(path, 'when', j);
      if (!when) return;
      const key = stringOr(when.key);
      if (key === '') report.error(wpath, `${prefix}\`key\` must not be empty`);
      else if (!isNonEmptyArray(when.values) && !isNonEmptyArray(when.notValues)) {
        report.error(wpath, `${prefix}at least one of \`values\` or \`notValues\` must be set for key ${key}`);
      }
    });
  });
}

export function validateRequestAuthentication(report: Report, spec: Obj): void {
  validateSelectorKinds(report, spec);
  asArray(spec.jwtRules).forEach((value, i) => {
    const rule = asObject(value);
    const path = at('/spec/jwtRules', i);
    if (!rule) return;
    if (stringOr(rule.issuer) === '') report.error(isSet(rule.issuer) ? at(path, 'issuer') : path, 'issuer must be set');
    asArray(rule.audiences).forEach((aud, j) => {
      if (aud === '') report.error(at(path, 'audiences', j), 'audience must be non-empty string');
    });
    const jwksUri = stringOr(rule.jwksUri);
    if (jwksUri && !/^https?:\/\/[^/\s]+/.test(jwksUri)) report.error(at(path, 'jwksUri'), `jwks URI ${JSON.stringify(jwksUri)} is not a valid http or https URL`);
    asArray(rule.fromHeaders).forEach((header, j) => {
      if (stringOr(asObject(header)?.name) === '') report.error(at(path, 'fromHeaders', j), 'location header name must be non-empty string');
    });
    asArray(rule.fromParams).forEach((param, j) => {
      if (param === '') report.error(at(path, 'fromParams', j), 'location query must be non-empty string');
    });
    asArray(rule.outputClaimToHeaders).forEach((entry, j) => {
      const pair = asObject(entry);
      const opath = at(path, 'outputClaimToHeaders', j);
      if (!pair) return;
      if (stringOr(pair.claim) === '' || stringOr(pair.header) === '') report.error(opath, 'outputClaimToHeaders header and claim value must be non-empty string');
      else validateHeaderName(report, at(opath, 'header'), stringOr(pair.header));
    });
    if (isSet(rule.timeout)) validateDuration(report, at(path, 'timeout'), rule.timeout);
  });
}
