/** The CEL `net.URL` value: what `url(string)` returns (apiserver pkg/cel/url.go URL). */
import type {GoUrl} from '../go/url';

export class CelUrl {
  constructor(readonly parts: GoUrl) {}
}
