/** H5: open a printable page with the unit's QR code (the browser's print dialog can also save it as PDF). */
export async function saveQrImage(imageUrl: string, unitName: string): Promise<void> {
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(unitName)} 加入二维码</title>
<style>body{font-family:sans-serif;text-align:center;padding:40px}img{width:320px;height:320px}h1{font-size:26px}</style></head>
<body><h1>${esc(unitName)}</h1><p>微信扫码加入本单位</p><img src="${esc(imageUrl)}" alt="二维码" onload="setTimeout(function(){print()},200)">
<p><a href="${esc(imageUrl)}" download="${esc(unitName)}-二维码.png">下载图片</a></p></body></html>`;
  const w = window.open('', '_blank');
  if (w) {
    w.document.write(html);
    w.document.close();
    return Promise.resolve();
  }
  // Pop-ups blocked: download the image instead.
  const a = document.createElement('a');
  a.href = imageUrl;
  a.download = `${unitName}-二维码.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return Promise.resolve();
}
