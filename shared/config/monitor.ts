// Settings of the unattended side: where state lives, where events go. (Filled in as those features arrive.)
import type { z } from 'zod';

export const monitorShape = {};

type Raw = { [K in keyof typeof monitorShape]: z.output<(typeof monitorShape)[K]> };

export function monitorSection(_s: Raw) {
  return {} as const;
}
