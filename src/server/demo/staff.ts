/**
 * The demo staff: one account for every role, granted where that role works, so each login shows
 * the product as that person sees it.
 */
import type { Role } from '../../shared/roles.js';
import { newId } from '../lib/ids.js';
import { type Generation, mobileNumber, personName } from './names.js';
import type { OrganisationPlan } from './organisation.js';
import type { Rng } from './random.js';

export interface PlannedUser {
  id: string;
  username: string;
  name: string;
  phone: string;
  email: string;
  role: Role;
  /** null = organisation-wide */
  siteId: string | null;
  /** Days before today the account was created; agents joined over time. */
  joinedDaysAgo: number;
  /** What the login shows, e.g. 客服专员 · 浦江锦绣花园 (agent). */
  description: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  agent: '客服专员',
  supervisor: '客服主管',
  specialist: '管理部客服专员',
  site_director: '项目主任',
  general_manager: '总经理',
  inspector: '服务监督员',
  admin: '系统管理员',
};

/**
 * Plans the staff accounts. Usernames are role-based so a demo can be driven from the login list;
 * for an organisation other than the default they carry the slug, because usernames are unique
 * across organisations.
 */
export function planStaff(rng: Rng, plan: OrganisationPlan, options: { slug: string; defaultSlug: string; historyDays: number }): PlannedUser[] {
  const { slug } = options;
  const suffix = slug === options.defaultSlug ? '' : `.${slug}`;
  const users: PlannedUser[] = [];
  const add = (username: string, role: Role, siteId: string | null, scope: string, generation: Generation, joinedDaysAgo: number) => {
    const hqRegion = plan.hq.nameRegion;
    const site = siteId ? [...plan.regions, ...plan.sites].find((s) => s.id === siteId) : undefined;
    const person = personName(rng, { region: site?.nameRegion ?? hqRegion, generation });
    users.push({
      id: newId(),
      username,
      name: person.name,
      phone: mobileNumber(rng),
      email: `${username}@${slug}.example.com`,
      role,
      siteId,
      joinedDaysAgo,
      description: `${ROLE_LABELS[role]} · ${scope} (${role})`,
    });
  };
  const start = options.historyDays;
  const wide = '全集团';

  add(`${slug}.admin`, 'admin', null, wide, 'younger', start);
  add(`gm${suffix}`, 'general_manager', null, wide, 'middle', start);
  // Specialists follow every case across all sites, so their grant is organisation-wide rather
  // than on the management department, which has no sites below it.
  add(`specialist1${suffix}`, 'specialist', null, wide, 'middle', start);
  add(`specialist2${suffix}`, 'specialist', null, wide, 'younger', rng.int(200, start));
  for (const region of plan.regions) {
    add(`inspector.${region.code.toLowerCase()}${suffix}`, 'inspector', region.id, region.name, 'middle', rng.int(300, start));
  }
  for (const site of plan.sites) {
    const code = site.code.toLowerCase().replace(/-/g, '');
    add(`director.${code}${suffix}`, 'site_director', site.id, site.name, 'middle', start);
    add(`supervisor.${code}${suffix}`, 'supervisor', site.id, site.name, 'middle', rng.int(300, start));
    add(`agent.${code}a${suffix}`, 'agent', site.id, site.name, 'younger', rng.int(60, start));
    add(`agent.${code}b${suffix}`, 'agent', site.id, site.name, 'younger', rng.int(30, start));
  }
  return users;
}

/** One representative login per role, the administrator first (scripts look for it there). */
export function representativeLogins(users: readonly PlannedUser[]): { username: string; description: string }[] {
  const order: Role[] = ['admin', 'general_manager', 'specialist', 'site_director', 'supervisor', 'agent', 'inspector'];
  return order.map((role) => {
    const user = users.find((u) => u.role === role)!;
    return { username: user.username, description: user.description };
  });
}
