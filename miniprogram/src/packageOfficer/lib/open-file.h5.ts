/** H5: download an exported workbook (its short-lived URL) under its own name. */
export function openExport(file: { url: string; fileName: string }): Promise<void> {
  const a = document.createElement('a');
  a.href = file.url;
  a.download = file.fileName;
  a.target = '_blank';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return Promise.resolve();
}
