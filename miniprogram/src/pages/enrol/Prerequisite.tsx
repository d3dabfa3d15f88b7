import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { AppError } from '@shared/errors';
import { PageError } from '../../components/PageState';
import { REGISTER_PAGE, UNITS_PAGE } from '../../routes';

/**
 * The refusals that mean "a step before this one is missing" (not registered, no unit yet) get
 * the way forward instead of a bare error; anything else is the usual error screen with 重试.
 */
export function EnrolBlocked({ error, onRetry }: { error: AppError; onRetry: () => void }) {
  if (error.code === 'USER.NOT_REGISTERED') {
    return (
      <View className="card enrol-blocked">
        <Text className="enrol-blocked__title">请先完成实名登记</Text>
        <Text className="enrol-blocked__text">参保需要核实您的身份，登记只需一分钟。</Text>
        <Button
          className="enrol-blocked__register"
          type="primary"
          block
          onClick={() => void Taro.navigateTo({ url: REGISTER_PAGE })}
        >
          去实名登记
        </Button>
      </View>
    );
  }
  if (error.code === 'ENROLL.NO_UNIT') {
    return (
      <View className="card enrol-blocked">
        <Text className="enrol-blocked__title">{error.message}</Text>
        <Text className="enrol-blocked__text">
          互助保障以单位为单位参保。请用微信“扫一扫”扫描单位工会出示的二维码，立即加入单位；也可以搜索单位名称提交申请，由单位工会审核。
        </Text>
        <Button
          className="enrol-blocked__units"
          type="primary"
          fill="outline"
          block
          onClick={() => void Taro.navigateTo({ url: UNITS_PAGE })}
        >
          搜索单位申请加入
        </Button>
      </View>
    );
  }
  return <PageError message={error.message} onRetry={onRetry} />;
}
