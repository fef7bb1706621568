/**
 * istioctl analyze, telemetry/selector.go and telemetry/defaultselector.go: one selector-less Telemetry per
 * namespace (IST0160), no pod selected by two Telemetries (IST0159), selectors that select pods (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';
import {namedTelemetry, tracing} from '../support/manifests';

const withIngress = {context: ingressCluster};

describe('Telemetry workload selectors', () => {
  it('IST0160: two Telemetries without selector in one namespace', () => {
    const message = 'The Telemetries [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(istioctlFindings(`${namedTelemetry('b', tracing)}---\n${namedTelemetry('a', tracing)}`)).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0160', message},
      {at: '9:18', severity: 'error', code: 'IST0160', message},
    ]);
    expect(istioctlFindings(`${namedTelemetry('a', tracing)}---\n${namedTelemetry('b', tracing, 'istio-system')}`)).toEqual([]);
  });

  it('IST0159: two Telemetries selecting the same pod; IST0101 for a selector matching no pod of its namespace', () => {
    const found = istioctlFindings(`${namedTelemetry('by-app', `  selector: {matchLabels: {app: reviews}}\n${tracing}`)}---
${namedTelemetry('by-version', `  selector: {matchLabels: {version: v1}}\n${tracing}`)}---
${namedTelemetry('typo', `  selector: {matchLabels: {app: reviw}}\n${tracing}`)}`, withIngress);
    const message = 'The Telemetries [by-app by-version] in namespace "default" select the same workload pod "reviews-v1", which can lead to undefined behavior.';
    expect(found).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0159', message},
      {at: '10:18', severity: 'error', code: 'IST0159', message},
      {at: '19:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "app=reviw"'},
    ]);
  });
});
