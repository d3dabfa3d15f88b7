export default definePageConfig({
  navigationBarTitleText: '资金对账',
});
