export default definePageConfig({
  navigationBarTitleText: '费用测算',
});
