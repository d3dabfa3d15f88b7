export default definePageConfig({
  navigationBarTitleText: '经办工作台',
});
