export default definePageConfig({
  navigationBarTitleText: '保单核验',
});
