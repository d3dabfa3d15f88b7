export default definePageConfig({
  navigationBarTitleText: '补助审核',
  enablePullDownRefresh: false,
});
