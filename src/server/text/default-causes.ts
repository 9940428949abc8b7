// The cause taxonomy an organisation starts with, for property management, utilities and retail.
// Editable after seeding; codes are stable identifiers (reports and the classifier key on them),
// names are what people read. Keywords are Simplified Chinese and match after normalisation, so
// Traditional text finds them too; they seed suggestions until the organisation's own coded cases
// train the classifier.

/** Attribution class: 1 quality/function/price, 2 service and handling, 3 the customer's own reason, 4 force majeure or unknown. */
export type AttributionClass = 1 | 2 | 3 | 4;

/** A default cause code with its names in the three product languages and its suggestion keywords. */
export interface DefaultCause {
  code: string;
  attributionClass: AttributionClass;
  names: { 'zh-CN': string; 'zh-TW': string; 'en-US': string };
  keywords: readonly string[];
}

const cause = (
  code: string,
  attributionClass: AttributionClass,
  zhCN: string,
  zhTW: string,
  enUS: string,
  keywords: string[],
): DefaultCause => ({ code, attributionClass, names: { 'zh-CN': zhCN, 'zh-TW': zhTW, 'en-US': enUS }, keywords });

/** About thirty causes in four attribution classes, ordered by class. */
export const DEFAULT_CAUSES: readonly DefaultCause[] = [
  // 1 — quality, function, price: what was delivered fell short, whoever handled it.
  cause('PRODUCT_QUALITY', 1, '产品质量差', '產品品質差', 'Poor product quality',
    ['质量差', '质量问题', '劣质', '次品', '假货', '过期', '变质', '发霉', '做工粗糙', '掉色']),
  cause('PRODUCT_FAULT', 1, '产品故障或损坏', '產品故障或損壞', 'Product fault or damage',
    ['故障', '坏了', '失灵', '不能用', '用不了', '死机', '破损', '损坏', '碎了', '不工作']),
  cause('FACILITY_FAULT', 1, '公共设施设备故障', '公共設施設備故障', 'Shared facility breakdown',
    ['电梯', '门禁', '对讲', '路灯', '照明', '楼道灯', '道闸', '监控', '水泵', '消防', '困梯', '停运']),
  cause('REPAIR_QUALITY', 1, '维修质量差或返修', '維修品質差或返修', 'Poor repair workmanship or repeat repair',
    ['漏水', '渗水', '返修', '没修好', '修不好', '维修质量', '又坏', '堵塞', '下水道', '地漏']),
  cause('BUILDING_DEFECT', 1, '房屋质量缺陷', '房屋品質缺陷', 'Building defect',
    ['开裂', '裂缝', '空鼓', '墙皮', '脱落', '渗漏', '外墙', '防水', '墙面发霉', '交房']),
  cause('CLEANING_STANDARD', 1, '保洁不到位', '清潔不到位', 'Cleaning below standard',
    ['保洁', '卫生差', '打扫', '垃圾', '脏', '异味', '臭', '清运', '楼道卫生', '蚊虫']),
  cause('GREENERY_UPKEEP', 1, '绿化养护不到位', '綠化養護不到位', 'Poor landscaping upkeep',
    ['绿化', '草坪', '树木', '修剪', '杂草', '枯死', '虫害', '花坛']),
  cause('SECURITY_ORDER', 1, '安保及秩序管理不到位', '保全及秩序管理不到位', 'Security and order lapses',
    ['保安', '门岗', '巡逻', '外来人员', '被盗', '失窃', '小偷', '陌生人', '乱贴', '小广告']),
  cause('PARKING', 1, '停车管理问题', '停車管理問題', 'Parking management',
    ['停车', '车位', '乱停', '车库', '充电桩']),
  cause('PRICE_FEE', 1, '价格或收费不合理', '價格或收費不合理', 'Price or fee unreasonable',
    ['物业费', '收费', '太贵', '涨价', '价格', '公摊', '管理费']),
  cause('METER_ACCURACY', 1, '计量不准', '計量不準', 'Meter inaccuracy',
    ['电表', '水表', '燃气表', '读数', '计量', '走字', '表不准', '用量异常']),
  cause('SUPPLY_INTERRUPTION', 1, '停电停水停气', '停電停水停氣', 'Power, water or gas interruption',
    ['停电', '断电', '跳闸', '停水', '停气', '没电', '没水', '电压', '水压']),
  cause('SUPPLY_QUALITY', 1, '供水供暖质量差', '供水供暖品質差', 'Poor water or heating quality',
    ['水质', '黄水', '浑浊', '暖气', '不热', '供暖', '温度低', '空调', '制冷']),
  cause('OUT_OF_STOCK', 1, '缺货断货', '缺貨斷貨', 'Out of stock',
    ['缺货', '断货', '没货', '无货', '到货', '补货', '货源']),
  // 2 — service and handling skill: how people and processes dealt with the customer.
  cause('STAFF_ATTITUDE', 2, '员工服务态度差', '員工服務態度差', 'Poor staff attitude',
    ['态度', '不耐烦', '恶劣', '冷漠', '爱理不理', '骂人', '顶撞', '脸色', '语气', '凶']),
  cause('STAFF_SKILL', 2, '业务能力不足', '業務能力不足', 'Insufficient staff skill',
    ['不专业', '业务不熟', '不懂', '新手', '技术不行', '培训', '操作失误']),
  cause('POOR_EXPLANATION', 2, '解释说明不清', '解釋說明不清', 'Poor explanation',
    ['解释', '说不清', '说明不清', '答非所问', '前后不一', '说法不一', '没说清楚']),
  cause('LONG_WAIT', 2, '等候时间过长', '等候時間過長', 'Long wait',
    ['排队', '等候', '等了', '等太久', '窗口', '人太多', '叫号']),
  cause('SLOW_RESPONSE', 2, '响应或回复慢', '回應或回覆慢', 'Slow response or reply',
    ['回复', '没人接', '打不通', '不回', '回电', '响应', '没人理', '留言']),
  cause('SLOW_RESOLUTION', 2, '处理拖延推诿', '處理拖延推諉', 'Slow or evasive handling',
    ['拖延', '拖拉', '推诿', '踢皮球', '扯皮', '没解决', '一直没', '不了了之', '拖了']),
  cause('BROKEN_PROMISE', 2, '承诺未兑现', '承諾未兌現', 'Promise not kept',
    ['答应', '承诺', '说好', '兑现', '失约', '爽约', '没来', '放鸽子']),
  cause('NOTICE_MISSING', 2, '信息告知不到位', '資訊告知不到位', 'No or late notice',
    ['通知', '告知', '公告', '提前', '突然']),
  cause('BILLING_ERROR', 2, '账单或扣费错误', '帳單或扣費錯誤', 'Billing error',
    ['多收', '重复收费', '扣费', '账单', '扣款', '发票', '收据', '错账', '退费']),
  cause('WRONG_ORDER', 2, '订单或配送错误', '訂單或配送錯誤', 'Wrong order or delivery',
    ['送错', '发错', '少送', '漏发', '错发', '型号不对', '数量不对', '少了']),
  cause('LATE_DELIVERY', 2, '送货延迟', '送貨延遲', 'Late delivery',
    ['送货', '配送', '物流', '快递', '延迟', '没送到', '迟迟', '到货慢']),
  cause('STAFF_CONDUCT', 2, '员工违规或泄露隐私', '員工違規或洩露隱私', 'Staff misconduct or privacy breach',
    ['红包', '索要', '私自', '泄露', '隐私', '吃拿卡要', '玩手机', '抽烟']),
  // 3 — the customer's own reason: the service worked as agreed.
  cause('CUSTOMER_MISUNDERSTANDING', 3, '客户误解或期望不符', '客戶誤解或期望不符', 'Customer misunderstanding',
    ['误解', '误会', '以为', '不了解', '理解错']),
  cause('CUSTOMER_MISUSE', 3, '客户使用不当或自行造成', '客戶使用不當或自行造成', 'Customer misuse or own damage',
    ['使用不当', '操作不当', '人为', '自己弄', '私自改', '装修', '私拉']),
  cause('CUSTOMER_ARREARS', 3, '客户欠费或违约', '客戶欠費或違約', 'Customer arrears or breach',
    ['欠费', '催缴', '滞纳金', '违约', '拖欠', '停用']),
  cause('NEIGHBOUR_DISPUTE', 3, '邻里纠纷', '鄰里糾紛', 'Dispute between neighbours',
    ['邻居', '噪音', '扰民', '宠物', '狗', '占用公共', '堆放', '吵']),
  // 4 — force majeure or unknown: nobody's doing, or not yet known.
  cause('WEATHER_DISASTER', 4, '天气或自然灾害', '天氣或自然災害', 'Weather or natural disaster',
    ['台风', '暴雨', '大雪', '冰冻', '地震', '雷击', '洪水', '高温']),
  cause('THIRD_PARTY', 4, '第三方或市政原因', '第三方或市政原因', 'Third party or municipal cause',
    ['市政', '供电局', '自来水公司', '燃气公司', '电网', '施工', '运营商', '政府']),
  cause('UNKNOWN', 4, '原因不明或其他', '原因不明或其他', 'Unknown or other', []),
];
