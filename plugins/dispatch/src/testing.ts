import type { LeakProbes } from '@zhenxing/core';

/** One input per procedure aimed at Xushui's records; a real record exists there. */
export const leakProbes: LeakProbes = async ({ victimCounty, call }) => {
  await call('dispatch.items.create', { title: '探针', recordedOn: '2022-03-01', amountFen: 100 });
  const region = { regionCode: victimCounty };
  return {
    'items.list': region,
    'items.create': { ...region, title: '越权', recordedOn: '2022-03-01', amountFen: 100 },
  };
};
