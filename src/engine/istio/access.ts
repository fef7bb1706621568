/**
 * Defensive readers for resource values: Istio rules run even when the schema
 * found type errors, so every read tolerates any shape and simply yields nothing.
 */
import {isRecord} from '../findings';

export type Obj = Record<string, unknown>;

export const asObject = (value: unknown): Obj | undefined => (isRecord(value) ? value : undefined);
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const isSet = (value: unknown): boolean => value !== undefined && value !== null;
/** Go's zero-value semantics: an absent, empty or null list counts as empty. */
export const isNonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
export const stringOr = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
export const numberOr = (value: unknown, fallback = 0): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
