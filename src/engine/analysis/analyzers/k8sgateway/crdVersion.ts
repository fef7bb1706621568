/** k8sgateway/crdversion.go (CRDVersionAnalyzer): IST0176. */
import {asObject} from '../../../istio/access';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** consts.BundleVersionAnnotation: the Gateway API release a CRD comes from. */
const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

/** gatewayapi.MinimumCRDVersions at 1.30.3: below these istiod does not watch the kind. */
const MINIMUM_CRD_VERSIONS: ReadonlyMap<string, Version> = new Map([
  ['grpcroutes.gateway.networking.k8s.io', version(1, 1, 0)],
  ['backendtlspolicies.gateway.networking.k8s.io', version(1, 4, 0)],
  ['tlsroutes.gateway.networking.k8s.io', version(1, 5, 0)],
]);

/**
 * A Gateway API CustomResourceDefinition with a minimum version whose bundle-version annotation,
 * read as a semantic version without its pre-release, is below it. A missing or unreadable
 * annotation is left alone (istiod logs it).
 */
export const crdVersionAnalyzer: Analyzer = {
  name: 'k8sgateway.CRDVersionAnalyzer',
  inputs: [KINDS.CustomResourceDefinition],
  analyze(ctx) {
    for (const crd of ctx.resources('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const minimum = MINIMUM_CRD_VERSIONS.get(crd.name);
      if (!minimum) continue;
      const written = asObject(asObject(crd.value.metadata)?.annotations)?.[BUNDLE_VERSION_ANNOTATION];
      if (typeof written !== 'string') continue;
      const installed = parseSemver(written);
      if (!installed || compare(installed, minimum) >= 0) continue;
      ctx.report(crd, 'GatewayAPICRDVersionBelowMinimum', [crd.name, formatVersion(installed), formatVersion(minimum)]);
    }
  },
};

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
  metadata: string;
}

function version(major: number, minor: number, patch: number): Version {
  return {major, minor, patch, prerelease: '', metadata: ''};
}

const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
/** Masterminds/semver v3's loose form: an optional "v", one to three numbers, pre-release, metadata. */
const LOOSE = new RegExp(`^v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/** semver.NewVersion: undefined where it returns an error (no match, a numeric pre-release part with a leading zero, a number past uint64). */
export function parseSemver(text: string): Version | undefined {
  const match = LOOSE.exec(text);
  if (!match) return undefined;
  const [, major, minor = '0', patch = '0', prerelease = '', metadata = ''] = match;
  if (prerelease.split('.').some((part) => /^0[0-9]+$/.test(part))) return undefined;
  const numbers = [major!, minor, patch].map((n) => BigInt(n));
  if (numbers.some((n) => n > 0xffffffffffffffffn)) return undefined;
  const [a, b, c] = numbers.map((n) => Number(n));
  return {major: a!, minor: b!, patch: c!, prerelease, metadata};
}

/** Version.String(): major.minor.patch, then -pre-release and +metadata when present. */
export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

/** LessThan after SetPrerelease(""): the three numbers only (metadata never counts). */
function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
