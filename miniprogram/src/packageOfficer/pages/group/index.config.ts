export default definePageConfig({
  navigationBarTitleText: '团体参保',
});
