// Development fixture for the mock GraphQL server (never bundled into dist).
// Modelled on the 杭州市西湖区 "一窗受理、四端协同" items; the real hub loads its own demo data.

export const departments = [
  { code: 'RS', name: '杭州市西湖区人力资源和社会保障局', shortName: '人社' },
  { code: 'YB', name: '杭州市西湖区医疗保障局', shortName: '医保' },
  { code: 'MZ', name: '杭州市西湖区民政局', shortName: '民政' },
  { code: 'WJ', name: '杭州市西湖区卫生健康局', shortName: '卫健' },
  { code: 'CL', name: '杭州市西湖区残疾人联合会', shortName: '残联' },
  { code: 'GA', name: '杭州市公安局西湖区分局', shortName: '公安' },
  { code: 'SJ', name: '杭州市西湖区市场监督管理局', shortName: '市场监管' },
  { code: 'TY', name: '杭州市西湖区退役军人事务局', shortName: '退役军人事务' },
]

export const lifeEvents = [
  { code: 'BIRTH', name: '新生儿出生', description: '新生儿出生后办理生育登记、户口登记、医保参保等一件事。' },
  { code: 'EMPLOYMENT', name: '就业创业', description: '求职就业、失业登记、灵活就业参保和个体开业。' },
  { code: 'RETIREMENT', name: '退休养老', description: '养老保险参保、待遇领取，老年人优待与高龄津贴。' },
  { code: 'MEDICAL', name: '看病就医', description: '医保参保、关系转移、异地就医备案和医疗费用报销。' },
  { code: 'ASSISTANCE', name: '社会救助', description: '最低生活保障、临时救助等困难群众帮扶。' },
  { code: 'DISABILITY', name: '残疾人服务', description: '残疾人证办理和残疾人生活补贴。' },
  { code: 'RESIDENCE', name: '居住落户', description: '居住登记、居住证申领和户口登记。' },
  { code: 'VETERAN', name: '退役安置', description: '退役军人信息采集、优待证申领和安置补助。' },
]

export const servicePoints = [
  { code: '330100', name: '杭州市', centreName: '杭州市民之家', level: 'CITY', parent: null, address: '杭州市上城区解放东路18号', phone: '0571-12345', hours: '工作日 9:00-17:00' },
  { code: '330106', name: '西湖区行政服务中心', centreName: '杭州市西湖区行政服务中心', level: 'DISTRICT', parent: '330100', address: '杭州市西湖区文二西路 西湖区行政服务中心', phone: '0571-12345', hours: '工作日 9:00-17:00（周六上午 9:00-12:00）' },
  { code: '330106001', name: '文新街道便民服务中心', centreName: '西湖区文新街道便民服务中心', level: 'STREET', parent: '330106', address: '杭州市西湖区文新街道', phone: '0571-12345', hours: '工作日 8:30-17:00' },
  { code: '330106001001', name: '骆家庄社区便民服务站', centreName: '文新街道骆家庄便民服务中心', level: 'COMMUNITY', parent: '330106001', address: '杭州市西湖区文新街道骆家庄', phone: '0571-12345', hours: '工作日 8:30-17:00' },
  { code: '330106GA01', name: '西湖区公安分局户政窗口', centreName: '杭州市西湖区行政服务中心', level: 'DISTRICT', parent: '330106', address: '杭州市西湖区行政服务中心 公安户政窗口', phone: '0571-12345', hours: '工作日 9:00-17:00' },
  { code: '330106CL01', name: '西湖区残联服务窗口', centreName: '杭州市西湖区行政服务中心', level: 'DISTRICT', parent: '330106', address: '杭州市西湖区行政服务中心 残联窗口', phone: '0571-12345', hours: '工作日 9:00-17:00' },
]

const ID_CARD = { name: '申请人居民身份证', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: '已领取电子身份证的可出示电子证照' }
const HUKOU = { name: '居民户口簿', form: 'ORIGINAL', count: 1, requirement: 'OPTIONAL', note: '户籍信息可通过人口库共享核验的无需提供' }
const APPLICATION = (title) => ({ name: `${title}申请表`, form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: '窗口现场填写或网上填报' })
const PHOTO = { name: '近期一寸免冠彩色照片', form: 'ORIGINAL', count: 2, requirement: 'REQUIRED', note: null }
const BANK = { name: '本人社会保障卡或银行卡', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '用于发放待遇' }

const ALL = { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'ONLINE' }
const PRE = { counter: true, pc: 'PREREVIEW', mobile: 'PREREVIEW', kiosk: 'NONE' }
const COUNTER = { counter: true, pc: 'NONE', mobile: 'NONE', kiosk: 'NONE' }

export const items = [
  // 医保
  { code: '330106-YB-001', name: '城乡居民基本医疗保险参保登记', dept: 'YB', kind: 'INSTANT', legal: 20, promised: 0, channels: ALL, events: ['BIRTH', 'MEDICAL'], keywords: ['医保', '参保', '新生儿', '一老一小'],
    summary: '具有本区户籍或符合条件的常住人员，参加城乡居民基本医疗保险的登记。',
    materials: [ID_CARD, { name: '新生儿出生医学证明', form: 'ORIGINAL', count: 1, requirement: 'DEFERRABLE', note: '新生儿参保可容缺，3 个月内补交' }, HUKOU] },
  { code: '330106-YB-002', name: '基本医疗保险关系转移接续', dept: 'YB', kind: 'PROMISED', legal: 15, promised: 5, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'PREREVIEW' }, events: ['MEDICAL', 'EMPLOYMENT'], keywords: ['医保', '转移', '跨省'],
    summary: '参保人员跨统筹地区流动就业时，办理基本医疗保险关系的转出与转入。',
    materials: [ID_CARD, { name: '参保凭证', form: 'ORIGINAL_AND_COPY', count: 1, requirement: 'REQUIRED', note: '由转出地医保经办机构出具；可通过国家医保平台在线获取' }] },
  { code: '330106-YB-003', name: '异地就医备案', dept: 'YB', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['MEDICAL'], keywords: ['医保', '异地', '备案', '长期居住'],
    summary: '参保人员因异地长期居住、工作或转诊需在参保地以外就医的，办理备案手续。',
    materials: [ID_CARD, { name: '异地就医备案登记表', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, { name: '异地居住证明或承诺书', form: 'ORIGINAL', count: 1, requirement: 'OPTIONAL', note: '长期居住备案时提供，可以个人承诺代替' }] },
  { code: '330106-YB-004', name: '“一老一小”医疗费用零星报销', dept: 'YB', kind: 'PROMISED', legal: 30, promised: 10, channels: PRE, events: ['MEDICAL', 'BIRTH'], keywords: ['医保', '报销', '一老一小', '零星报销'],
    summary: '参保老年人和未成年人因急诊、异地就医等原因先行垫付的医疗费用，申请零星报销。',
    materials: [ID_CARD, { name: '医疗费用收据', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, { name: '费用明细清单', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, { name: '出院小结或门诊病历', form: 'COPY', count: 1, requirement: 'REQUIRED', note: null }, BANK] },

  // 人社
  { code: '330106-RS-001', name: '社会保障卡挂失', dept: 'RS', kind: 'INSTANT', legal: 1, promised: 0, channels: ALL, events: ['EMPLOYMENT', 'MEDICAL'], keywords: ['社保卡', '挂失', '市民卡'],
    summary: '社会保障卡遗失或被盗时，办理正式挂失，防止被他人冒用。', materials: [ID_CARD] },
  { code: '330106-RS-002', name: '就业登记', dept: 'RS', kind: 'INSTANT', legal: 5, promised: 0, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'NONE' }, events: ['EMPLOYMENT'], keywords: ['就业', '登记', '用工'],
    summary: '劳动者实现就业后，由用人单位或个人办理就业登记。', materials: [ID_CARD, { name: '劳动合同或用工证明', form: 'COPY', count: 1, requirement: 'REQUIRED', note: null }] },
  { code: '330106-RS-003', name: '失业登记', dept: 'RS', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['EMPLOYMENT'], keywords: ['失业', '登记', '失业金'],
    summary: '法定劳动年龄内、有劳动能力和就业要求、处于失业状态的人员办理失业登记。', materials: [ID_CARD, { name: '解除或终止劳动关系证明', form: 'COPY', count: 1, requirement: 'OPTIONAL', note: '单位已网上申报的无需提供' }] },
  { code: '330106-RS-004', name: '灵活就业人员参保登记', dept: 'RS', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['EMPLOYMENT', 'RETIREMENT'], keywords: ['灵活就业', '社保', '参保'],
    summary: '无雇工的个体工商户、非全日制从业人员等灵活就业人员参加职工基本养老保险的登记。', materials: [ID_CARD] },
  { code: '330106-RS-005', name: '城乡居民基本养老保险参保登记', dept: 'RS', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['RETIREMENT'], keywords: ['养老', '参保', '城乡居民'],
    summary: '年满 16 周岁、不符合职工基本养老保险参保条件的城乡居民参保登记。', materials: [ID_CARD, HUKOU] },
  { code: '330106-RS-006', name: '城乡居民养老保险待遇申领', dept: 'RS', kind: 'PROMISED', legal: 20, promised: 5, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'PREREVIEW' }, events: ['RETIREMENT'], keywords: ['养老金', '待遇', '退休'],
    summary: '参保人员达到领取年龄后，申请按月领取城乡居民基本养老保险待遇。', materials: [ID_CARD, BANK, APPLICATION('城乡居民养老保险待遇领取')] },

  // 民政
  { code: '330106-MZ-001', name: '最低生活保障申请', dept: 'MZ', kind: 'PROMISED', legal: 30, promised: 20, channels: { counter: true, pc: 'PREREVIEW', mobile: 'PREREVIEW', kiosk: 'NONE' }, events: ['ASSISTANCE'], keywords: ['低保', '救助', '困难'],
    summary: '共同生活的家庭成员人均收入低于当地最低生活保障标准，且财产符合规定的家庭，申请最低生活保障。',
    materials: [ID_CARD, HUKOU, APPLICATION('最低生活保障'), { name: '家庭经济状况核对授权书', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: '所有共同生活家庭成员签字' }, { name: '收入证明', form: 'ORIGINAL', count: 1, requirement: 'OPTIONAL', note: '有工作单位的家庭成员提供' }] },
  { code: '330106-MZ-002', name: '老年人优待证办理', dept: 'MZ', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['RETIREMENT'], keywords: ['老年证', '优待证', '老人'],
    summary: '年满 60 周岁的本区户籍老年人及符合条件的常住老年人申领老年人优待证。', materials: [ID_CARD, PHOTO] },
  { code: '330106-MZ-003', name: '高龄津贴申领', dept: 'MZ', kind: 'PROMISED', legal: 20, promised: 10, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'NONE' }, events: ['RETIREMENT'], keywords: ['高龄', '津贴', '老人'],
    summary: '年满 80 周岁的本区户籍老年人申领高龄津贴。', materials: [ID_CARD, BANK] },
  { code: '330106-MZ-004', name: '临时救助申请', dept: 'MZ', kind: 'PROMISED', legal: 20, promised: 10, channels: PRE, events: ['ASSISTANCE'], keywords: ['临时救助', '困难', '急难'],
    summary: '因突发事件、意外事故、重大疾病等导致基本生活暂时出现严重困难的家庭或个人申请临时救助。',
    materials: [ID_CARD, APPLICATION('临时救助'), { name: '困难情况证明材料', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '如医疗费用票据、事故证明等' }] },

  // 卫健
  { code: '330106-WJ-001', name: '生育登记', dept: 'WJ', kind: 'INSTANT', legal: 1, promised: 0, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'ONLINE' }, events: ['BIRTH'], keywords: ['生育', '登记', '准生'],
    summary: '夫妻生育子女的，在孕前或孕期办理生育登记。', materials: [{ ...ID_CARD, name: '夫妻双方居民身份证' }, { name: '结婚证', form: 'ORIGINAL', count: 1, requirement: 'OPTIONAL', note: '婚姻信息可共享核验的无需提供' }] },
  { code: '330106-WJ-002', name: '独生子女父母光荣证办理', dept: 'WJ', kind: 'PROMISED', legal: 20, promised: 5, channels: PRE, events: ['BIRTH'], keywords: ['独生子女', '光荣证'],
    summary: '符合条件的独生子女父母申领独生子女父母光荣证。', materials: [{ ...ID_CARD, name: '夫妻双方居民身份证' }, HUKOU, PHOTO] },
  { code: '330106-WJ-003', name: '计划生育家庭特别扶助金申领', dept: 'WJ', kind: 'PROMISED', legal: 30, promised: 20, channels: COUNTER, events: ['ASSISTANCE', 'RETIREMENT'], keywords: ['扶助金', '计划生育', '特扶'],
    summary: '独生子女死亡或伤残、未再生育或收养子女的夫妻，申领计划生育家庭特别扶助金。',
    materials: [ID_CARD, APPLICATION('计划生育家庭特别扶助'), { name: '子女死亡证明或残疾人证', form: 'COPY', count: 1, requirement: 'REQUIRED', note: null }, BANK] },

  // 残联
  { code: '330106-CL-001', name: '残疾人证新办', dept: 'CL', kind: 'PROMISED', legal: 20, promised: 15, channels: { counter: true, pc: 'PREREVIEW', mobile: 'PREREVIEW', kiosk: 'NONE' }, scope: 'LISTED_POINTS', points: ['330106CL01', '330106001'], events: ['DISABILITY'], keywords: ['残疾人证', '残疾评定'],
    summary: '符合残疾标准的本区户籍居民申请办理中华人民共和国残疾人证（第三代）。',
    materials: [ID_CARD, HUKOU, PHOTO, { name: '残疾评定表', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: '到指定医院评残后取得' }] },
  { code: '330106-CL-002', name: '残疾人证挂失补办', dept: 'CL', kind: 'PROMISED', legal: 10, promised: 5, channels: PRE, events: ['DISABILITY'], keywords: ['残疾人证', '补办', '挂失'],
    summary: '残疾人证遗失或损毁的，申请挂失补办。', materials: [ID_CARD, PHOTO] },
  { code: '330106-CL-003', name: '困难残疾人生活补贴申请', dept: 'CL', kind: 'PROMISED', legal: 20, promised: 10, channels: PRE, events: ['DISABILITY', 'ASSISTANCE'], keywords: ['残疾人', '补贴', '两项补贴'],
    summary: '低保、低边家庭中的残疾人申请困难残疾人生活补贴。', materials: [ID_CARD, { name: '残疾人证', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, BANK] },

  // 公安
  { code: '330106-GA-001', name: '居住证申领', dept: 'GA', kind: 'PROMISED', legal: 15, promised: 7, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'PREREVIEW' }, events: ['RESIDENCE'], keywords: ['居住证', '流动人口'],
    summary: '在本区居住半年以上、符合有合法稳定就业、合法稳定住所、连续就读条件之一的公民申领居住证。',
    materials: [ID_CARD, { name: '合法稳定住所、就业或就读证明', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '租房合同、劳动合同或学籍证明等' }, { name: '数字相片回执', form: 'ELECTRONIC', count: 1, requirement: 'REQUIRED', note: '可在照相馆或自助机拍摄' }] },
  { code: '330106-GA-002', name: '居住登记', dept: 'GA', kind: 'INSTANT', legal: 3, promised: 0, channels: ALL, events: ['RESIDENCE'], keywords: ['居住登记', '暂住', '流动人口'],
    summary: '离开常住户口所在地到本区居住的公民，办理居住登记。', materials: [ID_CARD, { name: '住所证明', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '房屋租赁合同或房产证明' }] },
  { code: '330106-GA-003', name: '出生户口登记', dept: 'GA', kind: 'INSTANT', legal: 5, promised: 0, channels: { counter: true, pc: 'PREREVIEW', mobile: 'PREREVIEW', kiosk: 'NONE' }, scope: 'LISTED_POINTS', points: ['330106GA01'], events: ['BIRTH', 'RESIDENCE'], keywords: ['报户口', '新生儿', '出生登记'],
    summary: '新生儿出生后，由监护人办理出生户口登记。',
    materials: [{ name: '出生医学证明', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, { ...ID_CARD, name: '父母双方居民身份证' }, { name: '父母双方居民户口簿', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }, { name: '结婚证', form: 'ORIGINAL', count: 1, requirement: 'OPTIONAL', note: '婚姻信息可共享核验的无需提供' }] },

  // 市场监管
  { code: '330106-SJ-001', name: '个体工商户设立登记', dept: 'SJ', kind: 'INSTANT', legal: 15, promised: 0, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'NONE' }, events: ['EMPLOYMENT'], keywords: ['个体户', '营业执照', '开店'],
    summary: '有经营能力的公民从事工商业经营，申请个体工商户设立登记，领取营业执照。',
    materials: [ID_CARD, APPLICATION('个体工商户登记（备案）'), { name: '经营场所使用证明', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '可用住所（经营场所）申报承诺书代替' }] },
  { code: '330106-SJ-002', name: '个体工商户注销登记', dept: 'SJ', kind: 'INSTANT', legal: 15, promised: 0, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'NONE' }, events: ['EMPLOYMENT'], keywords: ['个体户', '注销'],
    summary: '个体工商户不再从事经营活动的，申请注销登记。', materials: [ID_CARD, APPLICATION('个体工商户注销登记'), { name: '营业执照正、副本', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: '遗失的可作出书面说明' }] },
  { code: '330106-SJ-003', name: '食品经营许可（仅销售预包装食品备案）', dept: 'SJ', kind: 'PROMISED', legal: 20, promised: 3, channels: { counter: true, pc: 'ONLINE', mobile: 'PREREVIEW', kiosk: 'NONE' }, scope: 'LISTED_POINTS', points: ['330106'], events: ['EMPLOYMENT'], keywords: ['食品', '许可', '备案', '小店'],
    summary: '仅销售预包装食品的经营者办理备案。', materials: [ID_CARD, { name: '营业执照', form: 'COPY', count: 1, requirement: 'REQUIRED', note: '可通过电子证照共享获取' }, { name: '仅销售预包装食品备案信息采集表', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }], fee: '不收费', standard: 'DISTRICT_VARIANT' },

  // 退役军人事务
  { code: '330106-TY-001', name: '退役军人优待证申领', dept: 'TY', kind: 'PROMISED', legal: 20, promised: 10, channels: { counter: true, pc: 'ONLINE', mobile: 'ONLINE', kiosk: 'NONE' }, events: ['VETERAN'], keywords: ['优待证', '退役军人'],
    summary: '已在本区进行信息采集的退役军人和其他优抚对象申领优待证。', materials: [ID_CARD, PHOTO] },
  { code: '330106-TY-002', name: '退役士兵自主就业一次性经济补助金给付', dept: 'TY', kind: 'PROMISED', legal: 30, promised: 15, channels: COUNTER, events: ['VETERAN', 'EMPLOYMENT'], keywords: ['退役士兵', '补助金', '自主就业'],
    summary: '选择自主就业的退役士兵申领地方一次性经济补助金。', materials: [ID_CARD, { name: '退役证', form: 'ORIGINAL_AND_COPY', count: 1, requirement: 'REQUIRED', note: null }, BANK] },
  { code: '330106-TY-003', name: '退役军人信息采集', dept: 'TY', kind: 'INSTANT', legal: 5, promised: 0, channels: ALL, events: ['VETERAN'], keywords: ['信息采集', '退役军人'],
    summary: '退役军人到户籍地服务站进行信息采集。', materials: [ID_CARD, { name: '退役证或复员证、转业证', form: 'ORIGINAL', count: 1, requirement: 'REQUIRED', note: null }] },
]

export const staff = [
  { id: '1', username: 'admin', password: 'admin123', name: '系统管理员', roles: ['ADMIN'], servicePoint: '330106', department: null },
  { id: '2', username: 'zhangmin', password: 'zhangmin123', name: '张敏', roles: ['FRONT_DESK', 'ISSUER'], servicePoint: '330106001', department: null },
  { id: '3', username: 'liwei', password: 'liwei123', name: '李伟', roles: ['BACK_OFFICE', 'EXPERT'], servicePoint: '330106', department: 'YB' },
]
