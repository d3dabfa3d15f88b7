export default definePageConfig({
  navigationBarTitleText: '单位二维码',
});
