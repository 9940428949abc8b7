/**
 * Demo customers: owners and tenants of the estates, tenant contacts in the towers, shopkeepers in
 * the mall. Produced one at a time from a seeded stream, so the first 400 customers of a 20,000
 * seed are the 400 of the default seed, and nothing larger than a batch is held in memory.
 */
import type { NewCustomer } from '../db/types.js';
import { newId } from '../lib/ids.js';
import { type Generation, mobileNumber, personalEmail, personName, storedLandline } from './names.js';
import type { OrganisationPlan, PlannedCustomerSite } from './organisation.js';
import { CITIES, unitNumber } from './places.js';
import { type Rng, weightedPicker } from './random.js';
import type { LocalClock } from './time.js';

/** The tag pool; kept small so filters and charts by tag stay readable. */
export const CUSTOMER_TAGS = ['业主', '租户', '商户', '企业联系人', '老人独居', '新入住', '装修中', '有宠物', '投诉敏感'] as const;

const NOTES = {
  vipResidential: ['业委会委员', '楼栋长，热心社区事务', '多套房产业主'],
  vipTower: ['企业行政负责人', '整层租户联系人'],
  vipCommercial: ['连锁品牌区域负责人', '主力店店长'],
  sensitive: ['沟通需耐心，优先电话联系', '曾多次投诉停车问题', '对维修时效要求高'],
  alone: ['子女在外地，紧急联系人见备用电话', '行动不便，上门服务优先'],
} as const;

export interface CustomerContext {
  orgId: string;
  plan: OrganisationPlan;
  clock: LocalClock;
  /** How far back customers were registered, in days. */
  historyDays: number;
}

/** Yields `count` customer rows; a customer's fields are drawn in a fixed order for reproducibility. */
export function* generateCustomers(rng: Rng, context: CustomerContext, count: number): Generator<NewCustomer> {
  const { orgId, plan, clock, historyDays } = context;
  const pickSite = weightedPicker(plan.sites.map((s) => [s, s.customerWeight] as const));
  // Phone numbers identify repeat callers, so two demo customers never share one.
  const usedPhones = new Set<string>();
  const uniquePhone = (make: () => string) => {
    for (;;) {
      const phone = make();
      if (!usedPhones.has(phone)) {
        usedPhones.add(phone);
        return phone;
      }
    }
  };

  for (let i = 0; i < count; i++) {
    const site: PlannedCustomerSite = pickSite(rng);
    const areaCode = CITIES[site.cityKey].areaCode;

    // When they were registered: any day of the history, weekends quieter, in office hours.
    let daysAgo = rng.int(1, historyDays);
    const weekday = clock.weekday(daysAgo);
    // Half the weekend registrations move back to the Friday before.
    if ((weekday === 0 || weekday === 6) && rng.chance(0.5)) daysAgo = Math.min(historyDays, daysAgo + (weekday === 0 ? 2 : 1));
    const createdAt = clock.at(daysAgo, rng.int(8 * 60 + 30, 19 * 60 + 30));

    const tags: string[] = [];
    let generation: Generation;
    let livesAlone = false;
    if (site.category === 'residential') {
      const owner = rng.chance(0.72);
      tags.push(owner ? '业主' : '租户');
      generation = owner ? rng.weighted([['older', 25], ['middle', 50], ['younger', 25]] as const) : rng.weighted([['middle', 40], ['younger', 60]] as const);
      livesAlone = owner && generation === 'older' && rng.chance(0.2);
      if (livesAlone) tags.push('老人独居');
      if (daysAgo <= 120 && rng.chance(0.7)) {
        tags.push('新入住');
        if (owner && rng.chance(0.3)) tags.push('装修中');
      }
      if (rng.chance(0.1)) tags.push('有宠物');
    } else if (site.category === 'tower') {
      tags.push(rng.chance(0.92) ? '租户' : '业主');
      if (rng.chance(0.7)) tags.push('企业联系人');
      generation = rng.weighted([['middle', 55], ['younger', 45]] as const);
    } else {
      tags.push('商户');
      generation = rng.weighted([['middle', 55], ['younger', 45]] as const);
    }
    const sensitive = rng.chance(0.03);
    if (sensitive) tags.push('投诉敏感');

    const person = personName(rng, { region: site.nameRegion, generation });
    // Older people living alone are often reached on the home phone.
    const phone = livesAlone && rng.chance(0.4) ? uniquePhone(() => storedLandline(rng, areaCode)) : uniquePhone(() => mobileNumber(rng));
    let phone2: string | null = null;
    if (livesAlone) {
      // A son's or daughter's mobile, to call when the parent does not answer.
      if (rng.chance(0.6)) phone2 = uniquePhone(() => mobileNumber(rng));
    } else if (site.category === 'residential' && rng.chance(0.15)) {
      phone2 = rng.chance(0.6) ? uniquePhone(() => mobileNumber(rng)) : uniquePhone(() => storedLandline(rng, areaCode));
    }

    const emailShare = site.category === 'residential' ? { older: 0.03, middle: 0.25, younger: 0.45 }[generation] : 0.4;
    const email = rng.chance(emailShare) ? personalEmail(rng, person) : null;

    const tierDraw = rng.next();
    const tier = tierDraw < 0.05 ? 'vip' : tierDraw < 0.2 ? 'key' : 'ordinary';

    let notes: string | null = null;
    if (tier === 'vip' && rng.chance(0.6)) {
      notes = rng.pick(site.category === 'residential' ? NOTES.vipResidential : site.category === 'tower' ? NOTES.vipTower : NOTES.vipCommercial);
    } else if (sensitive) {
      notes = rng.pick(NOTES.sensitive);
    } else if (livesAlone && phone2) {
      notes = rng.pick(NOTES.alone);
    }

    const consentSms = rng.chance(0.75);
    const consentSurvey = rng.chance(0.62);
    const consentEmail = email !== null && rng.chance(0.7);

    yield {
      id: newId(),
      org_id: orgId,
      site_id: site.id,
      name: person.name,
      phone,
      phone2,
      email,
      tier,
      unit: unitNumber(rng, site.layout),
      address: site.address,
      tags: JSON.stringify(tags),
      consent_sms: consentSms ? 1 : 0,
      consent_email: consentEmail ? 1 : 0,
      consent_survey: consentSurvey ? 1 : 0,
      notes,
      stage: 'none',
      stage_changed_at: null,
      deleted_at: null,
      version: 1,
      created_at: createdAt,
      updated_at: createdAt,
    };
  }
}
