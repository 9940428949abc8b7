/**
 * Places for the demo: cities with real districts and roads, invented estate and tower names,
 * street addresses and the unit numbers people live and work in.
 */
import type { NameRegion } from './names.js';
import type { Rng } from './random.js';

export type SiteCategory = 'residential' | 'tower' | 'commercial';

export interface District {
  roads: readonly string[];
  /** Short local names that estates and towers borrow (浦江, 春申...). */
  places: readonly string[];
}

export interface City {
  name: string;
  areaCode: string;
  nameRegion: NameRegion;
  districts: Record<string, District>;
}

export const CITIES = {
  shanghai: {
    name: '上海市',
    areaCode: '021',
    nameRegion: 'east',
    districts: {
      浦东新区: { roads: ['张杨路', '世纪大道', '锦绣路', '东方路', '浦东南路', '杨高中路', '芳甸路', '金桥路'], places: ['浦江', '世纪', '东方', '金桥', '张江'] },
      静安区: { roads: ['南京西路', '延安中路', '江宁路', '北京西路', '常德路', '威海路'], places: ['静安', '江宁', '苏河', '南京'] },
      徐汇区: { roads: ['漕溪北路', '肇嘉浜路', '天钥桥路', '虹桥路', '宜山路'], places: ['徐汇', '漕溪', '衡山'] },
      闵行区: { roads: ['七莘路', '沪闵路', '都市路', '春申路', '银都路', '莘松路'], places: ['莘城', '春申', '闵浦', '七宝'] },
    },
  },
  hangzhou: {
    name: '杭州市',
    areaCode: '0571',
    nameRegion: 'east',
    districts: {
      滨江区: { roads: ['江南大道', '滨盛路', '长河路', '江晖路', '月明路'], places: ['钱塘', '江南', '滨江', '长河'] },
      西湖区: { roads: ['文三路', '古墩路', '天目山路', '文一西路'], places: ['西溪', '文三', '古荡'] },
    },
  },
  shenzhen: {
    name: '深圳市',
    areaCode: '0755',
    nameRegion: 'south',
    districts: {
      南山区: { roads: ['深南大道', '南海大道', '科苑路', '高新南一道', '后海大道'], places: ['南山', '科苑', '后海', '蛇口'] },
      福田区: { roads: ['深南中路', '福华路', '益田路', '金田路', '彩田路'], places: ['福田', '福华', '益田', '莲花'] },
    },
  },
  guangzhou: {
    name: '广州市',
    areaCode: '020',
    nameRegion: 'south',
    districts: {
      天河区: { roads: ['天河路', '体育西路', '花城大道', '天河北路', '黄埔大道'], places: ['天河', '珠江', '花城', '五山'] },
      番禺区: { roads: ['迎宾路', '番禺大道', '兴南大道', '市桥路'], places: ['番禺', '市桥', '南村', '大石'] },
    },
  },
} as const satisfies Record<string, City>;

export type CityKey = keyof typeof CITIES;

const NAME_WORDS: Record<SiteCategory, { words: readonly string[]; suffixes: readonly string[] }> = {
  residential: {
    // No word ends in 园 or 苑 itself, or a suffix would double it (嘉园花园).
    words: ['锦绣', '翠湖', '御景', '华庭', '明珠', '悦澜', '颐景', '玉兰', '怡景', '春晓', '雅居', '绿洲', '星河', '阳光', '金桂'],
    suffixes: ['花园', '花园', '小区', '小区', '苑'],
  },
  tower: {
    words: ['嘉汇', '汇智', '鼎盛', '恒信', '中环', '汇金', '盛泰', '科创', '环宇', '瑞丰'],
    suffixes: ['大厦', '中心大厦', '国际大厦', '商务大厦'],
  },
  commercial: {
    words: ['悦荟', '星汇', '天悦', '汇悦', '乐享', '城汇'],
    suffixes: ['广场', '购物广场', '商业中心'],
  },
};

/** An invented site name from a local place word, e.g. 浦江锦绣花园, 静安汇智中心大厦, 福华星汇广场. */
export function siteName(rng: Rng, district: District, category: SiteCategory, taken: Set<string>): string {
  const { words, suffixes } = NAME_WORDS[category];
  for (;;) {
    const name = rng.pick(district.places) + rng.pick(words) + rng.pick(suffixes);
    // Two sites with one name would make every list and report ambiguous.
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A street address: city, district, road and number; Shanghai estates are numbered by lane (弄). */
export function streetAddress(rng: Rng, cityKey: CityKey, districtName: string, category: SiteCategory): string {
  const city: City = CITIES[cityKey];
  const district = city.districts[districtName];
  const road = rng.pick(district.roads);
  if (cityKey === 'shanghai' && category === 'residential') return `${city.name}${districtName}${road}${rng.int(1, 120) * 10 + rng.int(0, 9)}弄`;
  return `${city.name}${districtName}${road}${rng.int(1, 2000)}号`;
}

/** How a site's units are numbered; drawn once per site so all its customers share one layout. */
export type UnitLayout =
  | { category: 'residential'; buildings: number; entrances: number; floors: number; flatsPerFloor: number }
  | { category: 'tower'; wings: readonly string[]; lowestFloor: number; floors: number; roomsPerFloor: number }
  | { category: 'commercial'; levels: readonly string[]; shopsPerLevel: number };

export function unitLayout(rng: Rng, category: SiteCategory): UnitLayout {
  if (category === 'residential') {
    return {
      category,
      buildings: rng.int(8, 32),
      entrances: rng.int(1, 4),
      // Six-storey walk-ups, then the high-rise heights building codes make common.
      floors: rng.pick([6, 11, 18, 26, 33]),
      flatsPerFloor: rng.int(2, 4),
    };
  }
  if (category === 'tower') {
    return { category, wings: rng.pick([['A', 'B'], ['A', 'B', 'C'], ['A', 'B', 'C', 'D']]), lowestFloor: 3, floors: rng.int(28, 45), roomsPerFloor: rng.int(8, 20) };
  }
  return { category, levels: ['B1', 'L1', 'L2', 'L3', 'L4'], shopsPerLevel: rng.int(40, 80) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad3 = (n: number) => String(n).padStart(3, '0');

/** A unit in the site's layout: 3栋2单元1502 (estate), A座1208室 (tower), L2-015号商铺 (mall). */
export function unitNumber(rng: Rng, layout: UnitLayout): string {
  switch (layout.category) {
    case 'residential': {
      const flat = `${rng.int(1, layout.floors)}${pad2(rng.int(1, layout.flatsPerFloor))}`;
      const building = `${rng.int(1, layout.buildings)}栋`;
      // Single-entrance buildings have no 单元 in their addresses.
      return layout.entrances === 1 ? `${building}${flat}` : `${building}${rng.int(1, layout.entrances)}单元${flat}`;
    }
    case 'tower':
      return `${rng.pick(layout.wings)}座${rng.int(layout.lowestFloor, layout.floors)}${pad2(rng.int(1, layout.roomsPerFloor))}室`;
    case 'commercial':
      return `${rng.pick(layout.levels)}-${pad3(rng.int(1, layout.shopsPerLevel))}号商铺`;
  }
}
