/**
 * Templates a claim page offers for download, as lines of text (the function renders them as a
 * PDF). Wujin's work-injury death claim needs 法定受益人共同签订的身故补助金领取声明书.
 */
import type { Benefit, Program } from '../program/schema';

export interface TemplateDoc {
  fileName: string;
  title: string;
  lines: string[];
}

const blank = (n: number) => '_'.repeat(n);

export function templateFor(program: Program, benefit: Benefit, materialId: string): TemplateDoc | undefined {
  const m = benefit.materials.find((x) => x.id === materialId && x.template);
  if (!m) return undefined;
  return {
    fileName: `${m.label}.pdf`,
    title: m.label,
    lines: [
      `项目：${program.name}`,
      `致：${program.organiser}`,
      '',
      `参保职工姓名：${blank(12)}  身份证号码：${blank(20)}`,
      `工作单位：${blank(30)}`,
      `认定工伤决定书编号：${blank(24)}  工亡日期：${blank(12)}`,
      '',
      `我们是上述参保职工的全部法定受益人（配偶、子女、父母），现共同声明：同意由${blank(8)}代表全体法定受益人领取该职工的${benefit.name}（工亡），所领款项由法定受益人协商分配；如因领取发生争议，由声明人自行承担，与互助保障中心无关。本声明所填信息及所附材料真实有效。`,
      '',
      '法定受益人（本人签名并按手印）：',
      `1. 姓名${blank(10)} 与职工关系${blank(6)} 身份证号码${blank(20)} 电话${blank(12)}`,
      `2. 姓名${blank(10)} 与职工关系${blank(6)} 身份证号码${blank(20)} 电话${blank(12)}`,
      `3. 姓名${blank(10)} 与职工关系${blank(6)} 身份证号码${blank(20)} 电话${blank(12)}`,
      `4. 姓名${blank(10)} 与职工关系${blank(6)} 身份证号码${blank(20)} 电话${blank(12)}`,
      '',
      `声明日期：${blank(6)}年${blank(4)}月${blank(4)}日`,
      '',
      '填写后由全体法定受益人签名，拍照上传至工伤补助金申请页面。',
    ],
  };
}
