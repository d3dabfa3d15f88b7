import Taro from '@tarojs/taro';

/** Opens a short-lived download (.xlsx) from the backend: a new tab on H5, the document viewer on WeChat. */
export async function openFile(file: { url: string; fileName: string }): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a');
    a.href = file.url;
    a.download = file.fileName;
    a.target = '_blank';
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const r = await Taro.downloadFile({ url: file.url });
  await Taro.openDocument({ filePath: r.tempFilePath, fileType: 'xlsx', showMenu: true });
}
