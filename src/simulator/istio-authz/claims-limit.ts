/**
 * The most JWT claims text the simulator reads (a real token's payload is a few KiB). Its own
 * module so the lab's request panel can bound its claims box without bundling jwt.ts.
 */
export const MAX_CLAIMS_BYTES = 16 * 1024;
