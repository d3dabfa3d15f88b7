export default definePageConfig({
  navigationBarTitleText: '电子保单',
});
