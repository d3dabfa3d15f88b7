export default definePageConfig({
  navigationBarTitleText: '目标进度',
});
