import { AppError } from '@shared/errors';

/** An action whose handler is not written yet. */
export const notYet = async (): Promise<never> => {
  throw new AppError('COMMON.UNAVAILABLE', '该功能尚未开放');
};
