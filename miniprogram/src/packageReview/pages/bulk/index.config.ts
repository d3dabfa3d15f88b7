export default definePageConfig({
  navigationBarTitleText: '批量通过',
});
