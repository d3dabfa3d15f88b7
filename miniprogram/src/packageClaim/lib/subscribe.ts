import Taro from '@tarojs/taro';

/**
 * Ask for the subscribe message the claim's updates are sent with (审核结果、补充材料通知).
 * Must run inside the person's tap; refusing or failing never stops the submission.
 */
export async function requestClaimMessages(tmplIds: string[]): Promise<void> {
  if (!tmplIds.length) return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Parameters<
      typeof Taro.requestSubscribeMessage
    >[0]);
  } catch {
    // Declined, or the template is not configured: the claim is filed all the same.
  }
}
