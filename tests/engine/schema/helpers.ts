/** Small builders shared by the schema tests. */
import {validateResource} from '../../../src/engine/schema/index';
import type {SchemaIssue} from '../../../src/engine/types';

export function virtualService(spec: unknown, apiVersion = 'networking.istio.io/v1'): Record<string, unknown> {
  return {apiVersion, kind: 'VirtualService', metadata: {name: 'reviews', namespace: 'default'}, spec};
}

export function resource(apiVersion: string, kind: string, spec: unknown): Record<string, unknown> {
  return {apiVersion, kind, metadata: {name: 'example'}, spec};
}

/** Validates a resource built by one of the helpers, failing the test for unknown kinds. */
export function issuesOf(doc: Record<string, unknown>): SchemaIssue[] {
  const issues = validateResource(String(doc.apiVersion), String(doc.kind), doc);
  if (!issues) throw new Error(`unknown kind ${String(doc.apiVersion)} ${String(doc.kind)}`);
  return issues;
}

export function errorsOf(doc: Record<string, unknown>): SchemaIssue[] {
  return issuesOf(doc).filter((issue) => issue.severity === 'error');
}
