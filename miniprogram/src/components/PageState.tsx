import { View } from '@tarojs/components';
import { Button, Empty, Loading } from '@nutui/nutui-react-taro';
import './PageState.css';

/** The loading / error / empty screens every page shares, so they look and read the same. */
export function PageLoading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="page-state page-state--loading">
      <Loading type="circular" direction="vertical">
        {text}
      </Loading>
    </View>
  );
}

export function PageError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Empty
      className="page-state page-state--error"
      // Our own glyph: NutUI's default pictures are remote images, which cost a download
      // on every error screen and fail offline.
      image={<View className="page-state__icon page-state__icon--error">!</View>}
      title="加载失败"
      description={message}
    >
      {onRetry ? (
        <Button className="page-state__retry" type="primary" size="normal" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </Empty>
  );
}

export function PageEmpty({ title, description }: { title: string; description?: string }) {
  return (
    <Empty
      className="page-state page-state--empty"
      image={<View className="page-state__icon">i</View>}
      title={title}
      description={description}
    />
  );
}
