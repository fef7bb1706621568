/**
 * Finds and replaces what must not end up in a published recording: bearer
 * tokens and JWTs, IP addresses, and cluster names (kubeconfig contexts such as
 * gke_project_zone_name or EKS ARNs, plus names the author lists).
 */
export interface RedactOptions {
  tokens?: boolean;
  ips?: boolean;
  /** Cluster names to replace; detected GKE/EKS/AKS-style names are added. */
  clusterNames?: string[];
}

export interface SensitiveFinding {
  kind: 'token' | 'ip' | 'cluster';
  text: string;
}

const JWT = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}\b/g;
const BEARER = /\b(Bearer\s+)[\w.~+/=-]{16,}/g;
const SECRET_FIELD = /\b(token|password|secret|client-key-data|client-certificate-data)(["']?\s*[:=]\s*["']?)([\w.~+/=-]{12,})/gi;
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
const CLUSTER_PATTERNS = [/\bgke_[\w-]+_[\w-]+_[\w-]+\b/g, /\barn:aws:eks:[\w-]+:\d{12}:cluster\/[\w-]+\b/g];

export const REDACTED_TOKEN = '<redacted-token>';
export const REDACTED_CLUSTER = 'my-cluster';

export function findSensitive(text: string, clusterNames: string[] = []): SensitiveFinding[] {
  const findings: SensitiveFinding[] = [];
  for (const match of text.matchAll(JWT)) findings.push({kind: 'token', text: match[0]});
  for (const match of text.matchAll(BEARER)) findings.push({kind: 'token', text: match[0]});
  for (const match of text.matchAll(SECRET_FIELD)) findings.push({kind: 'token', text: match[3]!});
  for (const match of text.matchAll(IPV4)) findings.push({kind: 'ip', text: match[0]});
  for (const pattern of CLUSTER_PATTERNS) for (const match of text.matchAll(pattern)) findings.push({kind: 'cluster', text: match[0]});
  for (const name of clusterNames) if (name && text.includes(name)) findings.push({kind: 'cluster', text: name});
  return findings;
}

/**
 * Applies the chosen redactions. IPs map consistently (same address, same
 * replacement) into 192.0.2.0/24, the range reserved for documentation, so
 * tables stay readable and references between outputs stay intact.
 */
export class Redactor {
  private readonly ipMap = new Map<string, string>();

  constructor(private readonly options: RedactOptions) {}

  redact(text: string): string {
    let result = text;
    if (this.options.tokens) {
      result = result.replace(JWT, REDACTED_TOKEN).replace(BEARER, `$1${REDACTED_TOKEN}`).replace(SECRET_FIELD, `$1$2${REDACTED_TOKEN}`);
    }
    const clusterNames = this.options.clusterNames ?? [];
    if (clusterNames.length || this.options.tokens) {
      for (const pattern of CLUSTER_PATTERNS) result = result.replace(pattern, REDACTED_CLUSTER);
      for (const name of clusterNames) if (name) result = result.split(name).join(REDACTED_CLUSTER);
    }
    if (this.options.ips) {
      result = result.replace(IPV4, (ip) => {
        if (!this.ipMap.has(ip)) this.ipMap.set(ip, `192.0.2.${(this.ipMap.size % 254) + 1}`);
        return this.ipMap.get(ip)!;
      });
    }
    return result;
  }
}
