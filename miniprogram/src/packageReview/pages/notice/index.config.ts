export default definePageConfig({
  navigationBarTitleText: '补助发放公示',
});
