import { AppError } from '@shared/errors';
import type { PickedFile } from '../../api/upload-types';

export interface PickedSheet extends PickedFile {
  name: string;
}

/** H5: the browser's file chooser (`<input type=file accept=.xlsx>`); null when cancelled. */
export function pickXlsx(): Promise<PickedSheet | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.className = 'r-import-input';
    input.style.display = 'none';
    input.onchange = () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      if (!/\.xlsx$/i.test(file.name))
        return reject(new AppError('IMPORT.NOT_XLSX', '请选择 Excel（.xlsx）文件'));
      resolve({ name: file.name, path: file.name, size: file.size, blob: file });
    };
    document.body.appendChild(input);
    input.click();
  });
}
