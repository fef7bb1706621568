/**
 * Networks as Linkerd's webhook reads them: each CIDR deserialized as k8s/api network.rs `Cidr`
 * (ipnet's IpNet, else std's IpAddr), then admission.rs validate_networks, for a
 * NetworkAuthentication (`Validate<NetworkAuthenticationSpec>`) and an EgressNetwork
 * (`Validate<EgressNetworkSpec>`); ServerAuthorization's client networks are in
 * admission-server-authorization.test.ts.
 */
import {describe, expect, it} from 'vitest';
import {cidrContains, formatCidr, parseCidr} from '../../../src/engine/families/linkerd/admission/cidr';
import {denial, manifest} from './admission-support';

const netAuthn = (networks: string) => manifest('policy.linkerd.io/v1alpha1', 'NetworkAuthentication', `  networks:\n${networks}`);
const egress = (networks: string) => manifest('policy.linkerd.io/v1alpha1', 'EgressNetwork', `  trafficPolicy: Allow\n${networks}`);

describe('CIDRs as network.rs Cidr::from_str parses them (ipnet, then std::net)', () => {
  it('reads networks and plain addresses of both families', () => {
    for (const text of ['10.0.0.0/8', '0.0.0.0/0', '10.1.1.1/24', '192.168.0.1', 'fd00::/8', '::/0', '2001:db8::1', '::ffff:10.0.0.1', '1:2:3:4:5:6:7::', '::1/128']) {
      expect(parseCidr(text), text).toBeDefined();
    }
  });

  it('refuses what Rust refuses: leading zeros, short IPv4, bad prefixes, zones, two gaps, an IPv4 part before ::', () => {
    for (const text of ['010.0.0.0/8', '10.0.0/8', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/+8', 'fe80::1%eth0', '1::2::3', '1.2.3.4::', '1:2:3:4:5:6:7::8',
      '12345::', 'fd00::/129', ' 10.0.0.0/8', 'bogus', '']) expect(parseCidr(text), text).toBeUndefined();
  });

  it('writes them back as std writes addresses (RFC 5952 compression, mapped IPv4) and keeps host bits', () => {
    expect(formatCidr(parseCidr('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatCidr(parseCidr('2001:db8:0:1:0:0:0:1/64')!)).toBe('2001:db8:0:1::1/64');
    expect(formatCidr(parseCidr('::ffff:0a00:0001')!)).toBe('::ffff:10.0.0.1');
    expect(formatCidr(parseCidr('10.1.1.1/24')!)).toBe('10.1.1.1/24');
  });

  it('contains as ipnet does: by network range, never across families', () => {
    const c = (a: string, b: string) => cidrContains(parseCidr(a)!, parseCidr(b)!);
    expect(c('10.1.1.0/24', '10.1.1.0/28')).toBe(true);
    expect(c('10.1.1.7/24', '10.1.1.200')).toBe(true);
    expect(c('10.1.1.0/28', '10.1.1.0/24')).toBe(false);
    expect(c('10.1.1.1', '10.1.1.1/32')).toBe(true);
    expect(c('0.0.0.0/0', '::1')).toBe(false);
  });
});

describe('NetworkAuthentication (Validate<NetworkAuthenticationSpec>, validate_networks)', () => {
  it('accepts networks with exceptions inside them, plain addresses included', () => {
    expect(denial(netAuthn('  - cidr: 10.1.0.0/16\n    except: [10.1.1.0/24, 10.1.2.3]\n  - cidr: fd00::/8\n'))).toBeUndefined();
  });

  it('refuses an empty list of networks', () => {
    expect(denial(manifest('policy.linkerd.io/v1alpha1', 'NetworkAuthentication', '  networks: []\n')))
      .toEqual({path: '/spec/networks', message: 'at least one network must be specified'});
  });

  it('refuses a CIDR Rust cannot parse with serde\'s untagged-enum message, at the value', () => {
    expect(denial(netAuthn('  - cidr: 10.1.0.0/16\n    except: [10.1.300.0/24]\n')))
      .toEqual({path: '/spec/networks/0/except/0', message: 'data did not match any variant of untagged enum Cidr'});
    expect(denial(netAuthn('  - cidr: 10.0.0.0/8\n  - cidr: 10.1.0.0/33\n')))
      .toEqual({path: '/spec/networks/1/cidr', message: 'data did not match any variant of untagged enum Cidr'});
  });

  it('refuses an exception covering the whole network', () => {
    expect(denial(netAuthn('  - cidr: 10.1.1.0/24\n    except: [10.1.0.0/16]\n')))
      .toEqual({path: '/spec/networks/0/except/0', message: "cidr '10.1.1.0/24' is completely negated by exception '10.1.0.0/16'"});
    // The network itself as its exception negates it too.
    expect(denial(netAuthn('  - cidr: 10.1.1.0/24\n    except: [10.1.1.0/24]\n'))?.message).toContain('is completely negated by exception');
  });

  it('refuses an exception outside the network, written as Rust writes it', () => {
    expect(denial(netAuthn('  - cidr: 2001:db8::/32\n    except: ["2001:0db9:0000::/48"]\n')))
      .toEqual({path: '/spec/networks/0/except/0', message: "cidr '2001:db8::/32' does not include exception '2001:db9::/48'"});
  });

  it('parses every CIDR before judging any: an unparsable one later wins over a bad exception earlier', () => {
    expect(denial(netAuthn('  - cidr: 10.1.1.0/24\n    except: [10.2.0.0/16]\n  - cidr: nope\n'))?.path).toBe('/spec/networks/1/cidr');
  });
});

describe('EgressNetwork (Validate<EgressNetworkSpec>)', () => {
  it('accepts no networks at all (the default: outside the cluster) and valid ones', () => {
    expect(denial(egress(''))).toBeUndefined();
    expect(denial(egress('  networks:\n  - cidr: 0.0.0.0/0\n    except: [10.0.0.0/8]\n'))).toBeUndefined();
  });

  it('refuses an empty networks list and bad exceptions as NetworkAuthentication does', () => {
    expect(denial(egress('  networks: []\n'))).toEqual({path: '/spec/networks', message: 'at least one network must be specified'});
    expect(denial(egress('  networks:\n  - cidr: 10.0.0.0/8\n    except: [192.168.0.0/16]\n'))?.message)
      .toBe("cidr '10.0.0.0/8' does not include exception '192.168.0.0/16'");
  });
});
