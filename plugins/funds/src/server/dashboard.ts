import { errors } from '@zhenxing/core';
import { diffParameterSets } from '@zhenxing/rules';
import type { FundsContext } from './settings.ts';
import { fundsFigures, industryShare, parametersForYear, spendingFigures, spendingProgressOf, sumFigures } from './shares.ts';

/**
 * Live §4 industry share for the requested region (county, city or province): the region as a
 * whole (only counties that enabled funds) and each county with pass/fail and amounts needed.
 */
export async function industryShareDashboard(context: FundsContext, year: number) {
  const counties = context.access.counties;
  const [current, previous] = await Promise.all([fundsFigures(context.db, counties, year), fundsFigures(context.db, counties, year - 1)]);
  const parameters = parametersForYear(context.parameters, context.access.regionCode, year, context.today);
  const empty = sumFigures([]);
  return {
    regionCode: context.access.regionCode,
    year,
    parameterVersion: parameters.version,
    region: industryShare(sumFigures(current.values()), sumFigures(previous.values()), parameters),
    counties: counties.map((countyCode) => ({
      countyCode,
      ...industryShare(current.get(countyCode) ?? empty, previous.get(countyCode), parameters),
    })),
    /** Counties of the region that did not enable funds: not counted, and said so. */
    countiesWithoutModule: context.access.countiesWithoutModule,
  };
}

/**
 * "Evaluate under …" for the §4 industry-share test: the region and each county under the set the
 * year is judged by (or `recordedVersion`) beside a chosen published set, pass/fail and amounts
 * needed each time, which county's verdict changes, and the numbers that differ. Read-only.
 */
export async function industryShareReplay(context: FundsContext, year: number, version: string, recordedVersion?: string) {
  const counties = context.access.counties;
  const [current, previous] = await Promise.all([fundsFigures(context.db, counties, year), fundsFigures(context.db, counties, year - 1)]);
  const province = context.access.regionCode.slice(0, 2);
  const recorded = recordedVersion
    ? context.parameters.byVersion(recordedVersion)
    : parametersForYear(context.parameters, context.access.regionCode, year, context.today);
  const chosen = context.parameters.byVersion(version);
  if (recorded.provinceCode !== province || chosen.provinceCode !== province) {
    throw errors.notFound({ 'zh-CN': '该省的参数版本', en: "The province's parameter set" });
  }
  const empty = sumFigures([]);
  const verdicts = (share: ReturnType<typeof industryShare>) => ({
    central: share.central.test?.passed ?? null,
    fourLevel: share.fourLevel.test?.passed ?? null,
  });
  const both = (thisYear: Parameters<typeof industryShare>[0], lastYear: Parameters<typeof industryShare>[1]) => {
    const before = industryShare(thisYear, lastYear, recorded);
    const after = industryShare(thisYear, lastYear, chosen);
    const [was, is] = [verdicts(before), verdicts(after)];
    return { recorded: before, replayed: after, changed: was.central !== is.central || was.fourLevel !== is.fourLevel };
  };
  return {
    regionCode: context.access.regionCode,
    year,
    recordedVersion: recorded.version,
    replayedVersion: chosen.version,
    region: both(sumFigures(current.values()), sumFigures(previous.values())),
    counties: counties.map((countyCode) => ({ countyCode, ...both(current.get(countyCode) ?? empty, previous.get(countyCode)) })),
    parameterChanges: diffParameterSets(recorded, chosen),
    availableVersions: context.parameters.published(context.access.regionCode).map((set) => set.version),
  };
}

/** 支出进度 (paid / allocated) for the region and per county. */
export async function spendingProgressDashboard(context: FundsContext, year: number) {
  const counties = context.access.counties;
  const figures = await spendingFigures(context.db, counties, year);
  const perCounty = counties.map((countyCode) => ({ countyCode, ...(figures.get(countyCode) ?? spendingProgressOf(0, 0)) }));
  const allocated = perCounty.reduce((sum, county) => sum + county.allocatedFen, 0);
  const paid = perCounty.reduce((sum, county) => sum + county.paidFen, 0);
  return {
    regionCode: context.access.regionCode,
    year,
    region: spendingProgressOf(allocated, paid),
    counties: perCounty,
    countiesWithoutModule: context.access.countiesWithoutModule,
  };
}

/** Counties whose spending progress is below the threshold (slowest first), and those with nothing allocated. */
export async function slowSpendingDashboard(context: FundsContext, year: number, thresholdBasisPoints: number) {
  const progress = await spendingProgressDashboard(context, year);
  const slow = progress.counties
    .filter((county) => county.progressBasisPoints !== null && county.progressBasisPoints < thresholdBasisPoints)
    .sort((a, b) => (a.progressBasisPoints ?? 0) - (b.progressBasisPoints ?? 0));
  return {
    regionCode: progress.regionCode,
    year,
    thresholdBasisPoints,
    slow,
    nothingAllocated: progress.counties.filter((county) => county.progressBasisPoints === null).map((county) => county.countyCode),
    countiesWithoutModule: progress.countiesWithoutModule,
  };
}
