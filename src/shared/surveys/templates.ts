import type { LocalizedText, Question, Section, ServqualDimension, SurveyDefinition } from './definition.js';

/*
 * Survey templates, written for property-management groups and power utilities in the three
 * product languages. A template is a starting point: "from template" copies it into a new draft
 * that the organisation edits and publishes as its own.
 */

export const SURVEY_TEMPLATES = ['servqual', 'csat', 'nps', 'property'] as const;
export type SurveyTemplate = (typeof SURVEY_TEMPLATES)[number];

const tx = (zhCN: string, zhTW: string, enUS: string): LocalizedText => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, 'en-US': enUS });

const SATISFIED_LOW = tx('非常不满意', '非常不滿意', 'Very dissatisfied');
const SATISFIED_HIGH = tx('非常满意', '非常滿意', 'Very satisfied');

function likert5(key: string, title: LocalizedText, extra: Partial<Question> = {}): Question {
  return { key, type: 'likert', scale: '1-5', title, required: false, lowLabel: SATISFIED_LOW, highLabel: SATISFIED_HIGH, ...extra } as Question;
}
function comments(key: string, title: LocalizedText, extra: Partial<Question> = {}): Question {
  return { key, type: 'text', title, required: false, multiline: true, maxLength: 2000, ...extra } as Question;
}
function yesNo(key: string, title: LocalizedText, extra: Partial<Question> = {}): Question {
  return { key, type: 'single_choice', title, required: false, options: [{ key: 'yes', label: tx('是', '是', 'Yes') }, { key: 'no', label: tx('否', '否', 'No') }], ...extra } as Question;
}

// ---------------------------------------------------------------------------------------------
// SERVQUAL: 22 statements, each answered twice on 1–7 (what an excellent provider would do, and
// what we do), then 100 points of importance shared across the five dimensions.

type Item = [ServqualDimension, LocalizedText];
const SERVQUAL_ITEMS: Item[] = [
  ['tangibles', tx('客服中心、营业厅等服务场所的设施设备现代、完好。', '客服中心、營業廳等服務場所的設施設備現代、完好。', 'The service centre and its equipment are modern and in good working order.')],
  ['tangibles', tx('园区、楼宇和办事场所整洁舒适，指示标识清楚。', '園區、樓宇和辦事場所整潔舒適，指示標識清楚。', 'Grounds, buildings and service counters are clean and comfortable, with clear signs.')],
  ['tangibles', tx('工作人员着装统一整洁，佩戴工牌，仪容得体。', '工作人員著裝統一整潔，佩戴工牌，儀容得體。', 'Staff wear a clean uniform and their name badge, and look professional.')],
  ['tangibles', tx('收费公示、办事指南、通知公告等资料清楚易懂。', '收費公示、辦事指南、通知公告等資料清楚易懂。', 'Fee notices, service guides and announcements are clear and easy to follow.')],
  ['reliability', tx('答应在某个时间完成的事情，都能按时完成。', '答應在某個時間完成的事情，都能按時完成。', 'What they promise to do by a certain time, they do by then.')],
  ['reliability', tx('我遇到困难时，他们真心实意地帮我解决。', '我遇到困難時，他們真心實意地幫我解決。', 'When I run into a problem, they genuinely try to solve it.')],
  ['reliability', tx('事情第一次就办好，不需要我反复催问。', '事情第一次就辦好，不需要我反覆催問。', 'They get things right the first time, without my having to chase them.')],
  ['reliability', tx('按约定的时间上门或提供服务（如预约的维修时间）。', '按約定的時間上門或提供服務（如預約的維修時間）。', 'They arrive and serve at the time agreed, such as a booked repair visit.')],
  ['reliability', tx('账单、收费和各项记录准确无误。', '帳單、收費和各項記錄準確無誤。', 'Bills, charges and records are accurate.')],
  ['responsiveness', tx('会明确告诉我服务什么时候进行、什么时候完成。', '會明確告訴我服務什麼時候進行、什麼時候完成。', 'They tell me clearly when a service will start and when it will be done.')],
  ['responsiveness', tx('对我的报修、咨询和投诉响应迅速。', '對我的報修、諮詢和投訴回應迅速。', 'They respond quickly to my repair requests, questions and complaints.')],
  ['responsiveness', tx('工作人员总是乐意帮助我。', '工作人員總是樂意幫助我。', 'Staff are always willing to help me.')],
  ['responsiveness', tx('工作人员再忙，也会及时回应我的请求。', '工作人員再忙，也會及時回應我的請求。', 'However busy they are, staff answer my requests promptly.')],
  ['assurance', tx('工作人员的言行举止让我信得过。', '工作人員的言行舉止讓我信得過。', 'The way staff behave makes me trust them.')],
  ['assurance', tx('缴费、登记、入户维修等事项交给他们办，我感到放心。', '繳費、登記、入戶維修等事項交給他們辦，我感到放心。', 'I feel safe leaving payments, registrations and in-home repairs to them.')],
  ['assurance', tx('工作人员始终礼貌待人。', '工作人員始終禮貌待人。', 'Staff are courteous at all times.')],
  ['assurance', tx('工作人员有足够的专业知识回答我的问题。', '工作人員有足夠的專業知識回答我的問題。', 'Staff know enough to answer my questions.')],
  ['empathy', tx('会针对我的情况给予个别关注。', '會針對我的情況給予個別關注。', 'They pay attention to my individual situation.')],
  ['empathy', tx('服务时间方便客户（如晚间、周末有人值班）。', '服務時間方便客戶（如晚間、週末有人值班）。', 'Service hours suit customers, with staff on duty in the evening and at weekends.')],
  ['empathy', tx('有专人关心我，了解我的情况。', '有專人關心我，了解我的情況。', 'There is someone who looks after me and knows my circumstances.')],
  ['empathy', tx('他们把客户的利益放在心上。', '他們把客戶的利益放在心上。', 'They have customers’ best interests at heart.')],
  ['empathy', tx('工作人员了解我的具体需要。', '工作人員了解我的具體需要。', 'Staff understand my particular needs.')],
];

const DIMENSION_TITLES: Record<ServqualDimension, LocalizedText> = {
  tangibles: tx('有形性：设施、环境与人员形象', '有形性：設施、環境與人員形象', 'Tangibles: facilities, premises and staff appearance'),
  reliability: tx('可靠性：准确可靠地兑现承诺', '可靠性：準確可靠地兌現承諾', 'Reliability: keeping promises accurately and dependably'),
  responsiveness: tx('响应性：乐于帮助、及时服务', '回應性：樂於幫助、及時服務', 'Responsiveness: willing and prompt help'),
  assurance: tx('保证性：专业、礼貌、值得信赖', '保證性：專業、禮貌、值得信賴', 'Assurance: knowledge, courtesy and trust'),
  empathy: tx('移情性：关心并理解每位客户', '同理性：關心並理解每位客戶', 'Empathy: caring, individual attention'),
};

const PAIR_HELP = tx(
  '左边请按您心目中优秀的物业服务企业应当做到的程度打分（期望），右边请按我们实际做到的程度打分（感知）。1 = 完全不同意，7 = 完全同意。',
  '左邊請按您心目中優秀的物業服務企業應當做到的程度評分（期望），右邊請按我們實際做到的程度評分（感知）。1 = 完全不同意，7 = 完全同意。',
  'On the left, score what an excellent service provider should do (expectation); on the right, what we actually do (perception). 1 = strongly disagree, 7 = strongly agree.',
);

function servqualTemplate(): SurveyDefinition {
  const sections: Section[] = (['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as ServqualDimension[]).map((dimension) => ({
    key: dimension,
    title: DIMENSION_TITLES[dimension],
    description: PAIR_HELP,
    questions: SERVQUAL_ITEMS.map(([d, title], i) => ({ d, title, itemNo: i + 1 }))
      .filter((item) => item.d === dimension)
      .map(({ title, itemNo }): Question => ({ key: `sq${String(itemNo).padStart(2, '0')}`, type: 'servqual_pair', dimension, itemNo, title, required: true })),
  }));
  sections.push({
    key: 'importance',
    title: tx('各方面的重要程度', '各方面的重要程度', 'How much each aspect matters'),
    description: tx(
      '请把 100 分分配给以下五个方面，分数越高表示这个方面对您越重要，五项合计必须等于 100 分。',
      '請把 100 分分配給以下五個方面，分數越高表示這個方面對您越重要，五項合計必須等於 100 分。',
      'Share 100 points among the five aspects below: the more points, the more that aspect matters to you. The five must add up to exactly 100.',
    ),
    questions: [
      {
        key: 'importance',
        type: 'allocation',
        required: true,
        title: tx('这五个方面对您的重要程度（合计 100 分）', '這五個方面對您的重要程度（合計 100 分）', 'Importance of the five aspects to you (100 points in total)'),
      },
    ],
  });
  sections.push({
    key: 'overall',
    title: tx('总体评价', '總體評價', 'Overall'),
    questions: [
      { key: 'overall', type: 'csat', required: true, title: tx('总体而言，您对我们的服务满意吗？', '總體而言，您對我們的服務滿意嗎？', 'Overall, how satisfied are you with our service?') },
      comments('comments', tx('您还有什么意见或建议？', '您還有什麼意見或建議？', 'Any other comments or suggestions?')),
    ],
  });
  return {
    title: tx('客户服务质量调查（SERVQUAL）', '客戶服務品質調查（SERVQUAL）', 'Service quality survey (SERVQUAL)'),
    description: tx(
      '感谢您抽出约十分钟参加本次调查。您的回答只用于改进服务，我们会对个人信息保密。',
      '感謝您抽出約十分鐘參加本次調查。您的回答只用於改善服務，我們會對個人資料保密。',
      'Thank you for taking about ten minutes to answer. Your answers are used only to improve our service, and your personal details stay confidential.',
    ),
    thanks: tx('问卷已提交，感谢您的宝贵意见！', '問卷已提交，感謝您的寶貴意見！', 'Your answers have been received. Thank you!'),
    sections,
  };
}

// ---------------------------------------------------------------------------------------------
// Post-case CSAT: a short check after a case is closed.

function csatTemplate(): SurveyDefinition {
  return {
    title: tx('服务回访满意度调查', '服務回訪滿意度調查', 'How did we handle your request?'),
    description: tx('您近期向我们反映的问题已处理完毕，请花一分钟告诉我们您的感受。', '您近期向我們反映的問題已處理完畢，請花一分鐘告訴我們您的感受。', 'Your recent request has been dealt with. Please take a minute to tell us how it went.'),
    thanks: tx('感谢您的反馈！', '感謝您的回饋！', 'Thank you for your feedback!'),
    sections: [
      {
        key: 'result',
        title: tx('处理结果', '處理結果', 'The outcome'),
        questions: [
          {
            key: 'resolved',
            type: 'single_choice',
            required: true,
            title: tx('您反映的问题解决了吗？', '您反映的問題解決了嗎？', 'Has your problem been solved?'),
            options: [
              { key: 'yes', label: tx('已解决', '已解決', 'Yes, solved') },
              { key: 'partly', label: tx('部分解决', '部分解決', 'Partly') },
              { key: 'no', label: tx('没有解决', '沒有解決', 'No') },
            ],
          },
          comments('unresolved', tx('还有哪些没有解决？', '還有哪些沒有解決？', 'What is still not solved?'), { required: true, showIf: { questionKey: 'resolved', anyOf: ['partly', 'no'] } }),
          { key: 'csat', type: 'csat', required: true, title: tx('您对这次处理的总体满意程度', '您對這次處理的總體滿意程度', 'How satisfied are you with how we handled it?') },
        ],
      },
      {
        key: 'details',
        title: tx('服务细节', '服務細節', 'Details'),
        questions: [
          likert5('speed', tx('处理速度', '處理速度', 'Speed of handling')),
          likert5('attitude', tx('工作人员的态度', '工作人員的態度', 'Attitude of the staff')),
          likert5('communication', tx('处理过程中的沟通与告知', '處理過程中的溝通與告知', 'Keeping you informed along the way')),
          comments('comments', tx('您对我们还有什么建议？', '您對我們還有什麼建議？', 'Anything we could do better?')),
        ],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// NPS relationship survey: the likelihood to recommend, and why.

const AREA_OPTIONS = [
  { key: 'security', label: tx('安保秩序', '保全秩序', 'Security') },
  { key: 'cleaning', label: tx('清洁卫生', '清潔衛生', 'Cleaning') },
  { key: 'greening', label: tx('绿化环境', '綠化環境', 'Landscaping') },
  { key: 'repairs', label: tx('维修服务', '維修服務', 'Repairs') },
  { key: 'front_desk', label: tx('前台客服', '前台客服', 'Front desk') },
  { key: 'fees', label: tx('收费与账务', '收費與帳務', 'Fees and billing') },
  { key: 'communication', label: tx('沟通与信息公开', '溝通與資訊公開', 'Communication') },
];

function npsTemplate(): SurveyDefinition {
  return {
    title: tx('客户推荐意愿调查', '客戶推薦意願調查', 'Would you recommend us?'),
    description: tx('只有几个问题，大约两分钟。', '只有幾個問題，大約兩分鐘。', 'Just a few questions; about two minutes.'),
    thanks: tx('谢谢！您的意见我们会认真对待。', '謝謝！您的意見我們會認真對待。', 'Thank you! We take every answer seriously.'),
    sections: [
      {
        key: 'recommend',
        title: tx('推荐意愿', '推薦意願', 'Recommendation'),
        questions: [
          { key: 'nps', type: 'nps', required: true, title: tx('您有多大可能向亲友推荐我们的服务？', '您有多大可能向親友推薦我們的服務？', 'How likely are you to recommend our service to friends or family?'), help: tx('0 = 完全不可能，10 = 非常可能', '0 = 完全不可能，10 = 非常可能', '0 = not at all likely, 10 = extremely likely') },
          comments('why_promoter', tx('您最满意我们哪些方面？', '您最滿意我們哪些方面？', 'What do you like most about our service?'), { showIf: { questionKey: 'nps', anyOf: [9, 10] } }),
          comments('why_passive', tx('我们怎样做，您才会打更高的分？', '我們怎樣做，您才會打更高的分？', 'What would make you give us a higher score?'), { showIf: { questionKey: 'nps', anyOf: [7, 8] } }),
          comments('why_detractor', tx('最让您不满意的是什么？', '最讓您不滿意的是什麼？', 'What disappointed you most?'), { showIf: { questionKey: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] } }),
          {
            key: 'improve',
            type: 'multiple_choice',
            required: false,
            maxSelected: 3,
            title: tx('您认为我们最需要改进的方面（最多选 3 项）', '您認為我們最需要改進的方面（最多選 3 項）', 'Where should we improve most? (up to 3)'),
            options: AREA_OPTIONS,
          },
        ],
      },
      {
        key: 'contact',
        title: tx('回访', '回訪', 'Follow-up'),
        questions: [
          yesNo('contact_ok', tx('是否愿意我们就您的意见与您联系？', '是否願意我們就您的意見與您聯繫？', 'May we contact you about your answers?')),
          {
            key: 'contact',
            type: 'customer_details',
            required: true,
            fields: ['name', 'phone', 'unit'],
            title: tx('您的联系方式', '您的聯絡方式', 'Your contact details'),
            showIf: { questionKey: 'contact_ok', anyOf: ['yes'] },
          },
        ],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Property services satisfaction by service area.

function propertyTemplate(): SurveyDefinition {
  return {
    title: tx('物业服务满意度调查', '物業服務滿意度調查', 'Property services satisfaction survey'),
    description: tx(
      '为了解您对本项目物业服务的评价，请按您的实际感受填写。1 分为非常不满意，5 分为非常满意；没有接触过的服务可以不填。',
      '為了解您對本項目物業服務的評價，請按您的實際感受填寫。1 分為非常不滿意，5 分為非常滿意；沒有接觸過的服務可以不填。',
      'Please tell us how you rate the property services here. 1 = very dissatisfied, 5 = very satisfied; leave out any service you have not used.',
    ),
    thanks: tx('感谢您的参与！调查结果和整改措施将在公告栏公示。', '感謝您的參與！調查結果和整改措施將在公告欄公示。', 'Thank you! The results and what we will change will be posted on the notice board.'),
    sections: [
      {
        key: 'about',
        title: tx('基本情况', '基本情況', 'About you'),
        questions: [
          {
            key: 'resident_type',
            type: 'single_choice',
            required: true,
            title: tx('您的身份', '您的身分', 'You are'),
            options: [
              { key: 'owner', label: tx('业主', '業主', 'An owner') },
              { key: 'tenant', label: tx('租户', '租戶', 'A tenant') },
              { key: 'business', label: tx('商户/企业', '商戶/企業', 'A business') },
            ],
          },
          {
            key: 'years',
            type: 'single_choice',
            required: false,
            title: tx('您在本项目居住或办公的时间', '您在本項目居住或辦公的時間', 'How long you have lived or worked here'),
            options: [
              { key: 'lt1', label: tx('不到 1 年', '不到 1 年', 'Under 1 year') },
              { key: 'y1_3', label: tx('1–3 年', '1–3 年', '1–3 years') },
              { key: 'y3_5', label: tx('3–5 年', '3–5 年', '3–5 years') },
              { key: 'gt5', label: tx('5 年以上', '5 年以上', 'Over 5 years') },
            ],
          },
        ],
      },
      {
        key: 'security',
        title: tx('安保服务', '保全服務', 'Security'),
        questions: [
          likert5('security_patrol', tx('门岗值守与巡逻', '門崗值守與巡邏', 'Gate duty and patrols')),
          likert5('security_parking', tx('车辆进出与停车秩序', '車輛進出與停車秩序', 'Vehicle access and parking order')),
          likert5('security_visitors', tx('外来人员登记与管理', '外來人員登記與管理', 'Visitor registration and control')),
        ],
      },
      {
        key: 'cleaning',
        title: tx('保洁服务', '清潔服務', 'Cleaning'),
        questions: [
          likert5('cleaning_common', tx('大堂、楼道、电梯等公共区域的清洁', '大堂、樓道、電梯等公共區域的清潔', 'Cleanliness of lobbies, corridors and lifts')),
          likert5('cleaning_waste', tx('垃圾分类与清运', '垃圾分類與清運', 'Waste sorting and collection')),
        ],
      },
      {
        key: 'greening',
        title: tx('绿化养护', '綠化養護', 'Landscaping'),
        questions: [
          likert5('greening_upkeep', tx('绿地修剪、浇灌和补种', '綠地修剪、澆灌和補種', 'Pruning, watering and replanting')),
          likert5('greening_environment', tx('园区整体环境与景观', '園區整體環境與景觀', 'The look of the grounds overall')),
        ],
      },
      {
        key: 'repairs',
        title: tx('维修服务', '維修服務', 'Repairs'),
        questions: [
          yesNo('repairs_used', tx('过去半年您是否报修过？', '過去半年您是否報修過？', 'Have you asked for a repair in the past six months?'), { required: true }),
          likert5('repairs_speed', tx('报修后的响应速度', '報修後的回應速度', 'How quickly we responded'), { showIf: { questionKey: 'repairs_used', anyOf: ['yes'] } }),
          likert5('repairs_quality', tx('维修质量（一次修好）', '維修品質（一次修好）', 'Quality of the repair (fixed the first time)'), { showIf: { questionKey: 'repairs_used', anyOf: ['yes'] } }),
          likert5('repairs_conduct', tx('维修人员的规范与礼貌', '維修人員的規範與禮貌', 'Conduct and courtesy of the repair staff'), { showIf: { questionKey: 'repairs_used', anyOf: ['yes'] } }),
        ],
      },
      {
        key: 'front_desk',
        title: tx('前台客服', '前台客服', 'Front desk'),
        questions: [
          likert5('front_desk_attitude', tx('前台和客服人员的服务态度', '前台和客服人員的服務態度', 'Attitude of front-desk and service staff')),
          likert5('front_desk_handling', tx('咨询、投诉的处理效率', '諮詢、投訴的處理效率', 'How efficiently questions and complaints are handled')),
        ],
      },
      {
        key: 'fees',
        title: tx('收费管理', '收費管理', 'Fees'),
        questions: [
          likert5('fees_transparency', tx('收费标准与收支公示的透明度', '收費標準與收支公示的透明度', 'Openness about fees, income and spending')),
          likert5('fees_value', tx('物业费与服务质量相符的程度', '物業費與服務品質相符的程度', 'Value for the fee you pay')),
        ],
      },
      {
        key: 'overall',
        title: tx('总体评价', '總體評價', 'Overall'),
        questions: [
          { key: 'overall', type: 'csat', required: true, title: tx('您对本项目物业服务的总体满意程度', '您對本項目物業服務的總體滿意程度', 'Overall, how satisfied are you with the property services here?') },
          comments('comments', tx('您最希望我们改进的是什么？', '您最希望我們改進的是什麼？', 'What would you most like us to improve?')),
        ],
      },
    ],
  };
}

const BUILDERS: Record<SurveyTemplate, () => SurveyDefinition> = { servqual: servqualTemplate, csat: csatTemplate, nps: npsTemplate, property: propertyTemplate };

/** A fresh copy of a template's definition. */
export function surveyTemplate(name: SurveyTemplate): SurveyDefinition {
  return BUILDERS[name]();
}
