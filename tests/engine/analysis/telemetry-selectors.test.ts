/**
 * istioctl analyze, telemetry/selector.go and telemetry/defaultselector.go: one selector-less Telemetry per
 * namespace (IST0160), no pod selected by two Telemetries (IST0159), selectors that select pods (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';

const withIngress = {context: ingressCluster};

const telemetry = (name: string, spec: string, namespace = 'default') => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
const tracing = '  tracing: [{randomSamplingPercentage: 10}]\n';

describe('Telemetry workload selectors', () => {
  it('IST0160: two Telemetries without selector in one namespace', () => {
    const message = 'The Telemetries [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(istioctlFindings(`${telemetry('b', tracing)}---\n${telemetry('a', tracing)}`)).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0160', message},
      {at: '9:18', severity: 'error', code: 'IST0160', message},
    ]);
    expect(istioctlFindings(`${telemetry('a', tracing)}---\n${telemetry('b', tracing, 'istio-system')}`)).toEqual([]);
  });

  it('IST0159: two Telemetries selecting the same pod; IST0101 for a selector matching no pod of its namespace', () => {
    const found = istioctlFindings(`${telemetry('by-app', `  selector: {matchLabels: {app: reviews}}\n${tracing}`)}---
${telemetry('by-version', `  selector: {matchLabels: {version: v1}}\n${tracing}`)}---
${telemetry('typo', `  selector: {matchLabels: {app: reviw}}\n${tracing}`)}`, withIngress);
    const message = 'The Telemetries [by-app by-version] in namespace "default" select the same workload pod "reviews-v1", which can lead to undefined behavior.';
    expect(found).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0159', message},
      {at: '10:18', severity: 'error', code: 'IST0159', message},
      {at: '19:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "app=reviw"'},
    ]);
  });
});
