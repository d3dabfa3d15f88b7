export default definePageConfig({
  navigationBarTitleText: '职工互助保障',
});
