/** A region's name (loaded lazily and cached), the code on hover; `withCode` adds the code marked `data-code`. */
export { RegionName } from '@zhenxing/ui';
