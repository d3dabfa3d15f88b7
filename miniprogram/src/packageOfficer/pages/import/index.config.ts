export default definePageConfig({
  navigationBarTitleText: '纸质报名导入',
});
