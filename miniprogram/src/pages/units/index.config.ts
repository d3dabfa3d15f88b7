export default definePageConfig({
  navigationBarTitleText: '查找单位',
});
