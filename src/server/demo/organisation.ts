/**
 * The demo organisation's shape: a property-management group with its headquarters, two HQ
 * departments, two regions and eight sites (estates, office towers, a shopping centre).
 * Planned in memory first so the seeder can insert it level by level and later generators
 * (cases, surveys, inspections) can reuse the plan.
 */
import type { SiteKind } from '../../shared/roles.js';
import { newId } from '../lib/ids.js';
import { frontDeskNumber, type NameRegion } from './names.js';
import { CITIES, type City, type CityKey, type SiteCategory, siteName, streetAddress, type UnitLayout, unitLayout } from './places.js';
import type { Rng } from './random.js';

/** A fictional group: no real company of this name is meant. */
export const DEMO_ORG_NAME = '禾邻物业服务集团';

export interface PlannedSite {
  id: string;
  parentId: string | null;
  kind: SiteKind;
  code: string;
  name: string;
  address: string;
  phone: string;
  cityKey: CityKey;
  nameRegion: NameRegion;
}

/** A site customers live or work in. */
export interface PlannedCustomerSite extends PlannedSite {
  kind: 'site';
  category: SiteCategory;
  layout: UnitLayout;
  regionId: string;
  /** Relative share of the customers; estates are bigger than towers. */
  customerWeight: number;
}

export interface OrganisationPlan {
  name: string;
  hq: PlannedSite;
  departments: { management: PlannedSite; serviceCentre: PlannedSite };
  regions: PlannedSite[];
  sites: PlannedCustomerSite[];
}

interface SiteSpec {
  code: string;
  city: CityKey;
  district: string;
  category: SiteCategory;
}

interface RegionSpec {
  code: string;
  name: string;
  city: CityKey;
  district: string;
  sites: SiteSpec[];
}

const HQ_CITY: CityKey = 'shanghai';
const HQ_DISTRICT = '徐汇区';

const REGIONS: RegionSpec[] = [
  {
    code: 'HD',
    name: '华东区域',
    city: 'shanghai',
    district: '静安区',
    sites: [
      { code: 'SH-01', city: 'shanghai', district: '浦东新区', category: 'residential' },
      { code: 'SH-02', city: 'shanghai', district: '静安区', category: 'tower' },
      { code: 'SH-03', city: 'shanghai', district: '闵行区', category: 'residential' },
      { code: 'HZ-01', city: 'hangzhou', district: '滨江区', category: 'residential' },
    ],
  },
  {
    code: 'HN',
    name: '华南区域',
    city: 'shenzhen',
    district: '福田区',
    sites: [
      { code: 'SZ-01', city: 'shenzhen', district: '南山区', category: 'tower' },
      { code: 'SZ-02', city: 'shenzhen', district: '福田区', category: 'commercial' },
      { code: 'GZ-01', city: 'guangzhou', district: '天河区', category: 'residential' },
      { code: 'GZ-02', city: 'guangzhou', district: '番禺区', category: 'residential' },
    ],
  },
];

const CITY_CODES: Record<CityKey, string> = { shanghai: 'SH', hangzhou: 'HZ', shenzhen: 'SZ', guangzhou: 'GZ' };

/**
 * The regions' sites: the eight above, then (for benchmarks that want a bigger group) more
 * estates, towers and malls in the same cities, numbered on from each city's last code.
 */
function regionSpecs(siteCount: number): RegionSpec[] {
  const regions = REGIONS.map((r) => ({ ...r, sites: [...r.sites] }));
  const next: Record<string, number> = {};
  for (const r of regions) for (const s of r.sites) next[s.city] = Math.max(next[s.city] ?? 0, Number(s.code.slice(3)));
  const categories: SiteCategory[] = ['residential', 'residential', 'tower', 'residential', 'commercial'];
  for (let i = regions.reduce((n, r) => n + r.sites.length, 0), k = 0; i < siteCount; i++, k++) {
    const region = regions[k % regions.length];
    const cities = [...new Set(region.sites.map((s) => s.city))];
    const city = cities[Math.floor(k / regions.length) % cities.length];
    const districts = Object.keys(CITIES[city].districts);
    next[city] += 1;
    region.sites.push({ code: `${CITY_CODES[city]}-${String(next[city]).padStart(2, '0')}`, city, district: districts[k % districts.length], category: categories[k % categories.length] });
  }
  return regions;
}

/**
 * Plans the headquarters, departments, regions and sites with names, addresses and phones.
 * `label` tells apart demo organisations seeded side by side under other slugs; `siteCount`
 * (at least eight) is how many sites the regions hold.
 */
export function planOrganisation(rng: Rng, label?: string, siteCount = 8): OrganisationPlan {
  const orgName = label ? `${DEMO_ORG_NAME}（${label}）` : DEMO_ORG_NAME;
  const officeAddress = (city: CityKey, district: string) => `${streetAddress(rng, city, district, 'tower')}${rng.int(5, 28)}楼`;
  const place = (parentId: string | null, kind: SiteKind, code: string, name: string, city: CityKey, address: string): PlannedSite => ({
    id: newId(),
    parentId,
    kind,
    code,
    name,
    address,
    phone: frontDeskNumber(rng, CITIES[city].areaCode),
    cityKey: city,
    nameRegion: CITIES[city].nameRegion,
  });

  const hqAddress = officeAddress(HQ_CITY, HQ_DISTRICT);
  const hq = place(null, 'headquarters', 'HQ', `${orgName}总部`, HQ_CITY, hqAddress);
  // The departments sit in the headquarters building.
  const management = place(hq.id, 'department', 'HQ-GLB', '管理部', HQ_CITY, hqAddress);
  const serviceCentre = place(hq.id, 'department', 'HQ-KFZX', '客服中心', HQ_CITY, hqAddress);

  const regions: PlannedSite[] = [];
  const sites: PlannedCustomerSite[] = [];
  const takenNames = new Set<string>();
  for (const spec of regionSpecs(siteCount)) {
    const region = place(hq.id, 'region', spec.code, spec.name, spec.city, officeAddress(spec.city, spec.district));
    regions.push(region);
    for (const s of spec.sites) {
      const district = (CITIES[s.city] as City).districts[s.district];
      const name = siteName(rng, district, s.category, takenNames);
      sites.push({
        ...place(region.id, 'site', s.code, name, s.city, streetAddress(rng, s.city, s.district, s.category)),
        kind: 'site',
        category: s.category,
        layout: unitLayout(rng, s.category),
        regionId: region.id,
        customerWeight: s.category === 'residential' ? 1 + rng.int(0, 6) / 10 : s.category === 'tower' ? 0.45 : 0.35,
      });
    }
  }
  return { name: orgName, hq, departments: { management, serviceCentre }, regions, sites };
}

/** Every planned site, parents before children. */
export function allSites(plan: OrganisationPlan): PlannedSite[] {
  return [plan.hq, plan.departments.management, plan.departments.serviceCentre, ...plan.regions, ...plan.sites];
}
