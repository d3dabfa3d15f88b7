export default definePageConfig({
  navigationBarTitleText: '补助统计报表',
});
