/**
 * A one-page A4 PDF of plain text lines, Chinese included, without embedding a font: the text
 * uses Adobe's standard STSong-Light with the UniGB-UCS2-H encoding, which PDF readers (and
 * wx.openDocument) supply themselves. Enough for a form to print and sign.
 */
const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 56;
const SIZE = 11;
const LEADING = 20;

/** Wide characters take a full em, others half: wrap by width. */
function wrap(line: string, maxEm: number): string[] {
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of line) {
    const cw = ch.charCodeAt(0) > 0xff ? 1 : 0.5;
    if (w + cw > maxEm) {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  out.push(cur);
  return out;
}

const ucs2Hex = (s: string) =>
  Array.from(s)
    .map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0'))
    .join('');

export function textPdf(title: string, lines: string[]): Buffer {
  const maxEm = Math.floor((PAGE_W - 2 * MARGIN) / SIZE);
  const ops: string[] = [
    'BT',
    `/F1 16 Tf ${MARGIN} ${PAGE_H - MARGIN} Td <${ucs2Hex(title)}> Tj`,
    `/F1 ${SIZE} Tf`,
  ];
  ops.push(`0 -${LEADING * 2} Td`);
  for (const line of lines)
    for (const part of wrap(line, maxEm)) ops.push(`<${ucs2Hex(part)}> Tj 0 -${LEADING} Td`);
  ops.push('ET');
  const stream = ops.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
