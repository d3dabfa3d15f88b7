import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import './index.css';

interface Section {
  title: string;
  paragraphs: string[];
}

// Plain text, kept with the app so it can be read before signing in (and offline).
const PRIVACY: Section[] = [
  {
    title: '我们收集哪些信息',
    paragraphs: [
      '实名登记时：姓名、身份证号、手机号，以及您自愿填写的工会服务卡号。',
      '参保时：所在单位、参保须知的同意记录、手写签名图片、缴费记录。',
    ],
  },
  {
    title: '用途',
    paragraphs: [
      '仅用于核实您的参保资格、办理参保缴费、出具电子保单和办理互助补助，不用于其他目的。',
      '您所在单位的工会经办人可查看本单位申请人的姓名和身份证号后四位，用于审核入会申请；查看会被记录。',
    ],
  },
  {
    title: '保存与保护',
    paragraphs: [
      '身份证号、手机号加密保存，页面和电子保单上只显示部分号码。',
      '保单核验页面只显示打码后的姓名和保障期间。',
    ],
  },
  {
    title: '您的权利',
    paragraphs: ['您可以查阅、更正您的个人信息；如需更正或注销，请联系所在单位工会或互助保障中心。'],
  },
];

const TERMS: Section[] = [
  {
    title: '服务内容',
    paragraphs: ['本小程序为工会会员提供职工互助保障的实名登记、加入单位、参保缴费、电子保单查询等服务。'],
  },
  {
    title: '您的责任',
    paragraphs: [
      '请如实填写本人信息，不得冒用他人身份；参保声明事项须真实，单位工会将留存证明材料备查。',
      '账号仅限本人使用，请勿将验证码告知他人。',
    ],
  },
  {
    title: '保障责任',
    paragraphs: ['保障范围、补助标准和除外责任以各项目的《参保须知》为准。'],
  },
];

/** 隐私政策 (default) and 用户协议 (`?doc=terms`): readable without signing in. */
export default function Privacy() {
  const { params } = useRouter();
  const terms = params.doc === 'terms';
  const sections = terms ? TERMS : PRIVACY;

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: terms ? '用户协议' : '隐私政策' });
  }, [terms]);

  return (
    <View className="page privacy">
      <Text className="privacy__title">{terms ? '用户协议' : '隐私政策'}</Text>
      {sections.map((s) => (
        <View key={s.title} className="card privacy__section">
          <Text className="privacy__heading">{s.title}</Text>
          {s.paragraphs.map((p) => (
            <Text key={p} className="privacy__text">
              {p}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}
