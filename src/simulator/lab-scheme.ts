/**
 * The lab request panel's scheme: `http`, or `https` for a client that speaks TLS itself (curl's `https://`), whose
 * ClientHello carries the Host field's name as SNI. The simulator decides what a TLS or plaintext client meets on the
 * port (sidecar-l4.ts, gateway-l4.ts, simulate.ts schemeMismatch); the panel only chooses.
 */
import type {SimRequest} from './request';

export const LAB_SCHEMES: ReadonlyArray<SimRequest['scheme']> = ['http', 'https'];

/** Blank is `http`; anything but the two schemes (in any case) is refused with a message. */
export function readLabScheme(text: string | undefined): SimRequest['scheme'] | {error: string} {
  const written = (text ?? '').trim().toLowerCase();
  if (written === '') return 'http';
  const scheme = LAB_SCHEMES.find((s) => s === written);
  return scheme ?? {error: `The scheme "${(text ?? '').slice(0, 20)}" is neither http nor https, so no request is simulated.`};
}
