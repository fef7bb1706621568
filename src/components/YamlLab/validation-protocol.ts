import type {Diagnostic} from '@site/src/engine/types';

export interface ValidationRequest {
  requestId: number;
  text: string;
  context?: unknown[];
}

export interface ValidationResponse {
  requestId: number;
  diagnostics: Diagnostic[];
}
