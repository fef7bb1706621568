/** PeerAuthentication, AuthorizationPolicy and RequestAuthentication rules (validation.go). */
import {asArray, asObject, isNonEmptyArray, isSet, stringOr, type Obj} from './access';
import {validateDuration, validateHeaderName, validateWorkloadSelector} from './common';
import {ipSubnetError, isIpAddress} from './hosts';
import {Report, at} from './report';
import {istiodPolicyTargets} from '../model/service-reference';

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

/** validation.go allowedTargetRefs: what a policy's targetRef may name (canonical group, kind; all at v1). */
const ALLOWED_TARGET_REFS = [
  {group: 'core', kind: 'Service'},
  {group: 'networking.istio.io', kind: 'ServiceEntry'},
  {group: 'gateway.networking.k8s.io', kind: 'Gateway'},
  {group: 'gateway.networking.k8s.io', kind: 'GatewayClass'},
] as const;

/**
 * validateOneOfSelectorType, validateWorkloadSelector, validatePolicyTargetReference(s), which every policy kind
 * runs; `prefix` is AuthorizationPolicy's multierror.Prefix.
 */
export function validateSelectorKinds(report: Report, spec: Obj, prefix = ''): void {
  const set = [isSet(spec.selector), isSet(spec.targetRef), isNonEmptyArray(spec.targetRefs)].filter(Boolean).length;
  if (set > 1) report.error('/spec', `${prefix}only one of targetRefs or workloadSelector can be set`, 'key');
  validateWorkloadSelector(report, '/spec/selector', spec.selector);
  const refs = [...(isSet(spec.targetRef) ? [['/spec/targetRef', spec.targetRef] as const] : []),
    ...asArray(spec.targetRefs).map((ref, i) => [at('/spec/targetRefs', i), ref] as const)];
  for (const [path, value] of refs) {
    const ref = asObject(value);
    if (!ref) continue;
    if (stringOr(ref.name) === '') report.error(path, `${prefix}targetRef name must be set`);
    if (stringOr(ref.namespace) !== '') report.error(at(path, 'namespace'), `${prefix}targetRef namespace must not be set; cross namespace referencing is not supported`);
    const kind = stringOr(ref.kind);
    if (!ALLOWED_TARGET_REFS.some((allowed) => istiodPolicyTargets({group: stringOr(ref.group), kind}, allowed))) {
      // Go prints the list with %v, each config.GroupVersionKind as canonical group/version/kind.
      const list = ALLOWED_TARGET_REFS.map((allowed) => `${allowed.group}/v1/${allowed.kind}`).join(' ');
      report.error(path, `${prefix}targetRef must be to one of [${list}] but was ${stringOr(ref.group)}/${kind}`);
    }
  }
}

export function validateAuthorizationPolicy(report: Report, spec: Obj, name: string, namespace: string): void {
  const prefix = `invalid policy ${name}.${namespace}: `;
  validateSelectorKinds(report, spec, prefix);
  const action = stringOr(spec.action, 'ALLOW');
  const rules = spec.rules;
  const hasProvider = isSet(spec.provider);
  if (action === 'CUSTOM') {
    if (!isSet(rules)) report.error('/spec', `${prefix}CUSTOM action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`, 'key');
    else if (stringOr(asObject(spec.provider)?.name) === '') report.error(hasProvider ? '/spec/provider' : '/spec', `${prefix}\`provider.name\` must not be empty`, 'key');
  }
  if (action === 'CUSTOM') {
    // "X is currently not supported with CUSTOM action"
    asArray(rules).forEach((value, i) => {
      const rule = asObject(value);
      if (!rule) return;
      asArray(rule.from).forEach((from, j) => {
        const source = asObject(asObject(from)?.source);
        if (!source) return;
        for (const [field, name] of CUSTOM_UNSUPPORTED_SOURCE) {
          if (isNonEmptyArray(source[field])) report.error(at('/spec/rules', i, 'from', j, 'source', field), `${prefix}From.${name} is currently not supported with CUSTOM action`, 'key');
        }
      });
      asArray(rule.when).forEach((condition, j) => {
        const key = stringOr(asObject(condition)?.key);
        if (key === 'source.namespace' || key === 'source.serviceAccount' || key === 'source.trustDomain' || key === 'source.principal' ||
          key.startsWith('request.auth.')) {
          report.error(at('/spec/rules', i, 'when', j, 'key'), `${prefix}${key} is currently not supported with CUSTOM action`);
        }
      });
    });
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
    let fromRuleExist = false;
    let toRuleExist = false;
    let tcpRulesInFrom = false;
    let tcpRulesInTo = false;
    if (Array.isArray(rule.from) && rule.from.length === 0) report.error(at(path, 'from'), `${prefix}\`from\` must not be empty, found at rule ${i}`);
    asArray(rule.from).forEach((from, j) => {
      const source = asObject(asObject(from)?.source);
      const fpath = at(path, 'from', j);
      if (!source) {
        report.error(fpath, `${prefix}\`from.source\` must not be nil, found at rule ${i}`);
        return;
      }
      fromRuleExist = true;
      if (!Object.values(source).some((v) => isNonEmptyArray(v))) report.error(at(fpath, 'source'), `${prefix}\`from.source\` must not be empty, found at rule ${i}`);
      // security.ValidateIPs then CheckEmptyValues, in validation.go's order
      for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) {
        asArray(source[field]).forEach((ip, k) => {
          const error = typeof ip === 'string' ? ipError(ip) : undefined;
          if (error) report.error(at(fpath, 'source', field, k), `${prefix}${error}`);
        });
      }
      for (const [field, name] of SOURCE_FIELDS) {
        if (field === 'serviceAccounts' || field === 'notServiceAccounts') {
          const [index, error] = serviceAccountError(name, source[field]) ?? [];
          if (error !== undefined) report.error(at(fpath, 'source', field, index ?? 0), `${prefix}${error}`);
        } else if (field === 'trustDomains' || field === 'notTrustDomains') {
          const [index, error] = trustDomainError(name, source[field]) ?? [];
          if (error !== undefined) report.error(at(fpath, 'source', field, index ?? 0), `${prefix}${error}`);
        } else checkEmptyValues(report, fpath, 'source', field, source[field], name, prefix);
      }
      if (TCP_SOURCE_FIELDS.some((f) => isSet(source[f]))) tcpRulesInFrom = true;
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
            const error = typeof port === 'string' ? portError(port) : undefined;
            if (error) report.error(at(tpath, 'operation', field, k), `${prefix}${error}`);
          });
        }
        // security.CheckEmptyValues / CheckValidPathTemplate
        for (const [field, name] of OPERATION_FIELDS) checkEmptyValues(report, tpath, 'operation', field, operation[field], name, prefix);
        for (const [field, name] of [['paths', 'Paths'], ['notPaths', 'NotPaths']] as const) {
          // security.CheckValidPathTemplate returns the first bad path only.
          for (const [k, path] of asArray(operation[field]).entries()) {
            const error = typeof path === 'string' ? pathTemplateError(name, path) : undefined;
            if (!error) continue;
            report.error(at(tpath, 'operation', field, k), `${prefix}${error}`);
            break;
          }
        }
        if (isSet(operation.ports) || isSet(operation.notPorts)) tcpRulesInTo = true;
        toRuleExist = true;
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
      } else {
        const strings = (v: unknown) => asArray(v).filter((x): x is string => typeof x === 'string');
        const valueError = attributeError(key, strings(when.values));
        if (valueError) report.error(at(wpath, 'key'), `${prefix}invalid \`value\` for \`key\` ${key}: ${valueError}`);
        const notValueError = attributeError(key, strings(when.notValues));
        if (notValueError) report.error(at(wpath, 'key'), `${prefix}invalid \`notValue\` for \`key\` ${key}: ${notValueError}`);
      }
    });
    if (((fromRuleExist && !toRuleExist && !tcpRulesInFrom) || (toRuleExist && !tcpRulesInTo)) && action === 'DENY') {
      report.warning(path, 'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port');
    }
  });
}

const CUSTOM_UNSUPPORTED_SOURCE = [['namespaces', 'Namespaces'], ['notNamespaces', 'NotNamespaces'], ['serviceAccounts', 'ServiceAccounts'],
  ['notServiceAccounts', 'NotServiceAccounts'], ['trustDomains', 'TrustDomains'], ['notTrustDomains', 'NotTrustDomains'], ['principals', 'Principals'],
  ['notPrincipals', 'NotPrincipals'], ['requestPrincipals', 'RequestPrincipals'], ['notRequestPrincipals', 'NotRequestPrincipals']] as const;
/**
 * validation.go's order; the service account lists get security.CheckServiceAccount, the trust
 * domain lists CheckTrustDomainValues, the others CheckEmptyValues.
 */
const SOURCE_FIELDS = [['principals', 'Principals'], ['requestPrincipals', 'RequestPrincipals'], ['namespaces', 'Namespaces'],
  ['serviceAccounts', 'ServiceAccounts'], ['trustDomains', 'TrustDomains'], ['ipBlocks', 'IpBlocks'], ['remoteIpBlocks', 'RemoteIpBlocks'],
  ['notPrincipals', 'NotPrincipals'], ['notRequestPrincipals', 'NotRequestPrincipals'], ['notNamespaces', 'NotNamespaces'],
  ['notServiceAccounts', 'NotServiceAccounts'], ['notTrustDomains', 'NotTrustDomains'], ['notIpBlocks', 'NotIpBlocks'],
  ['notRemoteIpBlocks', 'NotRemoteIpBlocks']] as const;
const OPERATION_FIELDS = [['ports', 'Ports'], ['methods', 'Methods'], ['paths', 'Paths'], ['hosts', 'Hosts'], ['notPorts', 'NotPorts'],
  ['notMethods', 'NotMethods'], ['notPaths', 'NotPaths'], ['notHosts', 'NotHosts']] as const;

/** The source fields that make a `from` apply to TCP traffic too. */
const TCP_SOURCE_FIELDS = ['notPrincipals', 'principals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks',
  'serviceAccounts', 'notServiceAccounts'] as const;

/**
 * security.CheckEmptyValues: the first empty string in the list at `path/parent/field`. The
 * pointer is built only for a finding: a policy's rules visit 22 such fields, mostly absent.
 */
function checkEmptyValues(report: Report, path: string, parent: string, field: string, values: unknown, name: string, prefix: string): void {
  if (!Array.isArray(values)) return;
  const index = values.indexOf('');
  if (index >= 0) report.error(at(path, parent, field, index), `${prefix}empty value not allowed, found in ${name}`);
}

/** security.ValidatePorts (strconv.ParseUint wording). */
function portError(port: string): string | undefined {
  if (!/^[0-9]+$/.test(port)) return `bad port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: invalid syntax`;
  if (port.length > 10 || Number(port) > 4294967295) return `bad port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: value out of range`;
  if (Number(port) > 65535) return `bad port (${port}): <nil>`;
  return undefined;
}

/** security.ValidateIPs: netip.ParsePrefix for CIDRs, netip.ParseAddr otherwise. */
function ipError(value: string): string | undefined {
  if (value.includes('/')) {
    if (!ipSubnetError(value)) return undefined;
    const [address = '', bits = ''] = value.split('/');
    const reason = isIpAddress(address) && /^[0-9]+$/.test(bits) ? 'prefix length out of range' : 'invalid prefix';
    return `bad CIDR range (${value}): netip.ParsePrefix(${JSON.stringify(value)}): ${reason}`;
  }
  return isIpAddress(value) ? undefined : `bad IP address (${value})`;
}

/** RFC 3986 pchar, the literal segments Envoy's URI templates accept (security.validLiteral). */
const VALID_LITERAL = /^[a-zA-Z0-9-._~%!$&'()+,;:@=]+$/;

/**
 * security.CheckValidPathTemplate for one path: `{*}` and `{**}` are whole segments, `{**}` the last operator, and any
 * other `{`/`}` is rejected even in a path without a template. Go reports the path with its outer slashes trimmed.
 */
function pathTemplateError(name: string, original: string): string | undefined {
  // Without a brace no segment is an operator or holds one, and literals are checked only in templates.
  if (!original.includes('{') && !original.includes('}')) return undefined;
  const hasTemplate = original.includes('{*}') || original.includes('{**}');
  const path = original.replace(/^\/+|\/+$/g, '');
  const bad = (reason: string) => `invalid or unsupported path ${path}, found in ${name}. ${reason}`;
  let foundMatchAny = false;
  for (const glob of path.split('/')) {
    if (glob === '{*}' || glob === '{**}') {
      if (foundMatchAny) return bad('{**} is not the last operator');
      foundMatchAny = glob === '{**}';
      continue;
    }
    if (/[{}]/.test(glob)) return bad("Contains '{' or '}' beyond a supported path template");
    if (hasTemplate && !VALID_LITERAL.test(glob)) return bad(`Contains segment ${glob} with invalid string literal`);
  }
  return undefined;
}

/** security.CheckServiceAccount: `sa` or `namespace/sa`, no wildcard; [index of the first bad value, error]. */
function serviceAccountError(name: string, values: unknown): [number, string] | undefined {
  const list = asArray(values);
  if (list.length > 16) return [0, 'may not have more than 16 values'];
  for (const [i, value] of list.entries()) {
    if (typeof value !== 'string') continue;
    const format = "expected format 'serviceAccount' or 'namespace/serviceAccount'";
    if (value === '') return [i, `empty value not allowed, found in ${name}`];
    if (value.includes('*')) return [i, `wildcard not allowed, found in ${name}`];
    const slashes = value.split('/').length - 1;
    if (slashes > 1) return [i, `${format}, found ${JSON.stringify(value)} in ${name}`];
    if (value.length > 320) return [i, `value cannot exceed 320 characters, found ${JSON.stringify(value)} in ${name}`];
    const [ns = '', sa = ''] = value.split('/');
    if (slashes === 1 && ns === '') return [i, `${format}, found empty namespace ${JSON.stringify(value)} in ${name}`];
    if (slashes === 1 && sa === '') return [i, `${format}, found empty serviceAccount ${JSON.stringify(value)} in ${name}`];
  }
  return undefined;
}

/** security.CheckWildcardValues: one `*`, at the start or the end; [index of the first bad value, error]. */
function wildcardError(name: string, values: unknown): [number, string] | undefined {
  const list = asArray(values);
  const empty = list.indexOf('');
  if (empty >= 0) return [empty, `empty value not allowed, found in ${name}`];
  for (const [i, value] of list.entries()) {
    if (typeof value !== 'string') continue;
    const count = value.split('*').length - 1;
    if (count > 1) return [i, `at most one wildcard is allowed, found in ${name}: ${JSON.stringify(value)}`];
    if (count === 1 && value !== '*' && !value.startsWith('*') && !value.endsWith('*')) {
      return [i, `wildcard is only allowed at the start or end, found in ${name}: ${JSON.stringify(value)}`];
    }
  }
  return undefined;
}

/** security.CheckTrustDomainValues: wildcard values, none holding a `/`. */
function trustDomainError(name: string, values: unknown): [number, string] | undefined {
  const wildcard = wildcardError(name, values);
  if (wildcard) return wildcard;
  const index = asArray(values).findIndex((value) => typeof value === 'string' && value.includes('/'));
  return index < 0 ? undefined : [index, `trust domain must not contain '/', found in ${name}: ${JSON.stringify(asArray(values)[index])}`];
}

/** security.ValidateAttribute: the condition keys an AuthorizationPolicy `when` accepts. */
function attributeError(key: string, values: string[]): string | undefined {
  if (values.includes('')) return `empty value not allowed, found in ${key}`;
  const mapKey = () => {
    const open = key.indexOf('[');
    return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
  };
  if (key.startsWith('request.headers')) return mapKey();
  if (key === 'source.serviceAccount') return serviceAccountError(key, values)?.[1];
  if (key === 'source.ip' || key === 'remote.ip' || key === 'destination.ip') {
    const errors = values.map(ipError).filter(Boolean);
    return errors.length ? (errors.length === 1 ? errors[0] : `${errors.length} errors occurred:\n${errors.map((e) => `\t* ${e}`).join('\n')}\n\n`) : undefined;
  }
  if (key === 'source.trustDomain') return wildcardError(key, values)?.[1];
  if (['source.namespace', 'source.principal', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'connection.sni'].includes(key)) return undefined;
  if (key.startsWith('request.auth.claims')) return mapKey();
  if (key === 'destination.port') {
    const errors = values.map(portError).filter(Boolean);
    return errors.length ? (errors.length === 1 ? errors[0] : `${errors.length} errors occurred:\n${errors.map((e) => `\t* ${e}`).join('\n')}\n\n`) : undefined;
  }
  if (key.startsWith('experimental.envoy.filters.')) return mapKey();
  if (key === 'destination.namespace') return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  if (key === 'destination.name' || key === 'destination.user') return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key}`;
}

export function validateRequestAuthentication(report: Report, spec: Obj): void {
  validateSelectorKinds(report, spec);
  asArray(spec.jwtRules).forEach((value, i) => {
    const rule = asObject(value);
    const path = at('/spec/jwtRules', i);
    if (!rule) return;
    asArray(rule.audiences).forEach((aud, j) => {
      if (aud === '') report.error(at(path, 'audiences', j), 'audience must be non-empty string');
    });
    // JSON decoding accepts the proto name `jwks_uri` as well as `jwksUri` for the same field.
    const uriField = isSet(rule.jwksUri) ? 'jwksUri' : 'jwks_uri';
    const jwksUri = stringOr(rule[uriField]);
    // Since Istio 1.27 (istio/istio#56158) the issuer may be left out when jwksUri is given.
    if (stringOr(rule.issuer) === '' && jwksUri === '') report.error(isSet(rule.issuer) ? at(path, 'issuer') : path, 'issuer or jwksUri must be non-empty string');
    if (jwksUri) {
      // security.ParseJwksURI: url.Parse, then the scheme must be http or https
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(jwksUri)?.[1]?.toLowerCase() ?? '';
      if (scheme !== 'http' && scheme !== 'https') report.error(at(path, uriField), `URI scheme ${JSON.stringify(scheme)} is not supported`);
    }
    asArray(rule.fromHeaders).forEach((header, j) => {
      if (stringOr(asObject(header)?.name) === '') report.error(at(path, 'fromHeaders', j), 'location header name must be non-empty string');
    });
    asArray(rule.fromParams).forEach((param, j) => {
      if (param === '') report.error(at(path, 'fromParams', j), 'location query must be non-empty string');
    });
    asArray(rule.fromCookies).forEach((cookie, j) => {
      if (cookie === '') report.error(at(path, 'fromCookies', j), 'cookie name must be non-empty string');
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
