// "Now" is injected: in Azure it is the system clock; in local mode it is the simulated estate's clock, so that
// moving the estate's time moves the app's judgement with it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
