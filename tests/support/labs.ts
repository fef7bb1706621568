/** Lab data the tests share: contexts as the build checks them, and the seed's VirtualService. */
import {readFileSync} from 'node:fs';
import {checkYamlLabFile} from '../../src/labs/check-lab-file';
import type {LabContext} from '../../src/labs/lab-context';

const contextSchema = JSON.parse(readFileSync('schemas/labs/context.schema.json', 'utf8')) as object;

/** labs/contexts/NAME.yaml, checked against its schema. */
export function labContext(name: string): LabContext {
  const file = `labs/contexts/${name}.yaml`;
  return checkYamlLabFile(file, readFileSync(file, 'utf8'), contextSchema) as LabContext;
}

/** The chapter's VirtualService, as the seed writes it (its first line is the `# VirtualService` comment). */
export const SEED_VIRTUAL_SERVICE = `# VirtualService
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v3
      weight: 50
`;
