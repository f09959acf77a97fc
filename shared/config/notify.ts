// Settings of the notify feature (filled in with it).
import type { z } from 'zod';

export const notifyShape = {};

type Raw = { [K in keyof typeof notifyShape]: z.output<(typeof notifyShape)[K]> };

export function notifySection(_s: Raw) {
  return {} as const;
}
