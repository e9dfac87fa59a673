import { describe, expect, test } from 'vitest';
import { findAddresses } from '../../src/detectors/address/find.js';
import { divisionLevelOf, findDivisions, isDivisionShortForm } from '../../src/detectors/address/matcher.js';

// All road, estate and village names below are invented; division names are real (reference §8.1).
// `value` is the expected span; its index is where it occurs in `text` (each occurs once).

interface Valid {
  name: string;
  text: string;
  value: string;
  level: 'household' | 'building';
  masked?: boolean;
  hasDivision?: boolean;
}

const VALID: Valid[] = [
  // --- urban, with a division prefix
  { name: 'full urban address', text: '浙江省杭州市西湖区青禾路123号4幢2单元501室', value: '浙江省杭州市西湖区青禾路123号4幢2单元501室', level: 'household', hasDivision: true },
  { name: 'inside a sentence with a label', text: '收货地址：浙江省杭州市西湖区青禾路123号4幢2单元501室，请电联', value: '浙江省杭州市西湖区青禾路123号4幢2单元501室', level: 'household', hasDivision: true },
  { name: 'prefecture + county + road + door', text: '杭州市上城区枫桥西路17号', value: '杭州市上城区枫桥西路17号', level: 'building', hasDivision: true },
  { name: 'province short forms', text: '请寄到浙江杭州西湖区青禾路8号3幢', value: '浙江杭州西湖区青禾路8号3幢', level: 'building', hasDivision: true },
  { name: 'township in the chain', text: '西湖区留下街道青禾路9号', value: '西湖区留下街道青禾路9号', level: 'building', hasDivision: true },
  { name: 'short-form autonomous region', text: '内蒙古呼和浩特市新城区青城大街8号', value: '内蒙古呼和浩特市新城区青城大街8号', level: 'building', hasDivision: true },
  { name: 'spaces between parts', text: '浙江省 杭州市 西湖区 青禾路 123号', value: '浙江省 杭州市 西湖区 青禾路 123号', level: 'building', hasDivision: true },
  { name: 'road named after a city (南京路)', text: '上海市黄浦区南京路100号', value: '上海市黄浦区南京路100号', level: 'building', hasDivision: true },
  { name: '大道 with a direction', text: '广州市天河区松涛大道西88号', value: '广州市天河区松涛大道西88号', level: 'building', hasDivision: true },
  { name: 'road section 一段', text: '四川省成都市锦江区锦鲤路一段88号', value: '四川省成都市锦江区锦鲤路一段88号', level: 'building', hasDivision: true },
  { name: 'Chinese numeral door', text: '重庆市渝中区望江路十二号', value: '重庆市渝中区望江路十二号', level: 'building', hasDivision: true },
  { name: '巷', text: '天津市和平区柳莺巷7号', value: '天津市和平区柳莺巷7号', level: 'building', hasDivision: true },
  { name: 'numbered road (一路 after a name)', text: '广州市越秀区松涛一路12号3栋501', value: '广州市越秀区松涛一路12号3栋501', level: 'household', hasDivision: true },
  { name: 'numbered road without a division', text: '住址：青禾二路5号', value: '青禾二路5号', level: 'building' },
  { name: 'division with a cue character (无为市)', text: '安徽省芜湖市无为市柳莺路18号', value: '安徽省芜湖市无为市柳莺路18号', level: 'building', hasDivision: true },
  { name: 'division with a cue character after a label', text: '地址：天津市和平区柳莺巷7号', value: '天津市和平区柳莺巷7号', level: 'building', hasDivision: true },
  { name: '号之一', text: '江苏省苏州市姑苏区明镜路12号之一', value: '江苏省苏州市姑苏区明镜路12号之一', level: 'building', hasDivision: true },
  { name: 'door + estate + floor + room', text: '江苏省南京市鼓楼区银杏大街5号星汉大厦12楼1205室', value: '江苏省南京市鼓楼区银杏大街5号星汉大厦12楼1205室', level: 'household', hasDivision: true },
  { name: 'door + building-unit-room shorthand', text: '河北省石家庄市长安区松风路33号4-1-602', value: '河北省石家庄市长安区松风路33号4-1-602', level: 'household', hasDivision: true },
  { name: 'estate with letter block and room', text: '广东省深圳市南山区云帆苑A座1502室', value: '广东省深圳市南山区云帆苑A座1502室', level: 'household', hasDivision: true },
  // --- Shanghai lanes, Beijing hutongs and compounds
  { name: 'Shanghai 弄 + 号 + room', text: '上海市长宁区松涛路123弄45号601室', value: '上海市长宁区松涛路123弄45号601室', level: 'household', hasDivision: true },
  { name: 'Shanghai 弄 + 号', text: '上海市徐汇区桂香路155弄2号', value: '上海市徐汇区桂香路155弄2号', level: 'building', hasDivision: true },
  { name: 'Beijing 胡同', text: '北京市东城区杏花胡同12号', value: '北京市东城区杏花胡同12号', level: 'building', hasDivision: true },
  { name: 'Beijing 号院 + 号楼 + unit + bare room', text: '北京市朝阳区晓光里5号院3号楼2单元301', value: '北京市朝阳区晓光里5号院3号楼2单元301', level: 'household', hasDivision: true },
  // --- without a division prefix
  { name: 'road after a cue word', text: '我住在青禾路88号', value: '青禾路88号', level: 'building' },
  { name: 'road + door + bare room', text: '青禾路123号501', value: '青禾路123号501', level: 'household' },
  { name: 'estate building unit room', text: '翠竹小区12栋3单元1203室', value: '翠竹小区12栋3单元1203室', level: 'household' },
  { name: 'estate shorthand', text: '锦绣花园3-2-501', value: '锦绣花园3-2-501', level: 'household' },
  { name: 'estate phase + bare room', text: '星河湾二期5栋1单元2003，', value: '星河湾二期5栋1单元2003', level: 'household' },
  { name: 'apartment block + room', text: '翠湖苑A座1502室', value: '翠湖苑A座1502室', level: 'household' },
  { name: '公路 with a long number', text: '梅林公路1234号', value: '梅林公路1234号', level: 'building' },
  // --- rural
  { name: 'rural 村组号 with Chinese numerals', text: '湖南省长沙市长沙县黄花镇桃源村三组十二号', value: '湖南省长沙市长沙县黄花镇桃源村三组十二号', level: 'household', hasDivision: true },
  { name: 'rural 村组号', text: '石竹村3组12号', value: '石竹村3组12号', level: 'household' },
  { name: 'rural 村民小组', text: '桂花村第三村民小组15号', value: '桂花村第三村民小组15号', level: 'household' },
  { name: 'village door without group', text: '王家坳村25号', value: '王家坳村25号', level: 'building' },
  { name: '新村 group + door', text: '阳光新村3组5号', value: '阳光新村3组5号', level: 'household' },
  // --- masked
  { name: 'masked after a district', text: '北京市海淀区****', value: '北京市海淀区****', level: 'building', masked: true, hasDivision: true },
  { name: 'masked after a district, then 号', text: '住址：北京市朝阳区****号。', value: '北京市朝阳区****号', level: 'building', masked: true, hasDivision: true },
  { name: 'masked door number', text: '浙江省杭州市西湖区青禾路***号', value: '浙江省杭州市西湖区青禾路***号', level: 'building', masked: true, hasDivision: true },
  { name: 'masked estate name', text: '***小区3栋', value: '***小区3栋', level: 'building', masked: true },
  { name: 'masked room stays building-level', text: '杭州市西湖区翠竹小区3栋2单元***室', value: '杭州市西湖区翠竹小区3栋2单元***室', level: 'building', masked: true, hasDivision: true },
  { name: 'masked tail after a road', text: '福建省厦门市思明区鹭羽路****', value: '福建省厦门市思明区鹭羽路****', level: 'building', masked: true, hasDivision: true },
  { name: 'xx road name', text: '厦门市思明区xx路12号', value: '厦门市思明区xx路12号', level: 'building', masked: true, hasDivision: true },
  { name: 'masked rest after the door number', text: '地址 青禾路12号***，', value: '青禾路12号***', level: 'building', masked: true },
  { name: 'masked rest after the unit', text: '浙江省杭州市西湖区青禾路12号4幢2单元****', value: '浙江省杭州市西湖区青禾路12号4幢2单元****', level: 'building', masked: true, hasDivision: true },
  { name: 'one-character estate suffix after a division', text: '杭州市西湖区翠苑12号', value: '杭州市西湖区翠苑12号', level: 'building', hasDivision: true },
  { name: 'masked estate with visible room', text: '南京市玄武区＊＊花园2幢1单元302室', value: '南京市玄武区＊＊花园2幢1单元302室', level: 'household', masked: true, hasDivision: true },
];

const INVALID: Array<{ text: string; reason: string }> = [
  { text: '北京市海淀区', reason: 'bare divisions' },
  { text: '浙江省杭州市西湖区', reason: 'bare divisions' },
  { text: '北京市海淀区，联系电话', reason: 'bare divisions in a sentence' },
  { text: '西溪街道', reason: 'township only' },
  { text: '某某社区', reason: 'community only' },
  { text: '杭州市西湖区西溪街道某某社区', reason: 'township and community without door number' },
  { text: '湖南省长沙县黄花镇桃源村三组', reason: 'village group without door number' },
  { text: '阳光小区', reason: 'estate without building' },
  { text: '3号楼', reason: 'building number alone' },
  { text: '3号楼2单元501室', reason: 'building, unit and room without an estate or road' },
  { text: '地铁1号线', reason: 'metro line' },
  { text: '乘坐地铁2号线到人民广场站', reason: 'metro line and a square' },
  { text: '3月5号', reason: 'date' },
  { text: '本月15号发工资', reason: 'date' },
  { text: '第1号', reason: 'ordinal' },
  { text: '第3号文件', reason: 'ordinal' },
  { text: '美的空调3号机', reason: 'product' },
  { text: '小米路由器AX3000', reason: 'product' },
  { text: '长城汽车哈弗H6 2023款', reason: 'product' },
  { text: '阳光花园3室2厅出售', reason: 'flat layout in a listing, not a room number' },
  { text: '我知道3号楼在哪', reason: '知道 is not a road' },
  { text: '这里5号有活动', reason: '这里 is not a road' },
  { text: '频道5号', reason: '频道 is not a road' },
  { text: '一路走来5号', reason: '一路 is not a road' },
  { text: '一路5号', reason: 'no name before the numbered road' },
  { text: '会议室3号', reason: 'meeting room' },
  { text: '杭州**科技有限公司', reason: 'masked company name' },
  { text: '浙江**大学', reason: 'masked organisation' },
  { text: '公交106路3号站', reason: 'bus route and stop' },
  { text: '人民路地铁站3号口', reason: 'station exit' },
  { text: '在人民路上走了3公里', reason: 'no door number' },
  { text: '10-12-2023', reason: 'date shaped like a shorthand' },
  { text: '12-3-501', reason: 'shorthand without an estate or road' },
  { text: '他住在杭州', reason: 'city only' },
  { text: '长城5号', reason: 'one-character suffix 城 with a number: a name, not a villa' },
  { text: '迪士尼乐园2号门', reason: 'gate of a park' },
  { text: '人民广场3号出口', reason: 'station exit' },
  { text: '这条路三号开通', reason: '条路 is not a road name' },
  { text: '办公大楼3楼', reason: 'a floor alone' },
];

describe('findAddresses: valid', () => {
  test.each(VALID)('$name: $text', ({ text, value, level, masked = false, hasDivision = false }) => {
    const found = findAddresses(text);
    expect(found).toHaveLength(1);
    const [m] = found;
    expect(text.indexOf(value)).toBeGreaterThanOrEqual(0);
    expect({ index: m.index, length: m.length, value: m.value, level: m.level, masked: m.masked, hasDivision: m.hasDivision }).toEqual({
      index: text.indexOf(value),
      length: value.length,
      value,
      level,
      masked,
      hasDivision,
    });
  });
});

describe('findAddresses: not addresses', () => {
  test.each(INVALID)('$text ($reason)', ({ text }) => {
    expect(findAddresses(text)).toEqual([]);
  });
});

describe('findAddresses: lines', () => {
  test('two addresses on one line, left to right', () => {
    const found = findAddresses('甲：青禾路1号；乙：枫桥路2号3栋');
    expect(found.map((m) => [m.index, m.value, m.level])).toEqual([
      [2, '青禾路1号', 'building'],
      [10, '枫桥路2号3栋', 'building'],
    ]);
  });

  test('value is the slice at index/length', () => {
    const line = '订单 #42 寄往 浙江省杭州市西湖区青禾路123号4幢2单元501室 (张先生)';
    for (const m of findAddresses(line)) expect(line.slice(m.index, m.index + m.length)).toBe(m.value);
  });

  test('a phone number right after the door is not a room', () => {
    expect(findAddresses('青禾路123号13800138000').map((m) => [m.value, m.level])).toEqual([['青禾路123号', 'building']]);
  });

  test('empty and plain ASCII lines', () => {
    expect(findAddresses('')).toEqual([]);
    expect(findAddresses('GET /api/v1/users?id=42 HTTP/1.1')).toEqual([]);
  });
});

describe('findDivisions', () => {
  test('levels, longest match, left to right', () => {
    const text = '浙江省杭州市西湖区西溪街道';
    expect(findDivisions(text).map((d) => [text.slice(d.index, d.index + d.length), d.level])).toEqual([
      ['浙江省', 'province'],
      ['杭州市', 'prefecture'],
      ['西湖区', 'county'],
      ['西溪街道', 'township'],
    ]);
  });

  test('short forms of provinces and prefectures', () => {
    const text = '浙江杭州';
    expect(findDivisions(text).map((d) => [d.index, d.length, d.level])).toEqual([
      [0, 2, 'province'],
      [2, 2, 'prefecture'],
    ]);
    expect(isDivisionShortForm('杭州')).toBe(true);
    expect(isDivisionShortForm('杭州市')).toBe(false);
    expect(divisionLevelOf('延边')).toBe('prefecture'); // 延边朝鲜族自治州
    expect(divisionLevelOf('广西')).toBe('province'); // 广西壮族自治区
  });

  test('ambiguous short forms are left out, full names kept', () => {
    expect(divisionLevelOf('吉林')).toBeUndefined(); // 吉林省 and 吉林市
    expect(divisionLevelOf('吉林省')).toBe('province');
    expect(divisionLevelOf('吉林市')).toBe('prefecture');
  });

  test('a range of the text, offsets relative to the whole text', () => {
    const text = 'xx北京市海淀区yy';
    expect(findDivisions(text, 2, 8)).toEqual([
      { index: 2, length: 3, level: 'province' },
      { index: 5, length: 3, level: 'county' },
    ]);
  });
});

describe('speed (informational)', () => {
  test('5 MB of generated Chinese text', () => {
    const common =
      '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双易';
    const inserts = VALID.map((v) => v.value);
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const lines: string[] = [];
    let bytes = 0;
    let inserted = 0;
    while (bytes < 5_000_000) {
      let line = '';
      for (let i = 0; i < 80; i++) line += common[Math.floor(rnd() * common.length)];
      if (rnd() < 0.2) {
        line += '，' + inserts[Math.floor(rnd() * inserts.length)] + '。';
        inserted++;
      }
      lines.push(line);
      bytes += Buffer.byteLength(line, 'utf8') + 1;
    }
    const mb = bytes / 1e6;
    const time = (f: () => number) => {
      f(); // warm up (also builds the matcher)
      const t0 = performance.now();
      const n = f();
      return { n, mbps: mb / ((performance.now() - t0) / 1000) };
    };
    const divs = time(() => lines.reduce((n, l) => n + findDivisions(l).length, 0));
    const addrs = time(() => lines.reduce((n, l) => n + findAddresses(l).length, 0));
    console.log(
      `address speed on ${mb.toFixed(1)} MB (UTF-8) of generated Chinese text, ${lines.length} lines: ` +
        `findDivisions ${divs.mbps.toFixed(0)} MB/s (${divs.n} names), findAddresses ${addrs.mbps.toFixed(0)} MB/s ` +
        `(${addrs.n} addresses, ${inserted} inserted)`,
    );
    expect(addrs.n).toBeGreaterThanOrEqual(inserted);
  });
});
