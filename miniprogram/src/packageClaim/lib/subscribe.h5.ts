/** H5 has no subscribe messages: the worker follows the claim on 我的申请. */
export async function requestClaimMessages(_tmplIds: string[]): Promise<void> {
  return Promise.resolve();
}
