/**
 * What customers of a property-management group write and say, for demo and benchmark cases:
 * matters (a leaking ceiling, a broken lift, a fee query…) with the case types they arrive as, the
 * cause they are usually coded to, and sentences assembled from parts, so that a million cases do
 * not repeat one text. Written for this product; the wording follows how residents and front-desk
 * staff phrase such things, with the frequencies a property-management hotline sees.
 */
import type { CaseType } from '../../shared/schemas/cases.js';
import type { Rng } from './random.js';

export interface Matter {
  key: string;
  /** relative frequency among all contacts */
  weight: number;
  types: readonly (readonly [CaseType, number])[];
  /** the cause code (default taxonomy) a specialist would usually give it, when it is a complaint or repair */
  causes: readonly (readonly [string, number])[];
  /** a title, the opening sentence and what the customer asks, kept together so they agree; {place} {public} {building} {unit} {days} are filled in */
  variants: readonly (readonly [string, string, readonly string[]])[];
  /** how upset the customer sounds, added to any variant ('' for a plain request) */
  moods: readonly string[];
  /** what staff answer publicly */
  replies: readonly string[];
}

const PLACES = ['卫生间', '厨房', '主卧', '次卧', '阳台', '客厅'] as const;
const PUBLIC_PLACES = ['地下车库', '电梯厅', '大堂', '消防通道', '楼道', '小区南门', '中心花园', '垃圾房'] as const;

export const MATTERS: readonly Matter[] = [
  {
    key: 'leak',
    weight: 9,
    types: [['repair', 6], ['complaint', 3], ['message', 1]],
    causes: [['BUILDING_DEFECT', 4], ['FACILITY_FAULT', 3], ['REPAIR_QUALITY', 2], ['SLOW_RESOLUTION', 1]],
    variants: [
      ['{place}天花板漏水', '{building}{unit}，{place}天花板一直在滴水，', ['请尽快安排维修师傅上门查看。', '麻烦先帮忙联系一下楼上业主。']],
      ['{place}墙面渗水', '我家{place}墙角渗水，墙皮已经起泡脱落，', ['请派人来看看是不是外墙的问题。']],
      ['楼上漏水到我家', '楼上住户卫生间漏水，渗到我家{place}吊顶，', ['物业说是楼上的责任，楼上说是公共管道，互相推，到底谁管？', '麻烦先帮忙联系一下楼上业主。']],
      ['窗边渗水', '下雨后{place}窗边渗水，地板泡坏了，', ['希望物业协调开发商维修。']],
      ['{public}顶部漏水', '{public}顶上漏水，地面积水很滑，', ['家里有老人，进出很危险，麻烦尽快处理。']],
    ],
    moods: ['已经{days}天了，一直没人来处理。', '上次报修说修好了，结果又漏了，这是第三次了。', '再不处理我就打12345投诉。', ''],
    replies: ['已安排维修师傅今天下午上门查看漏点，请保持电话畅通。', '经查为楼上卫生间防水层老化，已协调楼上业主配合维修。', '维修已完成，已做闭水试验48小时无渗漏，请您查看。'],
  },
  {
    key: 'lift',
    weight: 7,
    types: [['repair', 5], ['complaint', 4], ['message', 1]],
    causes: [['FACILITY_FAULT', 6], ['REPAIR_QUALITY', 2], ['SLOW_RESPONSE', 1]],
    variants: [
      ['{building}电梯故障停运', '{building}的电梯从昨天开始停运，', ['老人上下楼非常不方便，请尽快修好。', '请告知大概什么时候能修好。']],
      ['电梯异响', '{building}2号电梯运行时有很大的异响，', ['孩子不敢坐了，希望彻底检修一下。']],
      ['电梯困人', '今天早上电梯停在两层中间，门打不开，', ['被困了二十多分钟才有人来，太危险了。']],
      ['电梯按键失灵', '{building}电梯按键经常没反应，', ['请安排维保单位检查一下。']],
    ],
    moods: ['这个月已经坏了好几次了，维保到底有没有在做？', '希望给个说法。', ''],
    replies: ['维保单位已到场检修，预计今晚恢复运行。', '经检查为门机控制板故障，已更换配件并完成安全测试。', '已安排维保单位本周内对全部电梯做一次全面检修。'],
  },
  {
    key: 'noise',
    weight: 6,
    types: [['complaint', 6], ['message', 3], ['suggestion', 1]],
    causes: [['NEIGHBOUR_DISPUTE', 4], ['SECURITY_ORDER', 4], ['CUSTOMER_MISUNDERSTANDING', 1]],
    variants: [
      ['楼上装修噪音扰民', '{building}楼上在装修，每天中午都在敲墙，', ['按规定中午不能施工，请物业管一管。']],
      ['夜间广场舞噪音', '晚上九点以后中心花园还有广场舞，音响开得很大，', ['孩子要上网课，根本没法学习。']],
      ['隔壁装修周末施工', '隔壁邻居周末一大早就开始电钻，', ['按规定周末不能施工，请物业管一管。']],
      ['夜里有人大声喧哗', '凌晨一两点楼下有人喝酒大声喧哗，', ['希望物业加强夜间巡查。']],
    ],
    moods: ['已经说过好几次了，一直没人管。', '上次保安来了说一下就走了，一点用都没有。', ''],
    replies: ['已联系装修业主，要求严格按规定时间施工。', '秩序维护员已到现场劝导，后续将加强夜间巡查。', '已在业主群和公告栏重申装修管理规定。'],
  },
  {
    key: 'cleaning',
    weight: 6,
    types: [['complaint', 5], ['message', 3], ['suggestion', 2]],
    causes: [['CLEANING_STANDARD', 8], ['STAFF_SKILL', 1]],
    variants: [
      ['{public}垃圾没人清理', '{public}的垃圾堆了两天了，', ['夏天苍蝇很多，请尽快清理。']],
      ['楼道卫生差', '{building}楼道里到处是烟头和纸屑，', ['保洁是不是没有按时打扫？']],
      ['垃圾房有异味', '垃圾房附近味道很大，', ['希望增加清运和消杀次数。']],
      ['电梯轿厢很脏', '{building}电梯里有宠物粪便，一直没人清理，', ['请尽快清理并提醒养宠业主。']],
    ],
    moods: ['物业费交了这么多，卫生还这么差。', '希望增加清扫次数。', ''],
    replies: ['已安排保洁员立即清理，并增加该区域的巡查频次。', '已对垃圾房进行消杀除臭处理。', '已对保洁班组进行考核整改。'],
  },
  {
    key: 'greenery',
    weight: 3,
    types: [['suggestion', 4], ['complaint', 3], ['message', 3]],
    causes: [['GREENERY_UPKEEP', 8], ['SECURITY_ORDER', 1]],
    variants: [
      ['树枝遮挡窗户', '{building}楼下的树长得太高，', ['挡住了低楼层的采光，请修剪一下。']],
      ['草坪杂草多', '中心花园的草坪很久没修剪了，', ['蚊子特别多。']],
      ['绿化带枯死', '南门的绿化带枯了一大片，', ['影响小区形象，希望补种。']],
      ['树上有马蜂窝', '{building}旁边的树上有个马蜂窝，', ['小孩经常在下面玩，很危险。']],
    ],
    moods: [''],
    replies: ['已安排绿化班组本周修剪。', '已请专业人员摘除马蜂窝。', '枯死苗木将于下月补种。'],
  },
  {
    key: 'parking',
    weight: 5,
    types: [['complaint', 5], ['inquiry', 3], ['suggestion', 2]],
    causes: [['PARKING', 7], ['SECURITY_ORDER', 2], ['PRICE_FEE', 1]],
    variants: [
      ['车位被占用', '我的固定车位又被别人的车占了，', ['请物业联系车主挪车。', '已经是第三次了，请给个说法。']],
      ['外来车辆乱停', '{public}经常停满外来车辆，', ['保安怎么放进来的？']],
      ['停车月卡办理', '想咨询一下停车月卡怎么办理，', ['需要带哪些材料，费用多少？']],
      ['地库道闸不抬杆', '地库出口道闸识别不了车牌，', ['每天早上排很长的队。']],
      ['消防通道被堵', '{building}门口的消防通道经常停着车，', ['万一着火怎么办？']],
    ],
    moods: [''],
    replies: ['已联系车主挪车，并对该车辆登记提醒。', '月卡可在前台办理，需携带行驶证和房产证明。', '道闸识别系统已升级，请再试一下。'],
  },
  {
    key: 'fees',
    weight: 5,
    types: [['inquiry', 5], ['complaint', 4], ['message', 1]],
    causes: [['PRICE_FEE', 4], ['BILLING_ERROR', 4], ['POOR_EXPLANATION', 2], ['CUSTOMER_MISUNDERSTANDING', 2]],
    variants: [
      ['物业费账单有误', '这个季度的物业费账单比上季度多了三百多元，', ['请核实一下是不是算错了。']],
      ['公摊水电费怎么算的', '想问一下公摊水电费是怎么计算的，', ['希望能公示明细。']],
      ['物业费缴纳方式', '请问物业费可以用微信缴纳吗？', ['麻烦告诉我具体操作步骤。']],
      ['多收了停车费', '我的停车费被重复扣了一次，', ['请尽快退还多收的费用。', '收费不合理，我要求退费。']],
    ],
    moods: [''],
    replies: ['经核查为系统重复计费，多收部分已原路退回。', '公摊费用按建筑面积分摊，明细已在公告栏公示。', '可通过物业公众号在线缴费，也可到前台刷卡。'],
  },
  {
    key: 'attitude',
    weight: 3,
    types: [['complaint', 9], ['message', 1]],
    causes: [['STAFF_ATTITUDE', 7], ['STAFF_CONDUCT', 2], ['POOR_EXPLANATION', 1]],
    variants: [
      ['前台工作人员态度差', '今天去前台办事，工作人员爱理不理，', ['这是什么态度？']],
      ['保安态度恶劣', '门口保安说话很冲，', ['我要投诉这个员工。']],
      ['维修师傅不耐烦', '维修师傅上门时很不耐烦，', ['希望加强员工培训。']],
      ['客服电话没人接', '打了一上午客服电话都打不通，', ['物业的服务意识太差了。']],
    ],
    moods: ['希望给个说法。', ''],
    replies: ['非常抱歉给您带来不好的体验，已对当事员工进行批评教育。', '客服主管将当面向您致歉。', '已调整前台排班，确保工作时间有人接听电话。'],
  },
  {
    key: 'slow_repair',
    weight: 4,
    types: [['complaint', 7], ['repair', 3]],
    causes: [['SLOW_RESPONSE', 4], ['SLOW_RESOLUTION', 3], ['BROKEN_PROMISE', 3]],
    variants: [
      ['报修多日无人上门', '{days}天前报修了{place}的水龙头，', ['到现在还没人来。']],
      ['约好的维修没来', '约好今天上午来修门锁，', ['等了一上午也没人来，电话也不接。']],
      ['维修拖了一周还没好', '上周报修的下水道堵塞，', ['说好的三天修好，现在还没修。']],
      ['报修后没有回复', '在公众号上报修后，', ['一直没有下文。']],
    ],
    moods: ['再不来我就去住建局投诉。', ''],
    replies: ['非常抱歉耽误了您的时间，维修师傅今天下午两点前上门。', '已督促维修班组优先处理，并由主管跟进。', '维修已完成，感谢您的耐心。'],
  },
  {
    key: 'access',
    weight: 3,
    types: [['repair', 5], ['inquiry', 3], ['complaint', 2]],
    causes: [['FACILITY_FAULT', 7], ['POOR_EXPLANATION', 2]],
    variants: [
      ['门禁卡失效', '{building}单元门的门禁刷不开，', ['每次都要等人开门。']],
      ['单元门关不上', '{building}单元门的闭门器坏了，门一直关不上，', ['陌生人随便进出，很不安全。']],
      ['人脸识别开不了门', '人脸识别经常识别不出来，', ['请尽快修一下。']],
      ['门禁卡补办', '门禁卡丢了，', ['请问怎么补办，费用多少？']],
    ],
    moods: [''],
    replies: ['门禁系统已重置，请重新试一下。', '闭门器已更换。', '补办门禁卡请携带身份证到前台办理，工本费20元。'],
  },
  {
    key: 'supply',
    weight: 3,
    types: [['complaint', 5], ['inquiry', 3], ['message', 2]],
    causes: [['SUPPLY_INTERRUPTION', 5], ['NOTICE_MISSING', 3], ['THIRD_PARTY', 2], ['SUPPLY_QUALITY', 2]],
    variants: [
      ['突然停水', '今天上午{building}突然停水了，', ['为什么没有提前通知？', '请问什么时候恢复？']],
      ['停电没有提前通知', '昨晚突然停电两个小时，', ['家里冰箱的东西都坏了。']],
      ['水压太小', '高层水压太小，热水器都打不着火，', ['希望检查一下二次供水设备。']],
      ['自来水发黄', '早上放出来的自来水是黄色的，', ['希望检查一下二次供水水箱。']],
    ],
    moods: ['能不能给个说法？', ''],
    replies: ['因市政管网抢修临时停水，预计下午五点恢复，给您带来不便深表歉意。', '二次供水水箱已清洗消毒，水质检测合格。', '以后计划停水停电将至少提前24小时通知。'],
  },
  {
    key: 'security',
    weight: 2,
    types: [['complaint', 5], ['message', 4], ['suggestion', 1]],
    causes: [['SECURITY_ORDER', 8], ['STAFF_CONDUCT', 1]],
    variants: [
      ['快递被人拿走', '放在门口的快递不见了，', ['请帮忙调一下监控。']],
      ['陌生人进入小区推销', '最近经常有推销人员挨家挨户敲门，', ['门岗是怎么管理的？']],
      ['电动车在楼道充电', '{building}楼道里有人给电动车充电，', ['有火灾隐患，请尽快处理。']],
      ['高空抛物', '{building}有人从楼上往下扔垃圾，', ['差点砸到人，太危险了。']],
    ],
    moods: [''],
    replies: ['已调取监控并协助您报警处理。', '已加强门岗访客登记管理。', '已清理楼道电动车并张贴安全告知。'],
  },
  {
    key: 'renovation',
    weight: 2,
    types: [['inquiry', 8], ['message', 2]],
    causes: [['POOR_EXPLANATION', 5], ['NOTICE_MISSING', 5]],
    variants: [
      ['装修申请流程', '准备装修，想咨询一下申请流程，', ['需要准备什么材料？']],
      ['装修押金退还', '装修已经完工一个月了，', ['押金什么时候可以退？']],
      ['装修垃圾清运', '请问装修垃圾怎么处理，', ['是否需要另外付费？']],
    ],
    moods: [''],
    replies: ['装修申请需提交图纸及施工单位资质，到前台登记即可。', '押金将在验收合格后十个工作日内退还。', '装修垃圾需袋装后放到指定堆放点，清运费按方收取。'],
  },
  {
    key: 'praise',
    weight: 3,
    types: [['praise', 10]],
    causes: [],
    variants: [
      ['感谢维修师傅', '昨天家里水管爆了，维修师傅半夜赶来，', ['服务很专业，特别感谢！']],
      ['表扬保安热心帮助', '我母亲在小区里迷了路，保安一路把她送回家，', ['希望公司给予表扬。']],
      ['感谢前台耐心解答', '前台小姑娘很耐心地帮我办好了手续，', ['很满意，辛苦了！']],
      ['保洁阿姨很负责', '{building}的保洁阿姨每天都把楼道打扫得很干净，', ['辛苦了！']],
    ],
    moods: [''],
    replies: ['感谢您的肯定，我们会继续努力。', '已将您的表扬转达并在班组内通报表扬。'],
  },
  {
    key: 'facility_suggestion',
    weight: 2,
    types: [['suggestion', 8], ['inquiry', 2]],
    causes: [],
    variants: [
      ['建议增设充电桩', '小区电动汽车越来越多，', ['建议在地库增设充电桩。']],
      ['建议增加儿童游乐设施', '小区里孩子很多，', ['希望能增加一些儿童游乐设施。']],
      ['建议延长前台服务时间', '上班族工作日没时间去前台，', ['建议周末也开放前台。']],
      ['建议安装快递柜', '快递经常放在门口，', ['建议在大堂安装智能快递柜。']],
    ],
    moods: [''],
    replies: ['感谢您的建议，已提交业委会讨论。', '已纳入明年的改造计划。'],
  },
];

const TOTAL_WEIGHT = MATTERS.reduce((a, m) => a + m.weight, 0);

/** A matter by frequency. */
export function pickMatter(rng: Rng): Matter {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const m of MATTERS) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return MATTERS[MATTERS.length - 1];
}

/** A title and description for the matter, as the customer (or the agent taking the call) writes them. */
export function caseText(rng: Rng, matter: Matter, context: { building: string; unit: string }): { title: string; description: string } {
  const [title, opening, asks] = rng.pick(matter.variants);
  // One draw each, so that the title and the description name the same room and place.
  const place = rng.pick(PLACES);
  const publicPlace = rng.pick(PUBLIC_PLACES);
  const days = String(rng.int(2, 9));
  const fillAll = (text: string) =>
    text.replaceAll('{place}', place).replaceAll('{public}', publicPlace).replaceAll('{building}', context.building).replaceAll('{unit}', context.unit).replaceAll('{days}', days);
  const mood = rng.pick(matter.moods);
  return { title: fillAll(title), description: fillAll(`${opening}${rng.pick(asks)}${mood}`) };
}

/** A public reply staff might give on the matter. */
export function replyText(rng: Rng, matter: Matter): string {
  return rng.pick(matter.replies);
}
