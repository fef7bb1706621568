/**
 * `kubectl get` of a custom resource: the API server's table convertor for its CRD
 * (apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor.go):
 * NAME, then the CRD's additionalPrinterColumns (priority > 0 only with -o wide), or Age alone
 * when it declares none. Each cell is the first value its JSONPath finds: a string column prints
 * it as jsonpath prints (a list as JSON), a date column as its age (cellForJSONValue).
 */
import {CRD_PRINTER_COLUMNS, type PrinterColumn} from './crd-columns';
import {age} from './duration';
import {creationTimestamp, type ModelObject} from './model';
import {findResults, text} from './jsonpath';
import type {KindColumns} from './kinds';

const AGE_ONLY: readonly PrinterColumn[] = [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}];

function cell(column: PrinterColumn, object: ModelObject, now: number): string {
  if (column.type === 'date' && column.jsonPath === '.metadata.creationTimestamp') return age(creationTimestamp(object), now);
  const value = findResults(column.jsonPath, object.value)[0];
  if (value === undefined || value === null) return '';
  switch (column.type) {
    case 'string':
      return text(value);
    case 'integer':
      return typeof value === 'number' ? String(Math.trunc(value)) : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : '';
    case 'date':
      return typeof value === 'string' ? age(value, now) : '';
  }
}

export function customColumns(group: string, kind: string): KindColumns | undefined {
  const declared = CRD_PRINTER_COLUMNS[`${group}/${kind}`];
  if (declared === undefined) return undefined;
  const columns = declared.length > 0 ? declared : AGE_ONLY;
  const normal = columns.filter((c) => !c.priority);
  const extra = columns.filter((c) => c.priority);
  return {
    headers: ['NAME', ...normal.map((c) => c.name.toUpperCase())],
    wide: extra.map((c) => c.name.toUpperCase()),
    row: (object, now, wide) => [object.name, ...(wide ? [...normal, ...extra] : normal).map((c) => cell(c, object, now))],
  };
}
