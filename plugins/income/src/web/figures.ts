/** Reading the province's growth figures as pasted from a statistics sheet (no React, tested on its own). */
import type { GrowthFiguresInput } from '../index.ts';

export type CountyFigure = GrowthFiguresInput['counties'][number];

/**
 * One county a line, as pasted from a statistics sheet: `县代码 当地农民收入增速（基点） [脱贫县]`,
 * separated by spaces, tabs or commas. Returns the rows, or the numbers (1-based) of the lines it
 * cannot read; the server checks the codes and ranges.
 */
export function parseCountyLines(text: string): { counties: CountyFigure[]; lines: number[]; badLines: number[] } {
  const counties: CountyFigure[] = [];
  const lines: number[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const [code, basisPoints, flag, ...rest] = line.split(/[\s,，]+/);
    const povertyCounty = flag === undefined ? false : /^(脱贫县|是|yes|y|1)$/i.test(flag) ? true : /^(否|no|n|0)$/i.test(flag) ? false : null;
    if (code === undefined || basisPoints === undefined || !/^-?\d+$/.test(basisPoints) || povertyCounty === null || rest.length > 0) {
      badLines.push(index + 1);
      return;
    }
    counties.push({ countyCode: code, localFarmersBasisPoints: Number(basisPoints), povertyCounty });
    lines.push(index + 1);
  });
  return { counties, lines, badLines };
}
