import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAUSES } from '../src/server/text/default-causes.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

// Coded complaints across five causes, as an estate's staff would record them; enough to pass
// the classifier's training threshold (30).
const CODED: [string, string][] = [
  ['STAFF_ATTITUDE', '前台客服说话很冲，业主问了两句就不耐烦'],
  ['STAFF_ATTITUDE', '保安对来访亲友大声呵斥，语气很差'],
  ['STAFF_ATTITUDE', '收银员全程黑着脸，找零直接扔在柜台上'],
  ['STAFF_ATTITUDE', '维修工上门时抱怨活多，对业主爱理不理'],
  ['STAFF_ATTITUDE', '电话客服态度冷淡，没听完就挂断电话'],
  ['STAFF_ATTITUDE', '管家当着其他业主的面顶撞老人，很没礼貌'],
  ['STAFF_ATTITUDE', '营业厅工作人员脸色难看，问问题不理人'],
  ['REPAIR_QUALITY', '卫生间防水上个月刚修过，现在又开始渗水'],
  ['REPAIR_QUALITY', '厨房水管换了接头还是滴水，师傅手艺不行'],
  ['REPAIR_QUALITY', '楼上管道维修后我家天花板继续漏水'],
  ['REPAIR_QUALITY', '门锁修完第二天又卡住打不开'],
  ['REPAIR_QUALITY', '下水道疏通后没过两天又堵了，返修三次'],
  ['REPAIR_QUALITY', '外墙补漏做完一下雨窗台照样进水'],
  ['PRICE_FEE', '物业费今年涨价，服务却没有任何提升'],
  ['PRICE_FEE', '停车月卡价格比周边小区贵一倍'],
  ['PRICE_FEE', '装修押金和垃圾清运费收得太高'],
  ['PRICE_FEE', '办理门禁卡要交两百元工本费，太贵了'],
  ['PRICE_FEE', '会员卡年费涨了，优惠反而变少'],
  ['SLOW_RESPONSE', '在线留言三天了也没有人回复'],
  ['SLOW_RESPONSE', '服务热线一直占线，打了十几遍打不通'],
  ['SLOW_RESPONSE', '报修电话登记后没人回电确认上门时间'],
  ['SLOW_RESPONSE', '公众号发消息反映问题，一周没有答复'],
  ['SLOW_RESPONSE', '邮件投诉提交后迟迟收不到回复'],
  ['SLOW_RESPONSE', '客服说会回电，等了一整天没消息'],
  ['CLEANING_STANDARD', '楼道垃圾两天没人清理，气味很大'],
  ['CLEANING_STANDARD', '电梯轿厢地面脏，到处是烟头'],
  ['CLEANING_STANDARD', '地下车库积灰严重，很久没打扫'],
  ['CLEANING_STANDARD', '小区水池长青苔，保洁不到位'],
  ['CLEANING_STANDARD', '大堂玻璃门上全是手印，很久没擦'],
  ['CLEANING_STANDARD', '楼梯扶手一层灰，保洁只扫地不擦拭'],
  ['CLEANING_STANDARD', '雨后小区路面泥泞，没人清扫'],
];

describe.each(DIALECTS)('cause coding on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'cz');
  });
  afterAll(async () => t?.drop());

  const newCase = async (body: Record<string, unknown> = {}, actor = 'agent') => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as(actor), {
      type: 'complaint',
      channel: 'phone',
      siteId: org.siteA,
      title: '业主投诉',
      description: '客服态度很差',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const code = (id: string, causeCode: string | null, actor = 'agent', extra: Record<string, unknown> = {}) =>
    api(t.app, 'PUT', `/api/v1/cases/${id}/cause`, as(actor), { causeCode, ...extra });
  const suggest = async (id: string, actor = 'agent') => {
    const res = await api(t.app, 'GET', `/api/v1/cases/${id}/cause-suggestions`, as(actor));
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { code: string; confidence: number; reasons: string[]; source: string; attributionClass: number; name: Record<string, string> }[]; modelExamples: number };
  };
  const modelRow = () => t.db.kysely.selectFrom('cause_models').selectAll().where('org_id', '=', org.orgId).executeTakeFirst();

  it('gives every organisation the default taxonomy on first use, once', async () => {
    const first = await api(t.app, 'GET', '/api/v1/cause-codes', as('agent@A'));
    expect(first.statusCode, first.body).toBe(200);
    const items = first.json().items as { code: string; attributionClass: number; name: Record<string, string>; keywords: string[]; active: boolean }[];
    expect(items.map((c) => c.code)).toEqual(DEFAULT_CAUSES.map((c) => c.code));
    const attitude = items.find((c) => c.code === 'STAFF_ATTITUDE')!;
    expect(attitude).toMatchObject({ attributionClass: 2, active: true, name: { 'zh-CN': '员工服务态度差', 'zh-TW': '員工服務態度差', 'en-US': 'Poor staff attitude' } });
    expect(attitude.keywords).toContain('态度');
    expect(new Set(items.map((c) => c.attributionClass))).toEqual(new Set([1, 2, 3, 4]));
    const again = await api(t.app, 'GET', '/api/v1/cause-codes', as('inspector'));
    expect(again.json().items).toHaveLength(DEFAULT_CAUSES.length);
    const seeded = await t.db.kysely.selectFrom('audit_events').select('action').where('org_id', '=', org.orgId).where('entity', '=', 'cause_code').execute();
    expect(seeded.map((e) => e.action)).toEqual(['seed']);
  });

  it('keeps each organisation’s taxonomy to itself', async () => {
    const created = await api(t.app, 'POST', '/api/v1/cause-codes', as('admin'), { code: 'NOISE', name: { 'zh-CN': '噪音扰民', 'zh-TW': '噪音擾民', 'en-US': 'Noise' }, attributionClass: 1, keywords: ['噪音'] });
    expect(created.statusCode, created.body).toBe(201);
    const other = await createOrgFixture(t.db, 'cz2');
    const list = await api(t.app, 'GET', '/api/v1/cause-codes', { bearer: other.users.admin.token });
    const codes = (list.json().items as { code: string; id: string }[]).map((c) => c.code);
    expect(codes).toHaveLength(DEFAULT_CAUSES.length);
    expect(codes).not.toContain('NOISE');
    // Another organisation's cause is not found, and its own code NOISE is free.
    expect((await api(t.app, 'PATCH', `/api/v1/cause-codes/${created.json().id}`, { bearer: other.users.admin.token }, { active: false })).statusCode).toBe(404);
    const theirs = await api(t.app, 'POST', '/api/v1/cause-codes', { bearer: other.users.specialist.token }, { code: 'NOISE', name: { 'zh-CN': '噪音', 'zh-TW': '噪音', 'en-US': 'Noise' }, attributionClass: 4 });
    expect(theirs.statusCode, theirs.body).toBe(201);
  });

  it('creates and edits causes, refuses a duplicate code with its field, and audits each change', async () => {
    const body = { code: 'WIFI_SIGNAL', name: { 'zh-CN': '公共区域网络信号差', 'zh-TW': '公共區域網路訊號差', 'en-US': 'Poor Wi-Fi in shared areas' }, attributionClass: 1, keywords: ['信号', 'wifi', '信号'] };
    const created = await api(t.app, 'POST', '/api/v1/cause-codes', as('specialist'), body);
    expect(created.statusCode, created.body).toBe(201);
    const cause = created.json();
    expect(cause).toMatchObject({ code: 'WIFI_SIGNAL', attributionClass: 1, keywords: ['信号', 'wifi'], active: true, version: 1 });

    const duplicate = await api(t.app, 'POST', '/api/v1/cause-codes', as('admin'), { ...body, code: 'STAFF_ATTITUDE' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'duplicate', details: [{ path: 'code' }] });

    const badCode = await api(t.app, 'POST', '/api/v1/cause-codes', as('admin'), { ...body, code: 'wifi signal', attributionClass: 5 });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['attributionClass', 'code']);

    const patched = await api(t.app, 'PATCH', `/api/v1/cause-codes/${cause.id}`, as('admin'), { name: { 'en-US': 'Weak Wi-Fi' }, attributionClass: 2, version: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ code: 'WIFI_SIGNAL', attributionClass: 2, version: 2, name: { 'zh-CN': '公共区域网络信号差', 'en-US': 'Weak Wi-Fi' } });
    const stale = await api(t.app, 'PATCH', `/api/v1/cause-codes/${cause.id}`, as('admin'), { active: false, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    // A patch that changes nothing writes nothing.
    const same = await api(t.app, 'PATCH', `/api/v1/cause-codes/${cause.id}`, as('admin'), { attributionClass: 2 });
    expect(same.json().version).toBe(2);

    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'before', 'after']).where('entity_id', '=', cause.id).orderBy('created_at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.parse(audit[1].before!)).toEqual({ name: { 'zh-CN': '公共区域网络信号差', 'zh-TW': '公共區域網路訊號差', 'en-US': 'Poor Wi-Fi in shared areas' }, attributionClass: 1 });

    // Only organisation-wide administrators and specialists edit the taxonomy.
    for (const actor of ['agent', 'supervisor', 'general_manager', 'specialist@A', 'admin@A']) {
      const res = await api(t.app, 'POST', '/api/v1/cause-codes', as(actor), { ...body, code: 'NOT_ALLOWED' });
      expect(res.statusCode, actor).toBe(403);
    }
  });

  it('codes a case, records it in the history and the audit, recodes and uncodes it', async () => {
    const c = await newCase({ description: '门岗保安态度恶劣，还骂人' });
    const res = await code(c.id, 'STAFF_ATTITUDE', 'agent', { version: c.version });
    expect(res.statusCode, res.body).toBe(200);
    const coded = res.json();
    expect(coded).toMatchObject({ causeCode: 'STAFF_ATTITUDE', version: c.version + 1 });
    expect(coded.events.at(-1)).toMatchObject({ kind: 'cause', actorId: org.users.agent.id, data: { from: null, to: 'STAFF_ATTITUDE' } });
    const row = await t.db.kysely.selectFrom('cases').select(['cause_code', 'cause_coded_by', 'cause_coded_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ cause_code: 'STAFF_ATTITUDE', cause_coded_by: org.users.agent.id });
    expect(row.cause_coded_at).not.toBeNull();
    expect((await modelRow())?.examples).toBe(1);

    // The same cause again changes nothing.
    const same = await code(c.id, 'STAFF_ATTITUDE');
    expect(same.json().version).toBe(coded.version);

    // Recoding forgets the old label and learns the new one: still one example.
    const recoded = await code(c.id, 'SECURITY_ORDER', 'supervisor');
    expect(recoded.statusCode, recoded.body).toBe(200);
    expect(recoded.json().causeCode).toBe('SECURITY_ORDER');
    const model = await modelRow();
    expect(model?.examples).toBe(1);
    expect(Object.keys(JSON.parse(model!.model).labels)).toEqual(['SECURITY_ORDER']);

    const stale = await code(c.id, 'STAFF_ATTITUDE', 'agent', { version: c.version });
    expect(stale.statusCode).toBe(409);

    const cleared = await code(c.id, null);
    expect(cleared.json().causeCode).toBeNull();
    expect((await modelRow())?.examples).toBe(0);

    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'after']).where('entity_id', '=', c.id).where('action', '=', 'code_cause').orderBy('created_at').orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.after!).causeCode)).toEqual(['STAFF_ATTITUDE', 'SECURITY_ORDER', null]);

    // Listed cases carry their cause.
    await code(c.id, 'STAFF_ATTITUDE');
    const list = await api(t.app, 'GET', `/api/v1/cases?pageSize=200`, as('agent'));
    expect(list.json().items.find((x: { id: string }) => x.id === c.id).causeCode).toBe('STAFF_ATTITUDE');
  });

  it('refuses an unknown or retired cause with 400 on causeCode, changing nothing', async () => {
    const c = await newCase();
    const unknown = await code(c.id, 'NO_SUCH_CAUSE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'causeCode' }] });

    const retired = await api(t.app, 'POST', '/api/v1/cause-codes', as('admin'), { code: 'RETIRED_CAUSE', name: { 'zh-CN': '旧原因', 'zh-TW': '舊原因', 'en-US': 'Old cause' }, attributionClass: 4 });
    expect((await api(t.app, 'PATCH', `/api/v1/cause-codes/${retired.json().id}`, as('admin'), { active: false })).json().active).toBe(false);
    const inactive = await code(c.id, 'RETIRED_CAUSE');
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.details[0].path).toBe('causeCode');

    const missing = await code(c.id, undefined as unknown as null);
    expect(missing.statusCode).toBe(400);

    const after = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('agent'))).json();
    expect(after).toMatchObject({ causeCode: null, version: c.version });
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });

  it('keeps other sites’ cases out of reach: 404 for coding and suggestions', async () => {
    const onB = await newCase({ siteId: org.siteB }, 'supervisor');
    expect((await code(onB.id, 'STAFF_ATTITUDE', 'agent@A')).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/cases/${onB.id}/cause-suggestions`, as('agent@A'))).statusCode).toBe(404);
    // Organisation-wide staff reach it; readers without cases.write may look but not code.
    expect((await code(onB.id, 'STAFF_ATTITUDE', 'agent')).statusCode).toBe(200);
    expect((await code(onB.id, 'PRICE_FEE', 'general_manager')).statusCode).toBe(403);
    expect((await api(t.app, 'GET', `/api/v1/cases/${onB.id}/cause-suggestions`, as('general_manager'))).statusCode).toBe(200);
    // Another organisation's staff do not find it at all.
    const other = await createOrgFixture(t.db, 'cz3');
    expect((await api(t.app, 'PUT', `/api/v1/cases/${onB.id}/cause`, { bearer: other.users.agent.token }, { causeCode: 'PRICE_FEE' })).statusCode).toBe(404);
  });

  it('suggests from keywords first and from the organisation’s own coded cases once it has learnt enough', async () => {
    const attitude = await newCase({ title: '前台投诉', description: '前台客服态度很差' });
    const leak = await newCase({ type: 'repair', title: '报修', description: '卫生间漏水' });
    const [a] = (await suggest(attitude.id)).items;
    expect(a).toMatchObject({ code: 'STAFF_ATTITUDE', attributionClass: 2, reasons: ['态度'], source: 'keywords', name: { 'zh-CN': '员工服务态度差' } });
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThan(1);
    const [l] = (await suggest(leak.id)).items;
    expect(l).toMatchObject({ code: 'REPAIR_QUALITY', reasons: ['漏水'], name: { 'en-US': 'Poor repair workmanship or repeat repair' } });

    // No keyword of any cause in this text: nothing to suggest yet.
    const unseen = await newCase({ title: '业主投诉', description: '大堂玻璃上都是手印，一层灰' });
    expect((await suggest(unseen.id)).items).toEqual([]);

    const before = (await modelRow())?.examples ?? 0;
    for (const [cause, text] of CODED) {
      const c = await newCase({ title: '业主投诉', description: text });
      const res = await code(c.id, cause);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await modelRow())?.examples).toBe(before + CODED.length);

    const learnt = await suggest(unseen.id);
    expect(learnt.modelExamples).toBeGreaterThanOrEqual(30);
    expect(learnt.items[0]).toMatchObject({ code: 'CLEANING_STANDARD', source: 'model', attributionClass: 1 });
    expect(learnt.items[0].reasons.length).toBeGreaterThan(0);
    expect(learnt.items[0].confidence).toBeGreaterThan(0);
    expect(learnt.items[0].confidence).toBeLessThan(1);
  });

  it('rebuilds the model from cases coded before it existed', async () => {
    await t.db.kysely.deleteFrom('cause_models').where('org_id', '=', org.orgId).execute();
    const coded = await t.db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', org.orgId).where('cause_code', 'is not', null).executeTakeFirstOrThrow();
    const c = await newCase({ title: '业主投诉', description: '地下车库墙角一层灰' });
    const res = await suggest(c.id);
    expect(res.modelExamples).toBe(Number(coded.n));
    expect((await modelRow())?.examples).toBe(Number(coded.n));
    // Learning continues on the rebuilt model.
    expect((await code(c.id, 'CLEANING_STANDARD')).statusCode).toBe(200);
    expect((await modelRow())?.examples).toBe(Number(coded.n) + 1);
  });

  it('learns from two people coding at the same time without losing either', async () => {
    const [w, x, y] = [await newCase({ description: '电梯又坏了' }), await newCase({ description: '保洁阿姨没打扫楼道' }), await newCase({ description: '物业费太贵' })];
    expect((await code(w.id, 'FACILITY_FAULT')).statusCode).toBe(200);
    const before = (await modelRow())!.examples;
    const [rx, ry] = await Promise.all([code(x.id, 'CLEANING_STANDARD', 'agent'), code(y.id, 'PRICE_FEE', 'supervisor')]);
    expect([rx.statusCode, ry.statusCode]).toEqual([200, 200]);
    expect((await modelRow())!.examples).toBe(before + 2);
  });
});
