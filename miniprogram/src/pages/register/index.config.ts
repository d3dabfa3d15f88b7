export default definePageConfig({
  navigationBarTitleText: '实名登记',
});
