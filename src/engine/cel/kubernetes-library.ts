/**
 * The Kubernetes CEL extension functions that Istio's validation rules call, on top of
 * cel-js's standard library (which already has size, matches, startsWith, exists_one, int(),
 * duration(), lowerAscii, ...). The URL functions follow k8s.io/apiserver/pkg/cel/library/urls.go.
 */
import {Environment} from '@marcbachmann/cel-js';
import {parseRequestUri, isRequestUri, UrlParseError, type ParsedUrl} from './go-url';

/** The CEL `net.URL` value: what `url(string)` returns. */
export class CelUrl {
  constructor(readonly parts: ParsedUrl) {}
}

function toUrl(value: string): CelUrl {
  try {
    return new CelUrl(parseRequestUri(value));
  } catch (error) {
    const reason = error instanceof UrlParseError ? error.message : String(error);
    throw new Error(`URL parse error during conversion from string: parse "${value}": ${reason}`);
  }
}

export function createKubernetesEnvironment(): Environment {
  return new Environment({unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false})
    .registerVariable('self', 'dyn')
    .registerType('net.URL', CelUrl)
    .registerFunction('url(string): net.URL', toUrl)
    .registerFunction('isURL(string): bool', isRequestUri)
    .registerFunction('net.URL.getScheme(): string', (u: CelUrl) => u.parts.scheme)
    .registerFunction('net.URL.getHost(): string', (u: CelUrl) => u.parts.host)
    .registerFunction('net.URL.getHostname(): string', (u: CelUrl) => u.parts.hostname)
    .registerFunction('net.URL.getPort(): string', (u: CelUrl) => u.parts.port)
    .registerFunction('net.URL.getEscapedPath(): string', (u: CelUrl) => u.parts.path);
}
